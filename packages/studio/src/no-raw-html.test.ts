/** A guard beside the XSS e2e tests: no studio source renders markup from strings. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('.', import.meta.url));
const sources = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
  e.isDirectory() ? (e.name === 'e2e' ? [] : sources(join(dir, e.name))) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [join(dir, e.name)] : []);

describe('studio sources', () => {
  it('never set markup from strings (dangerouslySetInnerHTML, innerHTML, outerHTML, insertAdjacentHTML, document.write)', () => {
    const files = sources(root);
    expect(files.length).toBeGreaterThan(20);
    const offending = files.filter((f) => /dangerouslySetInnerHTML|\.innerHTML|\.outerHTML|insertAdjacentHTML|document\.write/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  });
});
