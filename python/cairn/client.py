"""CairnClient: one method per API route the Python client uses, all under ``/api/v1``."""
import mimetypes

from .transport import Transport, quote_path, quote_segment
from .wire import metric_batch


def _ws(workspace):
    return "/workspaces/" + quote_segment(workspace)


def _run(workspace, run_id):
    return _ws(workspace) + "/runs/" + quote_segment(run_id)


class CairnClient:
    """A client for one Cairn server and token. Methods return the server's JSON as dicts."""

    def __init__(self, url, token, timeout=60.0, retries=3):
        self.url = url
        self._http = Transport(url, token, timeout=timeout, retries=retries)

    @property
    def transport(self):
        """The HTTP transport, for routes this class has no method for."""
        return self._http

    # workspaces, experiments, secrets

    def whoami(self):
        """Who the token belongs to and its roles."""
        return self._http.request("GET", "/whoami")

    def list_workspaces(self):
        """The workspaces the caller can see."""
        return self._http.request("GET", "/workspaces")["items"]

    def get_workspace(self, workspace):
        """One workspace; raises WORKSPACE_NOT_FOUND."""
        return self._http.request("GET", _ws(workspace))

    def ensure_experiment(self, workspace, name):
        """Gets or creates an experiment."""
        return self._http.request("PUT", _ws(workspace) + "/experiments/" + quote_segment(name))

    def list_experiments(self, workspace):
        """The experiments of a workspace with their run counts."""
        return self._http.request("GET", _ws(workspace) + "/experiments")["items"]

    def list_secrets(self, workspace):
        """Secret names and times (never values)."""
        return self._http.request("GET", _ws(workspace) + "/secrets")["items"]

    def set_secret(self, workspace, name, value):
        """Creates or replaces a secret."""
        return self._http.request("PUT", _ws(workspace) + "/secrets/" + quote_segment(name), {"value": value})

    def delete_secret(self, workspace, name):
        """Deletes a secret."""
        self._http.request("DELETE", _ws(workspace) + "/secrets/" + quote_segment(name))

    # runs

    def create_run(self, workspace, experiment, **fields):
        """Creates a run; `fields` are the other CreateRun keys (id, displayName, parentRunId, status, tags, ...)."""
        body = {k: v for k, v in fields.items() if v is not None}
        body["experiment"] = experiment
        return self._http.request("POST", _ws(workspace) + "/runs", body)

    def get_run(self, workspace, run_id):
        """One run; raises RUN_NOT_FOUND."""
        return self._http.request("GET", _run(workspace, run_id))

    def list_runs(self, workspace, experiment=None, include_children=False, top=100, cursor=None, filter=None):
        """One page of runs: ``{"items": [...], "nextCursor": ...}``."""
        query = {"experiment": experiment, "top": top, "cursor": cursor, "filter": filter}
        if include_children:
            query["includeChildren"] = "true"
        return self._http.request("GET", _ws(workspace) + "/runs", query=query)

    def iter_runs(self, workspace, experiment=None, include_children=False):
        """Every run, following the pages."""
        cursor = None
        while True:
            page = self.list_runs(workspace, experiment, include_children, top=1000, cursor=cursor)
            for item in page["items"]:
                yield item
            cursor = page.get("nextCursor")
            if not cursor:
                return

    def update_run(self, workspace, run_id, **fields):
        """Changes displayName, description, status (with statusReason, error)."""
        body = {k: v for k, v in fields.items() if v is not None}
        return self._http.request("PATCH", _run(workspace, run_id), body)

    def cancel_run(self, workspace, run_id):
        """Cancels a run."""
        return self._http.request("POST", _run(workspace, run_id) + "/cancel")

    def get_run_secret(self, workspace, run_id, name):
        """A vault secret granted to a submitted run (run tokens only)."""
        return self._http.request("GET", _run(workspace, run_id) + "/secrets/" + quote_segment(name))["value"]

    def set_tags(self, workspace, run_id, set=None, remove=None):
        """Merges tags in `set` and removes the keys in `remove`; returns all tags."""
        body = {"set": set or {}, "remove": list(remove or [])}
        return self._http.request("PATCH", _run(workspace, run_id) + "/tags", body, idempotent=True)["tags"]

    def add_properties(self, workspace, run_id, properties):
        """Adds write-once properties (PROPERTY_IMMUTABLE on a changed value); returns all properties."""
        body = {"properties": properties}
        return self._http.request("POST", _run(workspace, run_id) + "/properties", body, idempotent=True)["properties"]

    def create_children(self, workspace, run_id, count=None, tag_key=None, tag_values=None):
        """Creates up to 100 running children, by count or one per tag value."""
        body = {"count": count} if count is not None else {"tagKey": tag_key, "tagValues": list(tag_values)}
        return self._http.request("POST", _run(workspace, run_id) + "/children", body)["items"]

    def list_children(self, workspace, run_id, recursive=False):
        """The children of a run (all descendants with `recursive`)."""
        query = {"recursive": "true" if recursive else "false"}
        return self._http.request("GET", _run(workspace, run_id) + "/children", query=query)["items"]

    # metrics

    def log_metrics(self, workspace, run_id, batch_key, points, retry=True):
        """Stores a batch of points (at most 10,000), all or nothing, once per batch key.

        The key makes the call safe to repeat; `retry=False` leaves retrying to the caller (the batcher)."""
        body = metric_batch(batch_key, points)
        return self._http.request("POST", _run(workspace, run_id) + "/metrics", body, idempotent=retry)

    def list_metrics(self, workspace, run_id):
        """Metric summaries: name, kind, columns, count and latest value."""
        return self._http.request("GET", _run(workspace, run_id) + "/metrics")["items"]

    def get_series(self, workspace, run_id, name, max_points=None):
        """One series in columns (``points.step``, ``points.timestamp``, ``points.value`` or ``points.columns``)."""
        query = {"maxPoints": max_points} if max_points else None
        return self._http.request("GET", _run(workspace, run_id) + "/metrics/" + quote_segment(name), query=query)

    def iter_series_blocks(self, workspace, run_id, name):
        """A whole series as blocks of columns, streamed."""
        return self._http.lines(_run(workspace, run_id) + "/metrics/" + quote_segment(name) + "/points")

    # files

    def upload_file(self, workspace, run_id, path, source, content_type=None, overwrite=False):
        """Uploads a run file from a local path or binary stream, streamed."""
        content_type = content_type or mimetypes.guess_type(path)[0]
        query = {"overwrite": "true"} if overwrite else None
        url = _run(workspace, run_id) + "/files/" + quote_path(path)
        return self._http.upload(url, source, content_type, query)

    def list_files(self, workspace, run_id, prefix=None):
        """Run files (path, size, sha256, contentType, createdAt), optionally under a prefix."""
        query = {"prefix": prefix} if prefix else None
        return self._http.request("GET", _run(workspace, run_id) + "/files", query=query)["items"]

    def download_file(self, workspace, run_id, path, target):
        """Streams one run file into a binary file object."""
        self._http.download(_run(workspace, run_id) + "/files/" + quote_path(path), target)
