"""Finding the server, token and workspace.

Order, first match wins: ``CAIRN_URL`` (with ``CAIRN_TOKEN``) in the environment; a v1-style
``config.json`` found upward from the working directory that carries ``"cairn_url"``; the CLI config
file (``$CAIRN_CONFIG``, default ``~/.cairn/config.json``) that ``cairn server`` writes on first start.
"""
import json
import os
from collections import namedtuple

DEFAULT_WORKSPACE = "default"

# v1's Workspace.from_config search: these subdirectories in this order, each walking up to the root.
V1_CONFIG_DIRS = (".azureml", "aml_config", "")
V1_CONFIG_NAMES = ("config.json", "project.json")


class Connection(namedtuple("Connection", "url token workspace source")):
    """Where to connect: server URL, token, workspace name, and the file or variables they came from."""


def cli_config_path(env=None):
    """The CLI config file: ``$CAIRN_CONFIG``, else ``~/.cairn/config.json``."""
    env = os.environ if env is None else env
    return env.get("CAIRN_CONFIG") or os.path.join(os.path.expanduser("~"), ".cairn", "config.json")


def read_json_file(path):
    """A JSON object from a file; None when the file is missing."""
    try:
        with open(path, "r", encoding="utf-8") as handle:
            value = json.load(handle)
    except FileNotFoundError:
        return None
    if not isinstance(value, dict):
        raise ValueError("%s does not hold a JSON object" % path)
    return value


def find_v1_config(start=None):
    """The first v1 ``config.json`` (or legacy ``project.json``) in v1's search order from `start` up."""
    start = os.path.abspath(start or os.getcwd())
    if os.path.isfile(start):
        return start
    for subdir in V1_CONFIG_DIRS:
        directory = start
        while True:
            for name in V1_CONFIG_NAMES:
                candidate = os.path.join(directory, subdir, name)
                if os.path.isfile(candidate):
                    return candidate
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent
    return None


def from_env(env=None):
    """A connection from ``CAIRN_URL`` (token: ``CAIRN_TOKEN``, else the CLI config's); None without a URL."""
    env = os.environ if env is None else env
    if not env.get("CAIRN_URL"):
        return None
    cli = read_json_file(cli_config_path(env)) or {}
    token = env.get("CAIRN_TOKEN") or cli.get("token")
    workspace = env.get("CAIRN_WORKSPACE") or cli.get("workspace") or DEFAULT_WORKSPACE
    return Connection(env["CAIRN_URL"], token, workspace, "environment")


def from_v1_file(path, env=None):
    """A connection from a v1 config file that names a Cairn server (``cairn_url``); None if it does not."""
    env = os.environ if env is None else env
    config = read_json_file(path) or {}
    url = config.get("cairn_url")
    if not url:
        return None
    cli = read_json_file(cli_config_path(env)) or {}
    token = env.get("CAIRN_TOKEN") or cli.get("token")
    workspace = config.get("workspace_name") or env.get("CAIRN_WORKSPACE") or cli.get("workspace") or DEFAULT_WORKSPACE
    return Connection(url, token, workspace, path)


def from_cli_config(env=None):
    """A connection from the CLI config file; None when it is missing or incomplete."""
    path = cli_config_path(env)
    config = read_json_file(path) or {}
    if not config.get("url") or not config.get("token"):
        return None
    env = os.environ if env is None else env
    workspace = env.get("CAIRN_WORKSPACE") or config.get("workspace") or DEFAULT_WORKSPACE
    return Connection(config["url"], config["token"], workspace, path)


def discover(start=None, env=None):
    """The connection to use, in the documented order; None when nothing is configured."""
    found = from_env(env)
    if found:
        return found
    v1_file = find_v1_config(start)
    found = from_v1_file(v1_file, env) if v1_file else None
    return found or from_cli_config(env)


class RunEnvironment(namedtuple("RunEnvironment", "url token workspace run_id experiment submitted")):
    """What a script started by the runner learns from its environment."""


def run_environment(env=None):
    """The run a script is part of, from ``CAIRN_*`` or v1's ``AZUREML_*`` variables; None if any is missing.

    Required: URL, run id, token and workspace. ``submitted`` is true when the runner started the
    script (``CAIRN_RUN_SUBMITTED=1`` or v1's ``AZUREML_RUN_TOKEN``): the runner then owns the status.
    """
    env = os.environ if env is None else env

    def first(*names):
        for name in names:
            if env.get(name):
                return env[name]
        return None

    found = RunEnvironment(
        url=first("CAIRN_URL", "AZUREML_SERVICE_ENDPOINT"),
        token=first("CAIRN_RUN_TOKEN", "CAIRN_TOKEN", "AZUREML_RUN_TOKEN"),
        workspace=first("CAIRN_WORKSPACE", "AZUREML_ARM_WORKSPACE_NAME"),
        run_id=first("CAIRN_RUN_ID", "AZUREML_RUN_ID"),
        experiment=first("CAIRN_EXPERIMENT", "AZUREML_ARM_PROJECT_NAME"),
        submitted=env.get("CAIRN_RUN_SUBMITTED") == "1" or bool(env.get("AZUREML_RUN_TOKEN")),
    )
    if not (found.url and found.token and found.workspace and found.run_id):
        return None
    return found
