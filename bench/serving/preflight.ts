/** The serving suite's outside tools: missing ones fail the suite at once, naming the Debian packages. */
import { spawnSync } from 'node:child_process';
import { PYTHON } from '../../packages/serving/src/test-support/scripts.js';

const CHECKS: { what: string; debian: string; command: [string, ...string[]] }[] = [
  { what: 'wrk', debian: 'wrk', command: ['wrk', '--version'] },
  { what: 'gunicorn', debian: 'gunicorn', command: ['gunicorn', '--version'] },
  { what: `Flask for ${PYTHON}`, debian: 'python3-flask', command: [PYTHON, '-c', 'import flask'] },
  { what: `scikit-learn and joblib for ${PYTHON}`, debian: 'python3-sklearn python3-joblib', command: [PYTHON, '-c', 'import sklearn, joblib'] },
];

/** Throws, listing every missing tool and `apt-get install …` for them; never skips a case silently. */
export function requireServingTools(): void {
  // A program is missing when it cannot be started (wrk --version exits 1 even when present);
  // a Python module when the import fails.
  const missing = CHECKS.filter(({ command: [file, ...args] }) => {
    const result = spawnSync(file, args, { stdio: 'ignore' });
    return result.error !== undefined || (file === PYTHON && result.status !== 0);
  });
  if (missing.length === 0) return;
  const packages = missing.map((m) => m.debian).join(' ');
  throw new Error(`the serving benchmark needs ${missing.map((m) => m.what).join(', ')}: install them with \`apt-get install ${packages}\``);
}
