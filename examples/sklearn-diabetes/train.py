"""Ridge regression on scikit-learn's diabetes data, written as an Azure ML v1 training script.

It fits one model per alpha, logs each alpha and its error to the run, and writes each model to
./outputs, which the runner uploads when the script ends. Submit it with its folder as the snapshot:

    cairn run submit-script train.py --source-dir examples/sklearn-diabetes -e diabetes -- --alphas 0.1 0.5 1.0

Uses Debian's python3-sklearn (``apt-get install python3-sklearn``); nothing from PyPI.
"""
import argparse
import os

import joblib
from azureml.core import Run
from sklearn.linear_model import Ridge

from diabetes_data import load_split, mean_squared_error_of

parser = argparse.ArgumentParser()
parser.add_argument("--alphas", type=float, nargs="+", default=[0.0, 0.1, 0.3, 0.5, 1.0])
parser.add_argument("--test-size", type=float, default=0.2)
args = parser.parse_args()

run = Run.get_context()
x_train, x_test, y_train, y_test = load_split(args.test_size)
print(f"diabetes data: {len(x_train)} training rows, {len(x_test)} test rows", flush=True)
run.log("test_size", args.test_size)

os.makedirs("outputs", exist_ok=True)
best = None
for alpha in args.alphas:
    model = Ridge(alpha=alpha).fit(x_train, y_train)
    mse = mean_squared_error_of(model, x_test, y_test)
    run.log("alpha", alpha)
    run.log("mse", mse)
    run.log_row("mse by alpha", alpha=alpha, mse=mse)
    path = os.path.join("outputs", f"ridge_{alpha}.pkl")
    joblib.dump(value=model, filename=path)
    print(f"alpha={alpha}: mse={mse:.1f} -> {path}", flush=True)
    if best is None or mse < best[1]:
        best = (alpha, mse)

run.tag("best_alpha", str(best[0]))
run.log("best_mse", best[1])
print(f"best alpha {best[0]} (mse {best[1]:.1f})", flush=True)
run.complete()
