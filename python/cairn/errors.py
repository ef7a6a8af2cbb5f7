"""Errors raised by the Cairn client.

A server error keeps the stable code the server sent (``RUN_NOT_FOUND``, ``PROPERTY_IMMUTABLE``, ...),
so callers branch on ``err.code`` rather than on message text.
"""


class CairnError(Exception):
    """An error with a stable code; raised again with the code, status and message the server sent."""

    def __init__(self, code, message, status=None, details=None):
        Exception.__init__(self, message)
        self.code = code
        self.message = message
        self.status = status
        self.details = details

    def __str__(self):
        return "%s: %s" % (self.code, self.message)


class CairnConnectionError(CairnError):
    """The server could not be reached (refused, reset, timed out): nothing was answered."""

    def __init__(self, url, reason):
        CairnError.__init__(self, "CONNECTION_FAILED", "cannot reach %s: %s" % (url, reason))
        self.url = url
        self.reason = reason


class ValidationError(CairnError, ValueError):
    """A call was given values the client refuses before anything is sent."""

    def __init__(self, message):
        CairnError.__init__(self, "INVALID_INPUT", message)

    def __str__(self):
        return self.message


class FlushTimeoutError(CairnError):
    """Queued metrics were not all acknowledged by the server within the flush timeout."""

    def __init__(self, pending, timeout_seconds):
        CairnError.__init__(
            self,
            "FLUSH_TIMEOUT",
            "%d metric point(s) not yet stored after %s s; is the server reachable?" % (pending, timeout_seconds),
        )
        self.pending = pending


def is_transient(error):
    """Whether a failed call may succeed if sent again: no answer, overload (429) or a server error (5xx)."""
    if isinstance(error, CairnConnectionError):
        return True
    status = getattr(error, "status", None)
    return status == 429 or (status is not None and status >= 500)
