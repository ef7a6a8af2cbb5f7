import { api, CairnError } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { queryString, routeUrl } from './url.js';

describe('routeUrl', () => {
  it('encodes path parameters and appends the query', () => {
    const url = routeUrl('http://h:1/', api.runs.get, { params: { workspace: 'ws', runId: 'a b/c?' } });
    expect(url).toBe('http://h:1/api/v1/workspaces/ws/runs/a%20b%2Fc%3F');
  });

  it('keeps the slashes of a {path+} parameter and encodes each segment', () => {
    const url = routeUrl('http://h', api.files.download, { params: { workspace: 'w', runId: 'r', path: 'outputs/my model#1.pkl' } });
    expect(url).toBe('http://h/api/v1/workspaces/w/runs/r/files/outputs/my%20model%231.pkl');
  });

  it('refuses dot segments that a URL parser would silently resolve', () => {
    const build = () => routeUrl('http://h', api.files.download, { params: { workspace: 'w', runId: 'r', path: 'a/../b' } });
    expect(build).toThrow(CairnError);
    expect(build).toThrow(/"\.\."/);
  });

  it('names a missing path parameter', () => {
    expect(() => routeUrl('http://h', api.runs.get, { params: { workspace: 'w' } })).toThrow('missing path parameter "runId"');
  });

  it('leaves undefined and null query values out', () => {
    expect(queryString({ a: 1, b: undefined, c: null, d: 'x y', e: true })).toBe('a=1&d=x+y&e=true');
    expect(routeUrl('http://h', api.workspaces.list, { query: {} })).toBe('http://h/api/v1/workspaces');
  });
});
