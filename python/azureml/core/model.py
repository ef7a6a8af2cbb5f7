"""``azureml.core.model``: v1's Model over Cairn's model registry."""
import os

from cairn import models as registry
from cairn.config import run_environment
from cairn.errors import CairnError

from ..exceptions import UserErrorException
from ._compat import iso_utc, user_errors

# Where models fetched by get_model_path inside a run are kept: <cache>/<workspace>/<name>/<version>/.
_CACHE_VARIABLE = "CAIRN_MODEL_CACHE"


class ModelNotFoundException(UserErrorException):
    """No model by that name (and version) in the workspace or on this machine."""


class Model:
    """A registered model version: ``Model(ws, "name")`` is the newest, ``Model(ws, "name", version=3)`` one version."""

    class Framework:
        """v1's ``Model.Framework`` names."""
        CUSTOM = "Custom"
        TENSORFLOW = "TensorFlow"
        SCIKITLEARN = "ScikitLearn"
        ONNX = "Onnx"
        TFKERAS = "TfKeras"
        PYTORCH = "PyTorch"
        MULTI = "Multi"

    def __init__(self, workspace, name=None, id=None, tags=None, properties=None, version=None, run_id=None,
                 model_framework=None, expand=True, **kwargs):
        self._ws = workspace
        if id is not None:
            name, _, version = id.rpartition(":")
        if not name:
            raise UserErrorException("Model needs a name or an id (name:version)")
        with _v1_errors():
            if version is None and (tags or properties or run_id or model_framework):
                found = next(registry.iter_models(workspace._client, workspace.name, name=name, tags=tags, properties=properties,
                                                  run_id=run_id, framework=model_framework), None)
                if found is None:
                    raise ModelNotFoundException("ModelNotFound: no version of model %s matches the filters" % name)
                version = found["version"]
            ref = name if version is None else "%s:%s" % (name, version)
            self._data = registry.get(workspace._client, workspace.name, ref)

    @classmethod
    def _wrap(cls, workspace, data):
        model = cls.__new__(cls)
        model._ws = workspace
        model._data = data
        return model

    # registering and finding

    @staticmethod
    def register(workspace, model_path, model_name, tags=None, properties=None, description=None, datasets=None,
                 model_framework=None, model_framework_version=None, child_paths=None, sample_input_dataset=None,
                 sample_output_dataset=None, resource_configuration=None):
        """Uploads a local file or folder (only bytes the workspace lacks) and registers the next version."""
        print("Registering model %s" % model_name)
        with _v1_errors():
            data = registry.register_local(
                workspace._client, workspace.name, model_path, child_paths, name=model_name, framework=model_framework,
                framework_version=model_framework_version, description=description, tags=tags, properties=properties,
                datasets=datasets)
            return Model._wrap(workspace, registry.get(workspace._client, workspace.name, data["id"]))

    @staticmethod
    def list(workspace, name=None, tags=None, properties=None, run_id=None, latest=False, dataset_id=None, expand=True,
             page_count=255, model_framework=None):
        """Versions matching every filter; tags and properties items are ``'key'`` or ``['key', 'value']``."""
        if not 20 <= page_count <= 255:
            raise UserErrorException("page_count must be between 20 and 255, got %s" % page_count)
        with _v1_errors():
            found = registry.iter_models(workspace._client, workspace.name, name=name, tags=tags, properties=properties,
                                         run_id=run_id, latest=latest, framework=model_framework)
            return [Model._wrap(workspace, item) for item in found]

    @staticmethod
    def get_model_path(model_name, version=None, _workspace=None):
        """The local path of a model's file or folder.

        In a deployment: under ``AZUREML_MODEL_DIR``. In a run (or with `_workspace`): downloaded once to a
        cache. Otherwise ``./<model_name>`` if it exists."""
        deployed = os.environ.get("AZUREML_MODEL_DIR")
        if deployed:
            return _deployed_path(deployed, model_name, version)
        workspace = _workspace or _run_workspace()
        if workspace is not None:
            return _cached_path(workspace, model_name, version)
        local = os.path.join(os.getcwd(), model_name)
        if os.path.exists(local):
            return local
        raise ModelNotFoundException("Model %s not found in the local cache, AZUREML_MODEL_DIR or %s" % (model_name, os.getcwd()))

    # v1 fields

    @property
    def workspace(self):
        """The Workspace the model is in."""
        return self._ws

    id = property(lambda self: self._data["id"], doc="``name:version``.")
    name = property(lambda self: self._data["name"], doc="The model name.")
    version = property(lambda self: self._data["version"], doc="The version, from 1.")
    description = property(lambda self: self._data["description"], doc="The description.")
    run_id = property(lambda self: self._data["runId"], doc="The run it was registered from, or None.")
    experiment_name = property(lambda self: self._data["experiment"], doc="That run's experiment, or None.")
    model_framework = property(lambda self: self._data["framework"], doc="A ``Model.Framework`` name.")
    model_framework_version = property(lambda self: self._data["frameworkVersion"], doc="The framework version, or None.")
    created_by = property(lambda self: self._data["createdBy"], doc="Who registered it.")
    created_time = property(lambda self: iso_utc(self._data["createdAt"]), doc="When, as v1's UTC timestamp.")

    @property
    def tags(self):
        """The tags."""
        return dict(self._data["tags"])

    @property
    def properties(self):
        """The properties (add-only)."""
        return dict(self._data["properties"])

    @property
    def datasets(self):
        """Dataset references by scenario, as v1 groups them."""
        return {"training": list(self._data["datasets"])} if self._data["datasets"] else {}

    @property
    def url(self):
        """Where the model's files are served."""
        return "%s/workspaces/%s/models/%s/versions/%s/files" % (self._ws._client.transport.base, self._ws.name, self.name, self.version)

    @property
    def run(self):
        """The Run it was registered from, or None."""
        return None if self.run_id is None else self._ws.get_run(self.run_id)

    # changes

    def download(self, target_dir=".", exist_ok=False, exists_ok=None):
        """Downloads the files into `target_dir`; returns the path of the file or folder."""
        if exists_ok is not None:
            exist_ok = exists_ok
        with _v1_errors():
            return registry.download(self._ws._client, self._ws.name, self._detail(), target_dir, exist_ok)

    def update(self, tags=None, description=None, sample_input_dataset=None, sample_output_dataset=None, resource_configuration=None):
        """Replaces the tags (when given) and the description (when given)."""
        remove = [key for key in self.tags if tags is not None and key not in tags]
        self._change(description=description, set_tags=tags, remove_tags=remove)

    def update_tags_properties(self, add_tags=None, remove_tags=None, add_properties=None):
        """Adds and removes tags and adds properties in one call."""
        self._change(set_tags=add_tags, remove_tags=remove_tags, add_properties=add_properties)

    def add_tags(self, tags):
        """Adds or changes tags."""
        self._change(set_tags=tags)

    def remove_tags(self, tags):
        """Removes tags by key."""
        self._change(remove_tags=tags)

    def add_properties(self, properties):
        """Adds properties; changing one raises PROPERTY_IMMUTABLE."""
        self._change(add_properties=properties)

    def delete(self):
        """Deletes this version; refused (MODEL_IN_USE) while an active deployment serves it."""
        with _v1_errors():
            registry.delete(self._ws._client, self._ws.name, self.name, self.version)

    def serialize(self):
        """The model as a dict (the API's JSON)."""
        return dict(self._data)

    @staticmethod
    def deserialize(workspace, model_payload):
        """A Model from ``serialize()``'s dict."""
        return Model._wrap(workspace, dict(model_payload))

    def _change(self, **change):
        with _v1_errors():
            data = registry.update(self._ws._client, self._ws.name, self.name, self.version, **change)
            self._data.update(data)

    def _detail(self):
        if "files" not in self._data:
            self._data = registry.get(self._ws._client, self._ws.name, self.id)
        return self._data

    def __repr__(self):
        return "Model(workspace=%s, name=%s, id=%s, version=%s, tags=%s, properties=%s)" % (
            self._ws.name, self.name, self.id, self.version, self.tags, self.properties)


