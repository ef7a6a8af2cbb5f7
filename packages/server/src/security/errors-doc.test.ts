import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { errorCodes } from '@cairn/api';

const DOC = 'docs/errors.md';
const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');

interface Row { code: string; status: number; meaning: string; todo: string }

// Rows look like: | `CODE` | 404 | meaning | what to do |
function documentedRows(): Row[] {
  return doc.split('\n').flatMap((line) => {
    const match = /^\|\s*`([A-Z_]+)`\s*\|\s*(\d{3})\s*\|(.*)\|(.*)\|\s*$/.exec(line);
    return match ? [{ code: match[1]!, status: Number(match[2]), meaning: match[3]!.trim(), todo: match[4]!.trim() }] : [];
  });
}

describe(`${DOC}`, () => {
  const rows = documentedRows();
  const documented = rows.map((r) => r.code);
  const declared = Object.keys(errorCodes);

  it('documents every error code the API declares', () => {
    const missing = declared.filter((code) => !documented.includes(code));
    expect(missing, `add a row to ${DOC} for: ${missing.join(', ')} (code, HTTP status, meaning, what to do)`).toEqual([]);
  });

  it('documents no code the API does not declare', () => {
    const stale = documented.filter((code) => !declared.includes(code));
    expect(stale, `remove from ${DOC}, or declare in packages/api/src/errors.ts: ${stale.join(', ')}`).toEqual([]);
  });

  it('lists each code once, with the status the server answers and both explanations', () => {
    expect(documented.filter((code, i) => documented.indexOf(code) !== i), `codes listed twice in ${DOC}`).toEqual([]);
    const wrong = rows.filter((r) => r.code in errorCodes && errorCodes[r.code as keyof typeof errorCodes].status !== r.status);
    expect(wrong.map((r) => `${r.code}: ${DOC} says ${r.status}`), 'statuses that differ from packages/api/src/errors.ts').toEqual([]);
    expect(rows.filter((r) => !r.meaning || !r.todo).map((r) => r.code), 'rows without a meaning or a what-to-do').toEqual([]);
  });
});
