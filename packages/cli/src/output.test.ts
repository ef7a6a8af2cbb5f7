import type { Run, Series } from '@cairn/api';
import { describe, expect, it } from 'vitest';
import { experimentTable } from './commands/experiment.js';
import { latestTable, numbers, seriesTable } from './commands/run-metrics-show.js';
import { runFields, runTable } from './commands/run-show.js';
import { formatRoles } from './commands/token.js';
import { workspaceTable } from './commands/workspace.js';
import { toJson } from './output.js';
import { renderFields, renderTable } from './table.js';

const now = Date.UTC(2026, 0, 15, 12, 0, 0);

const run: Run = {
  id: 'run-1', workspace: 'default', experiment: 'mnist', number: 1, displayName: 'baseline', description: '', type: 'cairn.run',
  status: 'Completed', statusReason: null, parentRunId: null, rootRunId: 'run-1', computeTarget: 'local', createdBy: 'owner',
  createdAt: now - 3_600_000, startedAt: now - 3_590_000, endedAt: now - 3_500_000, durationSeconds: 83,
  tags: { team: 'vision' }, properties: {}, error: null,
};

describe('tables', () => {
  it('have a header row, aligned columns, no borders or colour codes', () => {
    expect(renderTable(['ID', 'STATUS'], [['a', 'Running'], ['long-id', 'Completed']])).toBe('ID       STATUS\na        Running\nlong-id  Completed\n');
    expect(renderFields([['id', 'a'], ['status', 'Running']])).toBe('id:      a\nstatus:  Running\n');
  });

  it('show runs with humanised times and durations', () => {
    const text = runTable([run], now);
    expect(text.split('\n')[0]).toMatch(/^RUN ID\s+EXPERIMENT\s+NAME\s+STATUS\s+CREATED\s+DURATION$/);
    expect(text.split('\n')[1]).toMatch(/^run-1\s+mnist\s+baseline\s+Completed\s+1h ago\s+1m23s$/);
    expect(runFields(run, now)).toMatch(/tags:\s+team=vision/);
  });

  it('mark the current workspace and show experiments', () => {
    const text = workspaceTable([{ name: 'default', description: '', createdAt: now }, { name: 'team', description: 'vision', createdAt: now }], 'team', now);
    expect(text).toMatch(/^\s+default\s+-/m);
    expect(text).toMatch(/^\* team\s+vision/m);
    expect(experimentTable([{ name: 'mnist', createdAt: now, runCount: 3, lastRunAt: null }], now)).toMatch(/^mnist\s+3\s+-\s+just now$/m);
  });

  it('show the latest metric values, and a series as points', () => {
    const latest = latestTable([{ name: 'loss', kind: 'scalar', columns: null, count: 10, latest: { step: 9, timestamp: now, value: 0.25 } }], undefined, now);
    expect(latest).toMatch(/^loss\s+scalar\s+10\s+0\.25\s+9\s+just now$/m);
    const series: Series = {
      name: 'loss', kind: 'scalar', columns: null, count: 3, downsampled: false,
      points: { step: [0, 1, 2], timestamp: [now, now, now], value: [1, 'NaN', 0.5] },
    };
    expect(seriesTable(series)).toMatch(/^1\s+2026-01-15T12:00:00\.000Z\s+NaN$/m);
    expect(numbers(series)).toEqual([1, 0.5]);
  });

  it('show roles of tokens', () => {
    expect(formatRoles([{ role: 'Reader', workspace: 'default' }, { role: 'Owner', workspace: null }])).toBe('Reader on default, Owner on all workspaces');
  });
});

describe('json output', () => {
  it('is the data itself, indented, with one trailing newline', () => {
    const text = toJson({ items: [run], nextCursor: 'abc' });
    expect(JSON.parse(text)).toEqual({ items: [run], nextCursor: 'abc' });
    expect(text.endsWith('}\n')).toBe(true);
  });
});
