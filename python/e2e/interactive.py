"""An interactive run: Workspace from env, start_logging, complete; a with-block that fails; cancel."""
import json

from azureml.core import Experiment, Workspace

ws = Workspace.from_config()
experiment = Experiment(ws, "py-interactive")
run = experiment.start_logging(display_name="manual", snapshot_directory=None)
assert run.get_status() == "Running"
run.log("accuracy", 0.9)
run.display_name = "renamed"
run.complete()

failed_id = None
try:
    with experiment.start_logging() as failing:
        failed_id = failing.id
        failing.log("loss", 1.0)
        raise ValueError("diverged")
except ValueError:
    pass

canceled = experiment.start_logging()
canceled.cancel()

listed = sorted(r.id for r in experiment.get_runs())
assert Workspace.get("default").get_run(run.id).display_name == "renamed"

vault = ws.get_default_keyvault()
vault.set_secret("py-e2e-secret", "s3cret")
names_with = vault.list_secrets()
vault.delete_secret("py-e2e-secret")
assert "py-e2e-secret" in names_with and "py-e2e-secret" not in vault.list_secrets(), names_with
print(json.dumps({"completed": run.id, "failed": failed_id, "canceled": canceled.id, "listed": listed,
                  "details": run.get_details()}))
