"""v1's `@rawhttp` and `AMLRequest`: a run() that takes the HTTP request itself instead of its body.

Cairn's replica host builds the request from what the gateway sends (method, path and query,
headers, body as sent) with the attributes v1 scripts read from Flask's request: `method`, `path`,
`full_path`, `args`, `headers`, `data`, `get_data()`, `get_json()`. Standard library only.
"""
import json
from urllib.parse import parse_qsl


def rawhttp(func):
    """Marks run() as taking the HTTP request (an AMLRequest); its answer may be an AMLResponse."""
    func.__rawhttp__ = True
    return func


class Args(dict):
    """Query parameters: `args["k"]` and `args.get("k")` give the first value, `getlist("k")` all of them."""

    def __init__(self, pairs):
        super().__init__()
        self._lists = {}
        for key, value in pairs:
            self._lists.setdefault(key, []).append(value)
            self.setdefault(key, value)

    def getlist(self, key):
        return list(self._lists.get(key, []))


class Headers(dict):
    """Request headers, looked up by name in any case (`headers["Content-Type"]`, `headers.get("x-foo")`)."""

    def __init__(self, pairs):
        super().__init__((str(k).lower(), v) for k, v in pairs)

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def __contains__(self, key):
        return super().__contains__(str(key).lower())

    def get(self, key, default=None):
        return super().get(str(key).lower(), default)


class AMLRequest:
    """The HTTP request a @rawhttp run() receives."""

    def __init__(self, method, full_path, headers, body):
        self.method = method
        path, _, query = full_path.partition("?")
        self.path = path
        # Flask's full_path always has the "?", even with no query.
        self.full_path = path + "?" + query
        self.query_string = query.encode("utf-8")
        self.args = Args(parse_qsl(query, keep_blank_values=True))
        self.headers = Headers((k, ", ".join(v) if isinstance(v, list) else v) for k, v in headers.items())
        self.data = bytes(body)

    @property
    def content_type(self):
        return self.headers.get("content-type")

    @property
    def mimetype(self):
        return (self.content_type or "").split(";", 1)[0].strip().lower()

    @property
    def is_json(self):
        return self.mimetype == "application/json" or self.mimetype.endswith("+json")

    def get_data(self, cache=True, as_text=False, parse_form_data=False):
        """The body as sent: bytes, or text with `as_text=True`."""
        return self.data.decode("utf-8", "replace") if as_text else self.data

    def get_json(self, force=False, silent=False, cache=True):
        """The body parsed as JSON when the content type says JSON (or `force`), else None."""
        if not (force or self.is_json):
            return None
        try:
            return json.loads(self.data)
        except ValueError:
            if silent:
                return None
            raise

    @property
    def json(self):
        return self.get_json()
