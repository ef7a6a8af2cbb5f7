"""v1's `AMLResponse`: what a scoring run() returns to choose the status, headers and body itself."""
import json


class AMLResponse:
    """`AMLResponse(body, status_code, response_headers=None, json_str=False)`: with json_str the body is
    serialised to JSON (application/json); else str or bytes go as they are (text/html by default, as Flask's)."""

    def __init__(self, message, status_code, response_headers=None, json_str=False):
        self.status_code = int(status_code)
        self.headers = dict(response_headers or {})
        if json_str:
            self._body = json.dumps(message).encode("utf-8")
            self._default_type = "application/json"
        else:
            self._body = message if isinstance(message, (bytes, bytearray)) else str(message if message is not None else "").encode("utf-8")
            self._default_type = "text/html; charset=utf-8"
        if not any(k.lower() == "content-type" for k in self.headers):
            self.headers["Content-Type"] = self._default_type

    def get_data(self, as_text=False):
        """The body: bytes, or text with `as_text=True`."""
        return self._body.decode("utf-8", "replace") if as_text else bytes(self._body)

    @property
    def data(self):
        return self.get_data()
