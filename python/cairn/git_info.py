"""Git facts about a source directory, as v1 records them on a run's properties (reference §3.10).

``AZUREML_GIT_*`` variables win; blanks are filled from ``git``. Any git failure means no properties.
"""
import os
import subprocess

_ENV = {
    "repository_uri": "AZUREML_GIT_REPOSITORY_URI", "branch": "AZUREML_GIT_BRANCH", "commit": "AZUREML_GIT_COMMIT",
    "dirty": "AZUREML_GIT_DIRTY", "build_id": "AZUREML_GIT_BUILD_ID", "build_uri": "AZUREML_GIT_BUILD_URI",
}
_MLFLOW = {"repository_uri": "mlflow.source.git.repoURL", "branch": "mlflow.source.git.branch",
           "commit": "mlflow.source.git.commit"}


def _git(directory, *args):
    try:
        done = subprocess.run(("git",) + args, cwd=directory, capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() if done.returncode == 0 else None


def _from_git(directory):
    if _git(directory, "rev-parse", "--is-inside-work-tree") != "true":
        return {}
    status = _git(directory, "status", "--porcelain", ".")
    return {
        "repository_uri": _git(directory, "ls-remote", "--get-url"),
        "branch": _git(directory, "symbolic-ref", "--short", "HEAD"),
        "commit": _git(directory, "rev-parse", "HEAD"),
        "dirty": None if status is None else str(bool(status)),
    }


def git_properties(directory=None, env=None):
    """``azureml.git.*`` and ``mlflow.source.git.*`` properties for `directory` (empty outside a repository)."""
    env = os.environ if env is None else env
    facts = {key: env.get(name) for key, name in _ENV.items()}
    if not all(facts[key] for key in ("repository_uri", "branch", "commit", "dirty")):
        found = _from_git(directory or os.getcwd())
        facts = {key: facts.get(key) or found.get(key) for key in _ENV}
    properties = {}
    for key, value in facts.items():
        if value:
            properties["azureml.git." + key] = value
            if key in _MLFLOW:
                properties[_MLFLOW[key]] = value
    return properties
