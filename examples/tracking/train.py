"""Quickstart: an Azure ML v1-style tracking script that runs on Cairn unchanged.

Fits y = 2x + 1 by gradient descent in pure Python (no third-party packages) and tracks it:
a loss per epoch, a list, a table, tags, a property, an output file and two child runs.

    PYTHONPATH=python python3 examples/tracking/train.py    # server from CAIRN_URL/CAIRN_TOKEN or ~/.cairn/config.json

Started by the runner (``cairn run submit-script``) the same script logs to its submitted run instead.
"""
import json
import os
import random

from azureml.core import Experiment, Run, Workspace

EPOCHS = 60
LEARNING_RATE = 0.3


def make_data(count=50, seed=0):
    """Points on y = 2x + 1 with a little noise."""
    rng = random.Random(seed)
    xs = [rng.uniform(-1.0, 1.0) for _ in range(count)]
    return xs, [2.0 * x + 1.0 + rng.gauss(0.0, 0.05) for x in xs]


def mse(w, b, xs, ys):
    return sum((w * x + b - y) ** 2 for x, y in zip(xs, ys)) / len(xs)


def train(run, xs, ys):
    """Gradient descent on the mean squared error, logging as it goes."""
    w, b = 0.0, 0.0
    for epoch in range(EPOCHS):
        grad_w = sum(2 * (w * x + b - y) * x for x, y in zip(xs, ys)) / len(xs)
        grad_b = sum(2 * (w * x + b - y) for x, y in zip(xs, ys)) / len(xs)
        w, b = w - LEARNING_RATE * grad_w, b - LEARNING_RATE * grad_b
        loss = mse(w, b, xs, ys)
        run.log("loss", loss, step=epoch)
        if epoch % 10 == 0:
            run.log_row("parameters", epoch=epoch, w=w, b=b)
    return w, b


def start_run():
    """The submitted run when the runner started us; otherwise an interactive run in 'quickstart'."""
    run = Run.get_context()
    if not run.id.startswith("OfflineRun_"):
        return run
    workspace = Workspace.from_config()
    return Experiment(workspace, "quickstart").start_logging(display_name="fit a line", snapshot_directory=None)


def main():
    run = start_run()
    run.set_tags({"model": "linear", "data": "synthetic"})
    run.tag("quickstart")
    run.add_properties({"learning_rate": str(LEARNING_RATE), "epochs": str(EPOCHS)})

    xs, ys = make_data()
    w, b = train(run, xs, ys)
    run.log("w", w)
    run.log("b", b)
    run.log_list("residuals", [round(w * x + b - y, 4) for x, y in zip(xs[:10], ys[:10])])

    outputs = os.environ.get("AZUREML_OUTPUT_DIRECTORY", "outputs")
    os.makedirs(outputs, exist_ok=True)
    model_path = os.path.join(outputs, "model.json")
    with open(model_path, "w") as handle:
        json.dump({"w": w, "b": b}, handle)
    run.upload_file("outputs/model.json", model_path)

    # Two child runs, one per half of the data, each scoring the fitted line on its half.
    for child in run.create_children(count=2):
        half = int(child.get_tags()["azureml.batch_child_number"])
        part = slice(0, len(xs) // 2) if half == 0 else slice(len(xs) // 2, None)
        child.log("half_mse", mse(w, b, xs[part], ys[part]))
        child.complete()

    run.complete()
    print("run %s: w=%.3f b=%.3f final loss=%.5f" % (run.id, w, b, mse(w, b, xs, ys)))


if __name__ == "__main__":
    main()
