"""``azureml.core.experiment``: v1's Experiment, with interactive runs (``start_logging``)."""
import re

from cairn.git_info import git_properties

from ..exceptions import UserErrorException
from .run import Run, _has

_NAME = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9_.-]{1,254}$")


class Experiment:
    """A named group of runs in a workspace; created on the server when first used."""

    def __init__(self, workspace, name, _skip_name_validation=False, _create_in_cloud=True, **kwargs):
        if not _skip_name_validation and not _NAME.match(name or ""):
            raise UserErrorException(
                'invalid experiment name "%s": use 2-255 characters: letters, digits, "_", "." and "-", '
                "starting with a letter or digit" % name
            )
        self.workspace = workspace
        self.name = name
        if _create_in_cloud:
            workspace._client.ensure_experiment(workspace.name, name)

    @property
    def id(self):
        """The experiment's id (its name)."""
        return self.name

    def start_logging(self, outputs=None, snapshot_directory=None, display_name=None, run_id=None, tags=None,
                      properties=None, **kwargs):
        """Starts an interactive run (status Running) with git properties of `snapshot_directory` (else the
        working directory); `outputs` is a folder uploaded when the run ends. No snapshot is taken yet."""
        recorded = git_properties(snapshot_directory)
        recorded.update(properties or {})
        return Run._start(self.workspace, self.name, display_name=display_name, run_id=run_id, tags=tags,
                          properties=recorded, outputs=outputs)

    def get_runs(self, type=None, tags=None, properties=None, include_children=False):
        """Yields the runs of this experiment, newest first, filtered like v1."""
        client = self.workspace._client
        for data in client.iter_runs(self.workspace.name, self.name, include_children):
            if type is not None and data.get("type") != type:
                continue
            if _has(data.get("tags") or {}, tags) and _has(data.get("properties") or {}, properties):
                yield Run._wrap(self.workspace, data)

    @staticmethod
    def list(workspace, experiment_name=None, **kwargs):
        """The workspace's experiments (or only the named one)."""
        names = [item["name"] for item in workspace._client.list_experiments(workspace.name)]
        return [Experiment(workspace, n, _create_in_cloud=False) for n in names if experiment_name in (None, n)]

    def __repr__(self):
        return "Experiment(Name: %s,\nWorkspace: %s)" % (self.name, self.workspace.name)
