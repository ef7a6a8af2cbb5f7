"""Properties are write-once: a changed value surfaces as a CairnError with the server's code."""
import json

from azureml.core import Run
from cairn import CairnError

run = Run.get_context()
run.add_properties({"lr": "0.1", "optimizer": "adam"})
run.add_properties({"lr": "0.1"})  # the same value again is fine
try:
    run.add_properties({"lr": "0.2"})
except CairnError as error:
    print(json.dumps({"code": error.code, "status": error.status, "message": error.message}))
else:
    raise SystemExit("changing a property was not refused")
run.tag("team", "vision")
run.set_tags({"stage": "dev", "drop": "me"})
run.remove_tags(["drop"])
assert run.get_tags() == {"team": "vision", "stage": "dev"}, run.get_tags()
assert run.get_properties() == {"lr": "0.1", "optimizer": "adam"}, run.get_properties()
