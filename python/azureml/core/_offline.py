"""v1's offline run: what ``Run.get_context()`` returns outside a run.

Its methods print what they would have done (``Attempted to log scalar metric alpha:``) and never
fail, so a training script runs unchanged on a laptop with no server. Values are also kept in memory,
so ``get_metrics()``, ``get_tags()`` and ``get_properties()`` answer what the script logged.
"""
import time
import uuid

from .run import Run


class _OfflineRun(Run):
    """A run with no server: prints each call and keeps values in memory."""

    def __init__(self, run_id=None):
        self._id = run_id or "OfflineRun_" + str(uuid.uuid4())
        self._client = None
        self._workspace = None
        self._data = None
        self._submitted = False
        self._batcher = None
        self._outputs = None
        self._ws = None
        self._metrics = {}
        self._tags = {}
        self._properties = {}
        self._started = int(time.time() * 1000)
        self._status = "Running"

    def _attempted(self, what, value=None):
        print("Attempted to %s" % what if value is None else "Attempted to %s:\n%s" % (what, value))

    def _keep(self, name, kind, rows):
        series = self._metrics.setdefault(name, {"name": name, "kind": kind, "rows": []})
        series["rows"].extend(rows)

    @property
    def experiment(self):
        """An offline experiment: its workspace comes from ``Workspace.from_config()`` when asked for."""
        return _OfflineExperiment()

    @property
    def parent(self):
        return None

    @property
    def number(self):
        return 0

    @property
    def display_name(self):
        return self._id

    @display_name.setter
    def display_name(self, value):
        self._attempted("set display name %s" % value)

    def details(self, refresh=False):
        return {"id": self._id, "status": self._status, "tags": dict(self._tags), "type": "offline",
                "properties": dict(self._properties), "displayName": self._id, "experiment": "offline"}

    def log(self, name, value, description="", step=None):
        self._attempted("log scalar metric %s" % name, value)
        self._keep(name, "scalar", [value])

    def log_list(self, name, value, description=""):
        self._attempted("log list metric %s" % name, value)
        self._keep(name, "list", list(value) if hasattr(value, "__iter__") else [value])

    def log_row(self, name, description=None, **kwargs):
        self._attempted("log row metric %s" % name, kwargs)
        self._keep(name, "table", [kwargs])

    def log_table(self, name, value, description=""):
        self._attempted("log table metric %s" % name, value)
        try:
            count = len(next(iter(value.values())))
            self._keep(name, "table", [{c: v[i] for c, v in value.items()} for i in range(count)])
        except Exception:  # noqa: BLE001 - offline runs never fail
            pass

    def log_image(self, name, path=None, plot=None, description=""):
        self._attempted("log image metric %s" % name, path if path is not None else plot)

    def log_confusion_matrix(self, name, value, description=""):
        self._attempted("log confusion matrix %s" % name, value)

    def flush(self, timeout_seconds=300):
        pass

    def get_metrics(self, name=None, recursive=False, run_type=None, populate=False):
        from ._metrics import shape

        found = {}
        for metric, series in self._metrics.items():
            if name is None or metric == name:
                found[metric] = shape(_as_series(series))
        return {self._id: found} if recursive else found

    def tag(self, key, value=None):
        self._attempted("set tag %s" % key, value)
        self._tags[key] = None if value is None else str(value)

    def set_tags(self, tags):
        self._attempted("set tags", tags)
        self._tags.update({k: None if v is None else str(v) for k, v in tags.items()})

    def remove_tags(self, tags):
        self._attempted("remove tags", tags)
        for key in tags:
            self._tags.pop(key, None)

    def get_tags(self):
        return dict(self._tags)

    def add_properties(self, properties):
        self._attempted("add properties", properties)
        for key, value in (properties or {}).items():
            self._properties.setdefault(key, str(value))

    def get_properties(self):
        return dict(self._properties)

    def upload_file(self, name, path_or_stream, datastore_name=None):
        self._attempted("track file %s at %s" % (name, path_or_stream))

    def upload_files(self, names, paths, **kwargs):
        for name, path in zip(names, paths):
            self.upload_file(name, path)

    def upload_folder(self, name, path, datastore_name=None):
        self._attempted("track folder %s at %s" % (name, path))

    def get_file_names(self, prefix=None):
        return []

    def download_file(self, name, output_file_path=None, **kwargs):
        self._attempted("download file %s" % name)

    def download_files(self, prefix=None, output_directory=None, **kwargs):
        self._attempted("download files %s" % (prefix or ""))
        return []

    def child_run(self, name=None, run_id=None, outputs=None):
        self._attempted("create child run %s" % (name or ""))
        return _OfflineRun(run_id)

    def create_children(self, count=None, tag_key=None, tag_values=None):
        total = count if count is not None else len(tag_values or [])
        self._attempted("create %d child runs" % total)
        return [_OfflineRun() for _ in range(total or 0)]

    def get_children(self, recursive=False, **kwargs):
        return iter(())

    def get_status(self):
        return self._status

    def get_details(self):
        from ._compat import iso_utc

        return {"runId": self._id, "target": "local", "status": self._status, "startTimeUtc": iso_utc(self._started),
                "properties": dict(self._properties), "tags": dict(self._tags), "inputDatasets": [],
                "outputDatasets": [], "runDefinition": {}, "logFiles": {}}

    def complete(self, _set_status=True):
        self._status = "Completed"

    def fail(self, error_details=None, error_code=None, _set_status=True):
        self._status = "Failed"

    def cancel(self):
        self._status = "Canceled"

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None or (exc_type is SystemExit and exc.code in (None, 0)):
            self.complete()
            return exc_type is SystemExit
        self.fail(exc)
        return False

    def __repr__(self):
        return "Run(Experiment: offline,\nId: %s,\nType: offline,\nStatus: %s)" % (self._id, self._status)


class _OfflineExperiment:
    """The experiment of an offline run."""

    name = "offline"

    @property
    def workspace(self):
        from .workspace import Workspace

        return Workspace.from_config()


def _as_series(series):
    rows = series["rows"]
    if series["kind"] == "table":
        columns = []
        for row in rows:
            columns.extend(c for c in row if c not in columns)
        table = {c: [row.get(c) for row in rows] for c in columns}
        return {"kind": "table", "timestamp": rows, "table": table}
    return {"kind": series["kind"], "timestamp": rows, "value": rows}
