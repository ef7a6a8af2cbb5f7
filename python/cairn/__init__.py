"""Cairn's Python client: standard library only, Python 3.8 or later.

    import cairn
    run = cairn.start_run("quickstart")      # server and token from env / config files
    run.log("loss", 0.25)                   # returns at once; a background thread stores it
    run.complete()                          # flushes, then marks the run Completed
"""
from .client import CairnClient
from .config import Connection, discover
from .errors import CairnConnectionError, CairnError, FlushTimeoutError, ValidationError
from .run import Run

__all__ = [
    "CairnClient", "CairnConnectionError", "CairnError", "Connection", "FlushTimeoutError", "Run",
    "ValidationError", "connect", "current_run", "discover", "start_run",
]
__version__ = "0.1.0"


def connect(url=None, token=None, workspace=None):
    """A client and workspace name from the arguments, else from env and config files (see ``discover``)."""
    found = discover()
    url = url or (found and found.url)
    token = token or (found and found.token)
    if not url or not token:
        raise CairnError(
            "NOT_CONFIGURED",
            "no Cairn server configured: set CAIRN_URL and CAIRN_TOKEN, or start `cairn server` once to write ~/.cairn/config.json",
        )
    return CairnClient(url, token), workspace or (found and found.workspace) or "default"


def start_run(experiment, display_name=None, tags=None, properties=None, workspace=None, client=None):
    """Starts an interactive run in `experiment` (status Running)."""
    if client is None:
        client, workspace = connect(workspace=workspace)
    return Run.create(client, workspace or "default", experiment, display_name=display_name, tags=tags,
                      properties=properties)


def current_run():
    """The run this process was started for (``CAIRN_RUN_ID`` and friends), or None."""
    return Run.from_env()
