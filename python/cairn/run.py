"""A run on a Cairn server: buffered metric logging, tags, properties, files, children and status."""
import os
import sys
import tempfile
import time
import traceback

from .batcher import MetricBatcher
from .client import CairnClient
from .config import run_environment
from . import models
from .errors import CairnError, ValidationError
from .points import check_image_args, image_point, list_points, row_point, scalar_point, table_points
from .run_files import RunFiles
from .wire import cell_from_wire

TERMINAL_STATUSES = ("Completed", "Failed", "Canceled")
MAX_CHILDREN = 100
WHOLE_SERIES_LIMIT = 100000  # the server's series read returns at most this many points unless streamed


class Run(RunFiles):
    """One run. Logging calls return at once; a background thread stores the points (see ``flush``).

    A run the runner started (``submitted``) keeps its status owned by the runner: ``complete()`` and
    ``fail()`` then only flush, as in Azure ML v1.
    """

    def __init__(self, client, workspace, run_id, data=None, submitted=False):
        self._client = client
        self._workspace = workspace
        self._id = run_id
        self._data = data
        self._submitted = submitted
        self._batcher = MetricBatcher(self._send_batch, label="run " + run_id)
        self._outputs = None

    @classmethod
    def _from_data(cls, client, workspace, data, submitted=False):
        run = cls.__new__(cls)
        Run.__init__(run, client, workspace, data["id"], data, submitted)
        return run

    @classmethod
    def create(cls, client, workspace, experiment, display_name=None, run_id=None, parent_run_id=None,
               tags=None, properties=None, description=None, outputs=None):
        """Starts an interactive run (status ``Running``), creating the experiment on first use."""
        data = client.create_run(
            workspace, experiment, id=run_id, displayName=display_name, parentRunId=parent_run_id,
            status="Running", tags=_strings(tags), properties=_strings(properties), description=description,
        )
        run = cls._from_data(client, workspace, data)
        run._outputs = outputs
        return run

    @classmethod
    def from_env(cls, env=None):
        """The run this process belongs to, from ``CAIRN_*`` / ``AZUREML_*`` variables; None outside a run."""
        found = run_environment(env)
        if found is None:
            return None
        run = cls.__new__(cls)
        Run.__init__(run, CairnClient(found.url, found.token), found.workspace, found.run_id, None, found.submitted)
        run._env_experiment = found.experiment
        return run

    def _related(self, data):
        """A run object of the same class for a parent or child."""
        return type(self)._from_data(self._client, self._workspace, data)

    # identity

    @property
    def id(self):
        """The run id."""
        return self._id

    @property
    def client(self):
        """The CairnClient this run talks through."""
        return self._client

    @property
    def workspace_name(self):
        """The workspace name."""
        return self._workspace

    @property
    def submitted(self):
        """Whether the runner started this run (and so owns its status)."""
        return self._submitted

    def details(self, refresh=False):
        """The run as the server describes it (fetched once, again with `refresh`)."""
        if self._data is None or refresh:
            self._data = self._client.get_run(self._workspace, self._id)
        return self._data

    @property
    def experiment_name(self):
        """The experiment's name."""
        known = getattr(self, "_env_experiment", None)
        return known or self.details()["experiment"]

    @property
    def number(self):
        """The run's number within its experiment."""
        return self.details()["number"]

    @property
    def display_name(self):
        """The display name; settable."""
        return self.details()["displayName"]

    @display_name.setter
    def display_name(self, value):
        self._data = self._client.update_run(self._workspace, self._id, displayName=value)

    @property
    def parent_run_id(self):
        """The parent's id, or None for a top-level run."""
        return self.details()["parentRunId"]

    def get_parent(self):
        """The parent run, or None."""
        parent_id = self.parent_run_id
        return self._related(self._client.get_run(self._workspace, parent_id)) if parent_id else None

    # metrics

    def _queue(self, points):
        self._batcher.add(points)

    def _send_batch(self, key, points):
        self._client.log_metrics(self._workspace, self._id, key, points, retry=False)

    def log(self, name, value, description="", step=None):
        """Logs a scalar (int, float, bool, str or None); repeated calls append to the series."""
        self._queue([scalar_point(name, value, description, step)])

    def log_list(self, name, value, description=""):
        """Logs a list of scalars, one point per element."""
        self._queue(list_points(name, value, description))

    def log_row(self, name, description=None, **kwargs):
        """Logs one table row; each keyword is a column holding one scalar."""
        self._queue([row_point(name, kwargs, description)])

    def log_table(self, name, value, description=""):
        """Logs a table given as a dict of equally long columns, one point per row."""
        self._queue(table_points(name, value, description))

    def log_image(self, name, path=None, plot=None, description=""):
        """Uploads an image file (or saves a matplotlib-like `plot`) as a run file and logs its path.

        Run files are write-once: when the path already holds another image (the same file logged
        again each epoch), this one is stored beside it under a time-stamped name."""
        check_image_args(path, plot)
        if path is not None:
            file_path = self._upload_image(_artifact_name(path), path)
        else:
            handle, local = tempfile.mkstemp(suffix=".png")
            os.close(handle)
            try:
                plot.savefig(local, format="png")
                file_path = self._upload_image("%s_%d.png" % (name, int(time.time())), local)
            finally:
                os.remove(local)
        self._queue([image_point(name, file_path, description)])

    def _upload_image(self, file_path, local):
        try:
            self.upload_file(file_path, local)
            return file_path
        except CairnError as error:
            if error.code != "FILE_EXISTS":
                raise
        stem, extension = os.path.splitext(file_path)
        unique = "%s_%d%s" % (stem, int(time.time() * 1000), extension)
        self.upload_file(unique, local)
        return unique

    def flush(self, timeout_seconds=300):
        """Blocks until every point logged so far is stored; raises FlushTimeoutError after the timeout."""
        self._batcher.flush(timeout_seconds)

    def metric_summaries(self):
        """Each metric's name, kind, columns, count and latest value."""
        return self._client.list_metrics(self._workspace, self._id)

    def metric_series(self, name, summary=None):
        """A whole series: ``{name, kind, columns, step, timestamp}`` and ``value`` (a list) or ``table``
        (column -> list) for table metrics; "NaN" and "Infinity" come back as floats.

        `summary` (from ``metric_summaries``) lets a long series be streamed without a first read."""
        if summary is not None and summary.get("count", 0) > WHOLE_SERIES_LIMIT:
            series = {"name": name, "kind": summary["kind"], "columns": summary.get("columns")}
            points = _concat_blocks(self._client.iter_series_blocks(self._workspace, self._id, name))
        else:
            series = self._client.get_series(self._workspace, self._id, name)
            points = series["points"]
            if series.get("downsampled") or len(points["timestamp"]) < series.get("count", 0):
                points = _concat_blocks(self._client.iter_series_blocks(self._workspace, self._id, name))
        out = {"name": series["name"], "kind": series["kind"], "columns": series.get("columns"),
               "step": points["step"], "timestamp": points["timestamp"]}
        if points.get("columns") is not None:
            out["table"] = {c: [cell_from_wire(v) for v in vs] for c, vs in points["columns"].items()}
        else:
            out["value"] = [cell_from_wire(v) for v in points.get("value") or []]
        return out

    # tags and properties

    def tag(self, key, value=None):
        """Sets one tag (a valueless tag when `value` is None)."""
        self.set_tags({key: value})

    def set_tags(self, tags):
        """Merges tags; keys not named are left as they are."""
        merged = self._client.set_tags(self._workspace, self._id, set=_strings(tags))
        self._cache("tags", merged)

    def remove_tags(self, keys):
        """Removes tags by key."""
        merged = self._client.set_tags(self._workspace, self._id, remove=list(keys))
        self._cache("tags", merged)

    def get_tags(self):
        """The run's tags, fresh from the server."""
        return dict(self.details(refresh=True)["tags"])

    def add_properties(self, properties):
        """Adds write-once properties; a key that already has another value raises PROPERTY_IMMUTABLE."""
        if not properties:
            return
        merged = self._client.add_properties(self._workspace, self._id, _strings(properties))
        self._cache("properties", merged)

    def get_properties(self):
        """The run's properties, fresh from the server."""
        return dict(self.details(refresh=True)["properties"])

    def _cache(self, key, value):
        if self._data is not None:
            self._data[key] = value

    # models

    def register_model(self, model_name, model_path=None, tags=None, properties=None, model_framework=None,
                       model_framework_version=None, description=None, datasets=None, **kwargs):
        """Registers run path `model_path` (default: the model name) as the next version of `model_name`.

        The run's stored files are referenced, not copied. A path still only on local disk (``outputs/``
        written but not yet uploaded, as happens before a run ends) is uploaded to the run first."""
        path = _clean_model_path(model_path or model_name)
        fields = dict(name=model_name, framework=model_framework, framework_version=model_framework_version,
                      description=description, tags=tags, properties=properties, datasets=datasets)
        try:
            return models.register_from_run(self._client, self._workspace, self._id, path, **fields)
        except CairnError as error:
            if error.code != "MODEL_FILES_MISSING" or not self._upload_local_model(path):
                raise
        return models.register_from_run(self._client, self._workspace, self._id, path, **fields)

    def _upload_local_model(self, path):
        """Uploads a model path that exists only locally (relative to the working directory); whether it did."""
        local = os.path.join(os.getcwd(), *path.split("/"))
        if os.path.isfile(local):
            self.upload_file(path, local)
        elif os.path.isdir(local):
            self.upload_folder(path, local, skip_existing=True)
        else:
            return False
        return True

    # children

    def child_run(self, name=None, run_id=None, outputs=None):
        """Creates and starts one child run."""
        data = self._client.create_run(
            self._workspace, self.experiment_name, id=run_id, displayName=name, parentRunId=self._id, status="Running"
        )
        child = self._related(data)
        child._outputs = outputs
        return child

    def create_children(self, count=None, tag_key=None, tag_values=None):
        """Creates up to 100 running children in one call: `count` of them, or one per value of `tag_key`."""
        check_children_args(count, tag_key, tag_values)
        items = self._client.create_children(self._workspace, self._id, count, tag_key,
                                             None if tag_values is None else [str(v) for v in tag_values])
        return [self._related(item) for item in items]

    def get_children(self, recursive=False):
        """The child runs (every descendant with `recursive`)."""
        return [self._related(item) for item in self._client.list_children(self._workspace, self._id, recursive)]

    # status

    def get_status(self):
        """The status, refreshed unless it is already final."""
        if self._data is None or self._data["status"] not in TERMINAL_STATUSES:
            self.details(refresh=True)
        return self._data["status"]

    def complete(self):
        """Flushes, uploads tracked outputs, and marks the run Completed (a submitted run only flushes)."""
        self.flush()
        if self._submitted:
            return
        self._upload_outputs()
        self._data = self._client.update_run(self._workspace, self._id, status="Completed")

    def fail(self, error_details=None, error_code=None):
        """Flushes and marks the run Failed with an error (a submitted run only flushes)."""
        self._finish_failed(run_error(error_details, error_code))

    def _finish_failed(self, error):
        self.flush()
        if self._submitted:
            return
        self._upload_outputs()
        self._data = self._client.update_run(self._workspace, self._id, status="Failed", error=error)

    def cancel(self):
        """Cancels the run; a submitted run cannot cancel itself."""
        if self._submitted:
            sys.stderr.write("cairn: cancel() is not supported from inside a submitted run\n")
            return
        self.flush()
        self._data = self._client.cancel_run(self._workspace, self._id)

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or (exc_type is SystemExit and exc.code in (None, 0)):
            self.complete()
            return exc_type is SystemExit  # v1: a clean sys.exit() inside the block counts as success
        error = run_error(exc, exc_type.__name__)
        trace = "".join(traceback.format_exception(exc_type, exc, tb))
        error["details"] = {"traceback": trace[-8000:]}
        self._finish_failed(error)
        return False

    def __repr__(self):
        return "%s(id=%r, workspace=%r)" % (type(self).__name__, self._id, self._workspace)