class _v1_errors:
    """Client validation errors become UserErrorException; MODEL_NOT_FOUND becomes ModelNotFoundException."""

    def __enter__(self):
        self._inner = user_errors()
        self._inner.__enter__()

    def __exit__(self, kind, error, tb):
        if isinstance(error, CairnError) and getattr(error, "code", None) == "MODEL_NOT_FOUND":
            raise ModelNotFoundException("ModelNotFound: %s" % error.message) from error
        return self._inner.__exit__(kind, error, tb)


def _single_entry(version_dir):
    """v1: a single-file (or single-folder) model is returned as that file or folder, else the version folder."""
    entries = sorted(os.listdir(version_dir))
    return os.path.join(version_dir, entries[0]) if len(entries) == 1 else version_dir


def _deployed_path(model_dir, name, version):
    """``AZUREML_MODEL_DIR`` is the version folder for one model, or holds ``<name>/<version>/`` for several."""
    named = os.path.join(model_dir, name)
    if not os.path.isdir(named):
        return _single_entry(model_dir)
    versions = sorted((v for v in os.listdir(named) if v.isdigit()), key=int)
    chosen = str(version) if version is not None else (versions[-1] if versions else None)
    if chosen is None or not os.path.isdir(os.path.join(named, chosen)):
        raise ModelNotFoundException("Model %s version %s not found under %s" % (name, version, model_dir))
    return _single_entry(os.path.join(named, chosen))


def _run_workspace():
    """The workspace of the run this process belongs to, if any."""
    found = run_environment()
    if found is None:
        return None
    from .run import Run

    return Run.get_context()._workspace_object()


def _cached_path(workspace, name, version):
    """Downloads a version once into the model cache (a marker file says it is whole) and returns its path."""
    with _v1_errors():
        detail = registry.get(workspace._client, workspace.name, name if version is None else "%s:%s" % (name, version))
    cache = os.environ.get(_CACHE_VARIABLE) or os.path.join(os.path.expanduser("~"), ".cairn", "cache", "models")
    version_dir = os.path.join(cache, workspace.name, detail["name"], str(detail["version"]))
    marker = os.path.join(version_dir, ".complete")
    if not os.path.exists(marker):
        registry.download(workspace._client, workspace.name, detail, version_dir, exist_ok=True)
        open(marker, "w").close()
    return os.path.join(version_dir, detail["files"][0]["path"].split("/")[0])
