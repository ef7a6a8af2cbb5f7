/** The rules a run file path follows, so that every path unpacks safely on any machine. */
import { InputError } from '@cairn/api';

/** Longest path, as in Azure ML v1 (artifact path ≤ 5,000 characters). */
export const MAX_PATH_LENGTH = 5000;

const rules: { broken: (path: string) => boolean; rule: string }[] = [
  { broken: (p) => p.length === 0, rule: 'must not be empty' },
  { broken: (p) => p.length > MAX_PATH_LENGTH, rule: `must be at most ${MAX_PATH_LENGTH} characters` },
  { broken: (p) => p.includes('\0'), rule: 'must not contain NUL characters' },
  { broken: (p) => p.includes('\\'), rule: 'separates folders with /, never with backslashes' },
  { broken: (p) => p.startsWith('/') || /^[A-Za-z]:/.test(p), rule: 'must be relative (no leading / and no drive letter)' },
  { broken: (p) => p.split('/').includes('..'), rule: 'must not contain .. segments' },
  { broken: (p) => p.split('/').some((s) => s === '' || s === '.'), rule: 'must not contain empty or . segments (no //, ./ or trailing /)' },
];

/** Throws INVALID_INPUT naming the first rule a run file path breaks. */
export function checkRunFilePath(path: string): void {
  const broken = rules.find((r) => r.broken(path));
  if (!broken) return;
  const shown = path.length > 200 ? `${JSON.stringify(path.slice(0, 200))}…` : JSON.stringify(path);
  throw new InputError('INVALID_INPUT', `invalid file path ${shown}: a run file path ${broken.rule}`, { path: path.slice(0, 200), rule: broken.rule });
}
