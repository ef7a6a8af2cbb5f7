/** Entry scripts and a trained model for tests, written into a temporary folder. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReplicaSpec } from '../replica.js';

/** Debian's Python, with numpy, sklearn and joblib. */
export const PYTHON = '/usr/bin/python3';

/** The v1-style diabetes scoring script (the example's, so the example is tested too). */
export const SKLEARN_SCORE = `
import json, os, joblib, numpy as np
model = None
def init():
    global model
    model = joblib.load(os.path.join(os.getenv("AZUREML_MODEL_DIR"), "model.pkl"))
def run(raw_data):
    data = np.array(json.loads(raw_data)["data"])
    return model.predict(data).tolist()
`;

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
