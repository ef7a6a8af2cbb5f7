"""Test support: puts python/ on sys.path, and a tiny local HTTP server (a test double of the network).

`StubServer(handler)` listens on 127.0.0.1 and calls ``handler(request)`` for each request, where
``request`` has ``method``, ``path``, ``query``, ``headers``, ``body`` (bytes) and ``json``; the handler
returns ``(status, body)`` with a dict body sent as JSON. Every request is kept in ``requests``.
"""
import json
import os
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, HTTPServer
from socketserver import ThreadingMixIn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))


def batch_points(body):
    """Every point of a metric batch body as one dict each, whichever shape it came in (``points``, or
    ``series`` in columns, JSON or base64 float64s), as the server reads them: a metric's points first,
    then its series. Values of float64 columns come back as the JSON shape carries them ("NaN")."""
    out = list(body.get("points", []))
    for series in body.get("series", []):
        series = _json_columns(series)
        for i, value in enumerate(series["values"]):
            point = {"name": series["name"], "kind": series.get("kind", "scalar"), "value": value}
            if series.get("steps") is not None and series["steps"][i] is not None:
                point["step"] = series["steps"][i]
            if "timestamps" in series:
                point["timestamp"] = series["timestamps"][i]
            if series.get("description"):
                point["description"] = series["description"]
            out.append(point)
    return out


def _json_columns(series):
    """A series entry with base64 float64 columns as the same entry with JSON arrays."""
    from cairn.wire import F64_BASE64, float64s_from_base64, number_to_wire

    if series.get("encoding") != F64_BASE64:
        return series
    whole = lambda x: int(x) if x == x and x == int(x) else x  # noqa: E731
    out = dict(series, values=[number_to_wire(whole(v)) for v in float64s_from_base64(series["values"])])
    if "steps" in series:
        out["steps"] = [whole(s) if s == s else None for s in float64s_from_base64(series["steps"])]
    if "timestamps" in series:
        out["timestamps"] = [whole(t) for t in float64s_from_base64(series["timestamps"])]
    return out


class Request:
    def __init__(self, method, target, headers, body):
        parsed = urllib.parse.urlsplit(target)
        self.method = method
        self.path = urllib.parse.unquote(parsed.path)
        self.raw_path = parsed.path
        self.query = dict(urllib.parse.parse_qsl(parsed.query))
        self.headers = headers
        self.body = body

    @property
    def json(self):
        return json.loads(self.body.decode("utf-8")) if self.body else None


class _Server(ThreadingMixIn, HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            chunks = []
            while True:
                size = int(self.rfile.readline().strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length else b""

    def _serve(self):
        request = Request(self.command, self.path, dict(self.headers), self._body())
        stub = self.server.stub
        with stub.lock:
            stub.requests.append(request)
        status, body = stub.handler(request)
        if isinstance(body, (dict, list)):
            payload, kind = json.dumps(body).encode("utf-8"), "application/json"
        else:
            payload, kind = (body or b""), "application/octet-stream"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _serve


class StubServer:
    """A local HTTP server answering with `handler`; use as a context manager."""

    def __init__(self, handler, port=0):
        self.handler = handler
        self.requests = []
        self.lock = threading.Lock()
        self._server = _Server(("127.0.0.1", port), _Handler)
        self._server.stub = self
        self.port = self._server.server_address[1]
        self.url = "http://127.0.0.1:%d" % self.port
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()

    def close(self):
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def matching(self, method, path_suffix):
        with self.lock:
            return [r for r in self.requests if r.method == method and r.path.endswith(path_suffix)]


def error(status, code, message="stub error"):
    """An answer in the server's error shape."""
    return status, {"error": {"code": code, "message": message}}


def run_json(run_id="run-1", **fields):
    """A run as the server describes it."""
    data = {
        "id": run_id, "workspace": "default", "experiment": "exp", "number": 1, "displayName": run_id,
        "description": "", "type": "cairn.run", "status": "Running", "statusReason": None, "parentRunId": None,
        "rootRunId": run_id, "computeTarget": "local", "createdBy": "owner", "createdAt": 1700000000000,
        "startedAt": 1700000000000, "endedAt": None, "durationSeconds": 1.0, "tags": {}, "properties": {},
        "error": None,
    }
    data.update(fields)
    return data
