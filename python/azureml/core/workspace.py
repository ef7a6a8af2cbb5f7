"""``azureml.core.workspace``: v1's Workspace, pointing at a Cairn server.

The server and token come from ``CAIRN_URL``/``CAIRN_TOKEN``, else a v1 ``config.json`` (found in
``.azureml/``, ``aml_config/`` or the directory itself, walking up) that carries ``"cairn_url"``, else
the CLI config (``$CAIRN_CONFIG`` or ``~/.cairn/config.json``). Azure's subscription and resource
group are accepted and kept, but play no part.
"""
import os

from cairn import CairnClient
from cairn.config import DEFAULT_WORKSPACE, discover, find_v1_config, from_cli_config, from_env, from_v1_file, read_json_file

from ..exceptions import UserErrorException

NOT_FOUND = (
    "We could not find config.json in: {path} or in its parent directories. Please provide the full path to the "
    "config file or ensure that config.json exists in the parent directories."
)


class Workspace:
    """A Cairn workspace with v1's methods."""

    def __init__(self, subscription_id=None, resource_group=None, workspace_name=None, auth=None, _location=None,
                 _disable_service_check=False, url=None, token=None, **kwargs):
        found = discover()
        url = url or (found and found.url)
        token = token or (found and found.token)
        if not url:
            raise UserErrorException(NOT_FOUND.format(path=os.getcwd()))
        default = found.workspace if found else DEFAULT_WORKSPACE
        self._setup(CairnClient(url, _need_token(token, found)), workspace_name or default)
        self.subscription_id = subscription_id
        self.resource_group = resource_group
        if not _disable_service_check:
            self._client.get_workspace(self._name)

    def _setup(self, client, name):
        self._client = client
        self._name = name
        self.subscription_id = None
        self.resource_group = None

    @classmethod
    def _attach(cls, client, name):
        """A Workspace over an existing client, with no call to the server."""
        workspace = cls.__new__(cls)
        workspace._setup(client, name)
        return workspace

    @staticmethod
    def from_config(path=None, auth=None, _logger=None, _file_name=None):
        """The workspace from env or config files; `path` names a config file or a directory to search from."""
        found = None
        if path is not None:
            config_file = find_v1_config(path)
            if config_file is None:
                raise UserErrorException(NOT_FOUND.format(path=os.path.abspath(path)))
            found = from_v1_file(config_file) or _with_name(from_env() or from_cli_config(), config_file)
        else:
            found = discover()
        if found is None:
            raise UserErrorException(NOT_FOUND.format(path=os.getcwd()))
        workspace = Workspace._attach(CairnClient(found.url, _need_token(found.token, found)), found.workspace)
        workspace._client.get_workspace(workspace.name)
        return workspace

    @staticmethod
    def get(name, auth=None, subscription_id=None, resource_group=None, **kwargs):
        """The named workspace on the configured server."""
        return Workspace(subscription_id, resource_group, name)

    @property
    def name(self):
        """The workspace name."""
        return self._name

    @property
    def experiments(self):
        """Experiments by name."""
        from .experiment import Experiment

        items = self._client.list_experiments(self._name)
        return {item["name"]: Experiment(self, item["name"], _create_in_cloud=False) for item in items}

    def get_run(self, run_id):
        """The run with this id."""
        from .run import Run

        return Run.get(self, run_id)

    def get_default_keyvault(self):
        """The workspace's secret vault."""
        from .keyvault import Keyvault

        return Keyvault(self)

    def get_details(self):
        """The workspace as the server describes it."""
        return self._client.get_workspace(self._name)

    def __repr__(self):
        return "Workspace.create(name='%s', url='%s')" % (self._name, self._client.url)


def _need_token(token, found):
    if not token:
        source = found.source if found else "the environment"
        raise UserErrorException(
            "No Cairn token for the server from %s: set CAIRN_TOKEN, or run `cairn server` once to write "
            "~/.cairn/config.json" % source
        )
    return token


def _with_name(found, config_file):
    """A connection from env or the CLI config, using the workspace a v1 config file names (if any)."""
    if found is None:
        return None
    name = (read_json_file(config_file) or {}).get("workspace_name")
    return found._replace(workspace=name) if name else found
