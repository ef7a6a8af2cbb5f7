"""HTTP for the Cairn API, with the standard library only.

JSON in and out, bearer token, server errors raised as ``CairnError`` with the server's code, and
"no answer" raised as ``CairnConnectionError``. Idempotent calls (GET, PUT) are retried a few times
when the server is briefly unreachable; the metric batcher does its own, longer, retrying.
"""
import http.client
import json
import os
import shutil
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

from .errors import CairnConnectionError, CairnError, is_transient
from .wire import dumps

USER_AGENT = "cairn-python/0.1"
_CHUNK = 1024 * 1024


def api_base(url):
    """The API root for a server URL: ``http://host:port`` and ``http://host:port/api/v1`` both work."""
    url = url.rstrip("/")
    return url if url.endswith("/api/v1") else url + "/api/v1"


def quote_segment(value):
    """A path parameter, escaped so that "/" and "?" stay inside it."""
    return urllib.parse.quote(str(value), safe="")


def quote_path(value):
    """A file path parameter (the `{path+}` tail of a route): "/" separates its segments."""
    return urllib.parse.quote(str(value).lstrip("/"), safe="/")


class Transport:
    """Sends requests to one server with one token."""

    def __init__(self, url, token, timeout=60.0, retries=3, backoff=0.5):
        self.url = url.rstrip("/")
        self.base = api_base(url)
        self.token = token
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff

    def request(self, method, path, body=None, query=None, idempotent=None):
        """Sends a JSON request and returns the parsed JSON answer (None for an empty one)."""
        data = None if body is None else dumps(body).encode("utf-8")
        headers = {"Content-Type": "application/json"} if data is not None else {}
        attempts = self._attempts(method, idempotent)
        response = self._with_retries(attempts, lambda: self._open(method, path, query, data, headers))
        with response:
            raw = response.read()
        return json.loads(raw.decode("utf-8")) if raw else None

    def upload(self, path, source, content_type=None, query=None):
        """PUTs a file's bytes without reading it into memory; `source` is a path or a binary stream."""
        headers = {"Content-Type": content_type or "application/octet-stream"}

        def attempt():
            stream, close = _open_source(source)
            try:
                length = _remaining_length(stream)
                if length is not None:
                    headers["Content-Length"] = str(length)
                start = stream.tell() if _seekable(stream) else None
                try:
                    response = self._open("PUT", path, query, stream, headers)
                except CairnError:
                    if start is not None:
                        stream.seek(start)
                    raise
            finally:
                if close:
                    stream.close()
            with response:
                raw = response.read()
            return json.loads(raw.decode("utf-8")) if raw else None

        retryable = isinstance(source, (str, os.PathLike)) or _seekable(source)
        return self._with_retries(self.retries if retryable else 1, attempt)

    def download(self, path, target, query=None):
        """Streams a GET answer into a binary file object."""
        response = self._with_retries(self.retries, lambda: self._open("GET", path, query, None, {}))
        with response:
            shutil.copyfileobj(response, target, _CHUNK)

    def lines(self, path, query=None):
        """Yields each JSON line of a newline-delimited JSON answer."""
        response = self._with_retries(self.retries, lambda: self._open("GET", path, query, None, {}))
        with response:
            for line in response:
                line = line.strip()
                if line:
                    yield json.loads(line.decode("utf-8"))

    def _attempts(self, method, idempotent):
        if idempotent is None:
            idempotent = method in ("GET", "PUT", "DELETE")
        return self.retries if idempotent else 1

    def _with_retries(self, attempts, send):
        for attempt in range(attempts):
            try:
                return send()
            except CairnError as error:
                if attempt + 1 >= attempts or not is_transient(error):
                    raise
                time.sleep(self.backoff * (2 ** attempt))

    def _open(self, method, path, query, data, headers):
        url = self.base + path
        if query:
            pairs = {k: v for k, v in query.items() if v is not None}
            if pairs:
                url += "?" + urllib.parse.urlencode(pairs)
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Authorization", "Bearer " + self.token)
        request.add_header("Accept", "application/json")
        request.add_header("User-Agent", USER_AGENT)
        for name, value in headers.items():
            request.add_header(name, value)
        try:
            return urllib.request.urlopen(request, timeout=self.timeout)
        except urllib.error.HTTPError as error:
            raise error_from_response(error.code, _read_quietly(error)) from None
        except urllib.error.URLError as error:
            raise CairnConnectionError(self.url, error.reason) from None
        except (OSError, http.client.HTTPException, socket.timeout) as error:
            raise CairnConnectionError(self.url, error) from None


def error_from_response(status, raw):
    """The CairnError for an HTTP error answer: the server's code and message when the body has them."""
    try:
        body = json.loads(raw.decode("utf-8"))
        error = body["error"]
        return CairnError(error["code"], error["message"], status, error.get("details"))
    except (ValueError, KeyError, TypeError, AttributeError):
        text = raw.decode("utf-8", "replace").strip()[:500]
        return CairnError("HTTP_%d" % status, text or http.client.responses.get(status, "HTTP error"), status)


def _read_quietly(error):
    try:
        return error.read()
    except Exception:  # a body we cannot read still leaves the status to report
        return b""


def _open_source(source):
    if isinstance(source, (str, os.PathLike)):
        return open(source, "rb"), True
    return source, False


def _seekable(stream):
    try:
        return stream.seekable()
    except (AttributeError, ValueError):
        return False


def _remaining_length(stream):
    """Bytes left in a stream, when that can be known without reading it; None means chunked upload."""
    try:
        return os.fstat(stream.fileno()).st_size - stream.tell()
    except (AttributeError, OSError, ValueError):
        pass
    if _seekable(stream):
        here = stream.tell()
        end = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        return end - here
    return None