def run_error(details, code=None):
    """The ``error`` of a failed run from a message or an exception."""
    if isinstance(details, BaseException):
        message = "%s: %s" % (type(details).__name__, details) if str(details) else type(details).__name__
    else:
        message = "" if details is None else str(details)
    return {"code": code or "UserError", "message": (message or "Run failed")[:3000]}


def check_children_args(count, tag_key, tag_values):
    """v1's validation of create_children: exactly one of `count` or (`tag_key` and `tag_values`), at most 100."""
    if count is None and tag_key is None and tag_values is None:
        raise ValidationError("create_children needs count, or tag_key and tag_values")
    if count is not None:
        if tag_key is not None or tag_values is not None:
            raise ValidationError("create_children takes count, or tag_key and tag_values, not both")
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise ValidationError("count must be a positive integer, not %r" % (count,))
        total = count
    else:
        if tag_key is None or tag_values is None:
            raise ValidationError("create_children needs both tag_key and tag_values")
        if isinstance(tag_values, str) or not hasattr(tag_values, "__len__") or len(tag_values) == 0:
            raise ValidationError("tag_values must be a non-empty list of values")
        total = len(tag_values)
    if total > MAX_CHILDREN:
        raise ValidationError("create_children can not create more than 100 runs")


def _strings(mapping):
    """Tag and property values as strings (None kept for valueless tags), as v1 converts them."""
    if mapping is None:
        return None
    return {str(k): (None if v is None else str(v)) for k, v in mapping.items()}


def _artifact_name(path):
    """The run file path for a local image: the relative path as given, else its file name."""
    path = str(path).replace(os.sep, "/")
    if os.path.isabs(path) or path.startswith("../") or "/../" in path:
        return os.path.basename(path)
    return path[2:] if path.startswith("./") else path


def _concat_blocks(blocks):
    points = {"step": [], "timestamp": []}
    for block in blocks:
        points["step"].extend(block["step"])
        points["timestamp"].extend(block["timestamp"])
        if block.get("columns") is not None:
            columns = points.setdefault("columns", {})
            for name, values in block["columns"].items():
                columns.setdefault(name, []).extend(values)
        else:
            points.setdefault("value", []).extend(block.get("value") or [])
    return points


def _clean_model_path(path):
    """A run path as the server expects it: ``/``-separated, no leading ``./`` or ``/``."""
    path = str(path).replace("\\", "/").strip("/")
    while path.startswith("./"):
        path = path[2:]
    return path
