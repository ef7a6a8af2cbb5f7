"""``azureml.core.run``: v1's Run over ``cairn.Run``."""
import os
import threading

import cairn
from cairn.config import run_environment

from ..exceptions import RunEnvironmentException
from ._compat import iso_utc, user_errors
from ._metrics import run_metrics

_contexts = {}
_contexts_lock = threading.Lock()


class Run(cairn.Run):
    """A run, as v1 scripts use it: ``Run.get_context()``, ``run.log(...)``, ``run.get_metrics()``, ..."""

    def __init__(self, experiment, run_id, outputs=None, **kwargs):
        workspace = experiment.workspace
        data = workspace._client.get_run(workspace.name, run_id)
        cairn.Run.__init__(self, workspace._client, workspace.name, run_id, data)
        self._ws = workspace
        self._outputs = outputs

    @classmethod
    def _wrap(cls, workspace, data, submitted=False):
        run = cls._from_data(workspace._client, workspace.name, data, submitted)
        run._ws = workspace
        return run

    @classmethod
    def _start(cls, workspace, experiment_name, **fields):
        run = cls.create(workspace._client, workspace.name, experiment_name, **fields)
        run._ws = workspace
        return run

    def _related(self, data):
        return Run._wrap(self._workspace_object(), data)

    def _workspace_object(self):
        if getattr(self, "_ws", None) is None:
            from .workspace import Workspace

            self._ws = Workspace._attach(self._client, self._workspace)
        return self._ws

    @property
    def input_datasets(self):
        """Dataset inputs of a submitted run by name: the folder the runner downloaded or linked each into."""
        return _data_paths("CAIRN_INPUT_DATASETS")

    @property
    def output_datasets(self):
        """Output folders of a submitted run by name; the runner uploads them after the script completes."""
        return _data_paths("CAIRN_OUTPUT_DATASETS")

    @classmethod
    def get_context(cls, allow_offline=True, used_for_context_manager=False, **kwargs):
        """The run this script belongs to (a per-process singleton), or an offline run outside one."""
        found = run_environment()
        if found is None:
            if not allow_offline:
                raise RunEnvironmentException(
                    "Could not load a submitted run, if outside of an execution context, use "
                    "experiment.start_logging to initialize an azureml.core.Run."
                )
            from ._offline import _OfflineRun

            return _OfflineRun()
        key = (found.url, found.workspace, found.run_id, found.token)
        with _contexts_lock:
            if key not in _contexts:
                _contexts[key] = Run.from_env()
            return _contexts[key]

    @staticmethod
    def get(workspace, run_id):
        """The run with this id in a workspace."""
        return Run._wrap(workspace, workspace._client.get_run(workspace.name, run_id))

    # what v1 exposes as attributes

    @property
    def experiment(self):
        """The run's Experiment."""
        from .experiment import Experiment

        return Experiment(self._workspace_object(), self.experiment_name, _create_in_cloud=False)

    @property
    def parent(self):
        """The parent Run, or None."""
        return self.get_parent()

    @property
    def name(self):
        """v1's legacy run name: the display name."""
        return self.display_name

    @property
    def status(self):
        """The status last read (see ``get_status`` for a fresh one)."""
        return self.details()["status"]

    @property
    def type(self):
        """The run type."""
        return self.details()["type"]

    @property
    def tags(self):
        """The tags last read (see ``get_tags`` for fresh ones)."""
        return dict(self.details()["tags"])

    @property
    def properties(self):
        """The properties last read (see ``get_properties`` for fresh ones)."""
        return dict(self.details()["properties"])

    # v1 signatures and error types

    def register_model(self, model_name, model_path=None, tags=None, properties=None, model_framework=None,
                       model_framework_version=None, description=None, datasets=None, sample_input_dataset=None,
                       sample_output_dataset=None, resource_configuration=None, **kwargs):
        """Registers a run path (file or folder, default: the model name) as a Model version."""
        from .model import Model, _v1_errors

        with _v1_errors():
            data = cairn.Run.register_model(self, model_name, model_path, tags, properties, model_framework,
                                            model_framework_version, description, datasets)
        return Model(self._workspace_object(), id=data["id"])

    def log(self, name, value, description="", step=None):
        """Logs a scalar; lists are refused with v1's message."""
        with user_errors():
            cairn.Run.log(self, name, value, description, step)

    def log_list(self, name, value, description=""):
        """Logs a list of scalars."""
        with user_errors():
            cairn.Run.log_list(self, name, value, description)

    def log_row(self, name, description=None, **kwargs):
        """Logs one table row, one scalar per keyword."""
        with user_errors():
            cairn.Run.log_row(self, name, description, **kwargs)

    def log_table(self, name, value, description=""):
        """Logs a dict of equally long columns."""
        with user_errors():
            cairn.Run.log_table(self, name, value, description)

    def log_image(self, name, path=None, plot=None, description=""):
        """Uploads an image (file or plot) and logs its path."""
        with user_errors():
            cairn.Run.log_image(self, name, path, plot, description)

    def upload_file(self, name, path_or_stream, datastore_name=None):
        """Uploads a file or binary stream as run file `name`."""
        with user_errors():
            return cairn.Run.upload_file(self, name, path_or_stream)

    def upload_folder(self, name, path, datastore_name=None):
        """Uploads a folder as ``name/<relative path>``."""
        with user_errors():
            return cairn.Run.upload_folder(self, name, path)

    def download_files(self, prefix=None, output_directory=None, output_paths=None, batch_size=100,
                       append_prefix=True, timeout_seconds=None):
        """Downloads the run files under a prefix."""
        with user_errors():
            return cairn.Run.download_files(self, prefix, output_directory, output_paths, append_prefix)

    def create_children(self, count=None, tag_key=None, tag_values=None):
        """Creates up to 100 running children in one call."""
        with user_errors():
            return cairn.Run.create_children(self, count, tag_key, tag_values)

    def get_children(self, recursive=False, tags=None, properties=None, type=None, status=None, _rehydrate_runs=True):
        """Yields the child runs (every descendant with `recursive`), filtered like v1."""
        for child in cairn.Run.get_children(self, recursive):
            if _matches(child.details(), tags, properties, type, status):
                yield child

    def get_metrics(self, name=None, recursive=False, run_type=None, populate=False):
        """Metrics in v1's shapes; with `recursive`, ``{run_id: {name: value}}`` for this run and its descendants."""
        if not recursive:
            return run_metrics(self, name)
        runs = [self] + list(self.get_children(recursive=True))
        return {run.id: run_metrics(run, name) for run in runs if run_type is None or run.type == run_type}

    def get_secret(self, name):
        """A vault secret the run configuration grants (``secrets: [...]``); each read is recorded on the run."""
        found = run_environment()
        # Secrets belong to the submitted run: children read them through their root's grant.
        run_id = found.run_id if found and found.submitted else self.id
        with user_errors():
            return self._client.get_run_secret(self._workspace, run_id, name)

    def get_secrets(self, secrets):
        """Several granted secrets at once, as ``{name: value}``."""
        return {name: self.get_secret(name) for name in secrets}

    def get_details(self):
        """The run in v1's ``RunDetails`` keys (runId, status, startTimeUtc, endTimeUtc, properties, ...)."""
        data = self.details(refresh=True)
        details = {
            "runId": data["id"], "displayName": data["displayName"], "target": data["computeTarget"],
            "status": data["status"], "startTimeUtc": iso_utc(data["startedAt"]), "endTimeUtc": iso_utc(data["endedAt"]),
            "properties": dict(data["properties"]), "tags": dict(data["tags"]), "inputDatasets": [],
            "outputDatasets": [], "runDefinition": {}, "logFiles": {}, "submittedBy": data["createdBy"],
        }
        if data.get("description"):
            details["description"] = data["description"]
        if data.get("error"):
            details["error"] = {"error": data["error"]}
        return {k: v for k, v in details.items() if v is not None}

    def get_status(self):
        """The status, refreshed unless already final."""
        return cairn.Run.get_status(self)

    def __repr__(self):
        data = self._data or {}
        return "Run(Experiment: %s,\nId: %s,\nType: %s,\nStatus: %s)" % (
            data.get("experiment") or getattr(self, "_env_experiment", None), self.id, data.get("type"), data.get("status"))


def _matches(data, tags, properties, run_type, status):
    if run_type is not None and data.get("type") != run_type:
        return False
    if status is not None and data.get("status") != status:
        return False
    return _has(data.get("tags") or {}, tags) and _has(data.get("properties") or {}, properties)


def _has(values, wanted):
    """v1's filter: a key, a list of keys, or ``{key: value}``."""
    if wanted is None:
        return True
    if isinstance(wanted, str):
        return wanted in values
    if isinstance(wanted, dict):
        return all(k in values and (v is None or values[k] == str(v)) for k, v in wanted.items())
    return all(k in values for k in wanted)


# v1 scripts write ``from azureml.core.run import _OfflineRun``; it subclasses Run, so it is imported last.
from ._offline import _OfflineRun  # noqa: E402  (defined after Run, which it subclasses)

OfflineRun = _OfflineRun
__all__ = ["Run", "_OfflineRun", "OfflineRun"]


def _data_paths(variable):
    """The runner hands data paths over as JSON in an environment variable (issue 7)."""
    import json

    return {name: entry["path"] for name, entry in json.loads(os.environ.get(variable) or "{}").items()}
