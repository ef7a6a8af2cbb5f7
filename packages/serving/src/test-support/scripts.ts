/** Entry scripts and a trained model for tests, written into a temporary folder. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ReplicaSpec } from '../replica.js';

/** Debian's Python, with numpy, sklearn and joblib. */
export const PYTHON = '/usr/bin/python3';

/** The example's v1-style diabetes scoring script, so the example is what the tests serve. */
export const SKLEARN_SCORE = readFileSync(fileURLToPath(new URL('../../../../examples/sklearn-diabetes/score.py', import.meta.url)), 'utf8');

/** Trains a tiny Ridge on 10 features and saves it with joblib in `dir/model.pkl`. */
export function trainRidge(dir: string): void {
  mkdirSync(dir, { recursive: true });
  execFileSync(PYTHON, ['-c', `
import joblib, numpy as np
from sklearn.linear_model import Ridge
rng = np.random.default_rng(0)
X = rng.normal(size=(50, 10)); y = X @ np.arange(10) + 3
joblib.dump(Ridge(alpha=1e-6).fit(X, y), ${JSON.stringify(join(dir, 'model.pkl'))})
`]);
}

/** A temporary source folder with `score.py` holding `script`, and a spec for it. */
export function scriptSpec(script: string, modelDir?: string): ReplicaSpec {
  const root = mkdtempSync(join(tmpdir(), 'cairn-serving-'));
  const sourceDir = join(root, 'src');
  mkdirSync(sourceDir);
  writeFileSync(join(sourceDir, 'score.py'), script);
  return { python: PYTHON, entryScript: join(sourceDir, 'score.py'), sourceDir, modelDir: modelDir ?? join(root, 'models'), env: { PATH: process.env.PATH ?? '/usr/bin:/bin' } };
}
