"""The v1 model registry calls a training script and a scoring script make, in one run; prints what it saw as JSON."""
import json
import os
import pickle
import tempfile

from azureml.core import Model, Run
from azureml.core.model import ModelNotFoundException
from azureml.exceptions import UserErrorException

seen = {}
run = Run.get_context()
ws = run.experiment.workspace

# Training writes outputs/ locally; registering before the run ends uploads the path first.
os.makedirs("outputs", exist_ok=True)
with open("outputs/model.pkl", "wb") as handle:
    pickle.dump({"coef": [1.5, 2.0]}, handle)
model = run.register_model("py-sk", model_path="outputs/model.pkl", tags={"stage": "dev"}, properties={"auc": 0.91},
                           model_framework=Model.Framework.SCIKITLEARN, model_framework_version="1.2", datasets=[("training", "diabetes:1")])
seen["from_run"] = {"id": model.id, "run_id": model.run_id, "framework": model.model_framework, "tags": model.tags,
                    "properties": model.properties, "experiment": model.experiment_name, "datasets": model.datasets}

local = tempfile.mkdtemp()
os.makedirs(os.path.join(local, "net", "layers"))
with open(os.path.join(local, "net", "config.json"), "w") as handle:
    handle.write('{"depth": 2}')
with open(os.path.join(local, "net", "layers", "w.bin"), "wb") as handle:
    handle.write(b"\x07" * 3000)
first = Model.register(ws, model_path=os.path.join(local, "net"), model_name="py-net", tags={"team": "a"}, description="a net")
second = Model.register(ws, model_path=os.path.join(local, "net"), model_name="py-net", tags={"team": "b"})
seen["registered"] = [first.id, second.id, first.description]
seen["list_name"] = [m.id for m in Model.list(ws, name="py-net")]
seen["list_tag"] = [m.id for m in Model.list(ws, tags=[["team", "a"]])]
seen["list_latest"] = [m.id for m in Model.list(ws, latest=True) if m.name.startswith("py-")]
seen["list_run"] = [m.id for m in Model.list(ws, run_id=run.id)]
seen["by_version"] = Model(ws, "py-net", version=1).id
seen["newest"] = Model(ws, "py-net").version
seen["by_id"] = Model(ws, id="py-sk:1").name

target = tempfile.mkdtemp()
path = first.download(target_dir=target)
seen["download"] = {"path": os.path.relpath(path, target), "files": sorted(os.listdir(os.path.join(path, "layers")))}
try:
    first.download(target_dir=target)
    seen["download_again"] = "no error"
except UserErrorException as error:
    seen["download_again"] = str(error)

# Inside a run, get_model_path downloads once to the cache.
cached = Model.get_model_path("py-sk")
with open(cached, "rb") as handle:
    seen["cached"] = {"name": os.path.basename(cached), "model": pickle.load(handle)}
seen["cached_folder"] = os.path.basename(Model.get_model_path("py-net", version=1))

# Inside a deployment, AZUREML_MODEL_DIR is the version folder (one model) or holds <name>/<version>/ (several).
deployed = tempfile.mkdtemp()
first.download(target_dir=os.path.join(deployed, "py-net", "1"))
os.environ["AZUREML_MODEL_DIR"] = deployed
seen["deployed_multi"] = os.path.relpath(Model.get_model_path("py-net"), deployed)
os.environ["AZUREML_MODEL_DIR"] = os.path.join(deployed, "py-net", "1")
seen["deployed_single"] = os.path.relpath(Model.get_model_path("py-net"), deployed)
del os.environ["AZUREML_MODEL_DIR"]

second.add_tags({"gold": "yes"})
second.remove_tags(["team"])
second.add_properties({"owner": "ml"})
try:
    second.add_properties({"owner": "someone else"})
except Exception as error:  # noqa: BLE001 - the code is what is checked
    seen["property_clash"] = getattr(error, "code", type(error).__name__)
second.update(description="better")
fresh = Model(ws, "py-net", version=2)
seen["changed"] = {"tags": fresh.tags, "properties": fresh.properties, "description": fresh.description}
second.delete()
seen["after_delete"] = [m.id for m in Model.list(ws, name="py-net")]

for bad in (lambda: Model.register(ws, model_path=os.path.join(local, "net"), model_name="-bad"),
            lambda: Model.register(ws, model_path=os.path.join(local, "nope"), model_name="ok"),
            lambda: Model.list(ws, page_count=5)):
    try:
        bad()
    except UserErrorException as error:
        seen.setdefault("user_errors", []).append(str(error)[:40])
try:
    Model(ws, "py-net", version=9)
except ModelNotFoundException as error:
    seen["not_found"] = "ModelNotFound" in str(error)
run.complete()
print(json.dumps(seen))
