"""The model registry from Python: register (from a run's files or a local file or folder), get, list,
update, delete, download, aliases and events. Functions take a CairnClient and a workspace name and
return the server's JSON as dicts; ``azureml.core.Model`` wraps them in v1's shapes."""
import json
import os
import re
import urllib.parse

from .errors import CairnError, ValidationError
from .run_files import _sha256, _walk, _write_atomically
from .transport import quote_path, quote_segment

NAME_PATTERN = re.compile(r"^[a-zA-Z0-9][a-zA-Z0-9\-._]{0,254}$")
FRAMEWORKS = ("Custom", "ScikitLearn", "Onnx", "PyTorch", "TensorFlow", "TfKeras", "Multi")


def _models(workspace):
    return "/workspaces/" + quote_segment(workspace) + "/models"


def check_name(name):
    """Raises ValidationError unless `name` follows v1's model name rule."""
    if not isinstance(name, str) or not NAME_PATTERN.match(name):
        raise ValidationError(
            "invalid model name %r: use 1-255 characters: letters, digits, '-', '.' and '_', starting with a letter or digit" % (name,))


def _string_map(value, what):
    """Tags or properties as a dict of strings; v1 refuses anything else."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise ValidationError("%s must be a dict, got %s" % (what, type(value).__name__))
    try:
        json.dumps(value)
    except (TypeError, ValueError):
        raise ValidationError("%s must be JSON-serializable" % what) from None
    return {str(k): (None if v is None else str(v)) for k, v in value.items()}


def _dataset_refs(datasets):
    """v1 passes ``[(scenario, dataset)]``; a dataset reference is kept as its id, name or string."""
    refs = []
    for item in datasets or []:
        dataset = item[1] if isinstance(item, (tuple, list)) and len(item) == 2 else item
        ref = getattr(dataset, "id", None) or getattr(dataset, "name", None) or dataset
        if not isinstance(ref, str) or not ref:
            raise ValidationError("dataset %r has no id" % (dataset,))
        refs.append(ref)
    return refs


def registration_body(name, framework=None, framework_version=None, description=None, tags=None, properties=None, datasets=None):
    """The common fields of a registration, checked as v1 checks them."""
    check_name(name)
    if framework_version is not None and framework is None:
        raise ValidationError("model_framework_version needs model_framework")
    if framework is not None and framework not in FRAMEWORKS:
        raise ValidationError("model_framework must be one of %s, got %r" % (", ".join(FRAMEWORKS), framework))
    body = {"name": name, "tags": _string_map(tags, "tags"), "properties": _string_map(properties, "properties"),
            "datasets": _dataset_refs(datasets), "description": description or ""}
    if framework is not None:
        body["framework"] = framework
    if framework_version is not None:
        body["frameworkVersion"] = str(framework_version)
    return body


def register_from_run(client, workspace, run_id, path, **fields):
    """Registers run path `path` (a file or folder of the run's files); nothing is uploaded."""
    body = registration_body(**fields)
    body.update({"runId": run_id, "path": path})
    return client.transport.request("POST", _models(workspace), body)


def register_local(client, workspace, local_path, child_paths=None, **fields):
    """Uploads a local file or folder (only the bytes the workspace lacks) and registers it."""
    body = registration_body(**fields)
    body["files"] = upload_local(client, workspace, local_path, child_paths)
    return client.transport.request("POST", _models(workspace), body)


def local_files(local_path, child_paths=None):
    """``[(model path, absolute path)]``: a file under its name, a folder's files under ``<folder>/``."""
    root = os.path.abspath(local_path)
    if not os.path.exists(root):
        raise ValidationError("model_path %s does not exist" % local_path)
    name = os.path.basename(root.rstrip(os.sep))
    if os.path.isfile(root):
        return [(name, root)]
    wanted = None if child_paths is None else {str(p).replace(os.sep, "/").strip("/") for p in child_paths}
    found = [(name + "/" + relative, local) for local, relative in _walk(root) if wanted is None or relative in wanted]
    if not found:
        raise ValidationError("model_path %s holds no files to register" % local_path)
    return found


def upload_local(client, workspace, local_path, child_paths=None):
    """Hashes the files, uploads those the workspace lacks, and returns ``[{path, sha256}]``."""
    files = [{"path": path, "sha256": _sha256(local), "local": local} for path, local in local_files(local_path, child_paths)]
    blobs = "/workspaces/" + quote_segment(workspace) + "/blobs"
    missing = set(client.transport.request("POST", blobs + "/missing", {"sha256": sorted({f["sha256"] for f in files})})["missing"])
    for item in files:
        if item["sha256"] in missing:
            client.transport.upload(blobs + "/" + item["sha256"], item["local"])
            missing.discard(item["sha256"])
    return [{"path": f["path"], "sha256": f["sha256"]} for f in files]


def get(client, workspace, ref):
    """A version (``N`` newest, ``N:V``, ``N@alias``) with its files and lineage; raises MODEL_NOT_FOUND."""
    return client.transport.request("GET", _models(workspace) + "/" + quote_segment(ref))


def _filter_items(items):
    """v1 filters: ``'key'`` (present) or ``['key', 'value']`` (equal) → ``key`` / ``key=value``."""
    out = []
    for item in items or []:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, (list, tuple)) and len(item) == 2:
            out.append("%s=%s" % (item[0], item[1]))
        else:
            raise ValidationError("a tag or property filter is 'key' or ['key', 'value'], got %r" % (item,))
    return out


def iter_models(client, workspace, name=None, tags=None, properties=None, run_id=None, latest=False, framework=None):
    """Every version matching the filters, name ascending then newest first, following the pages."""
    pairs = [("top", 1000)] + [("tag", t) for t in _filter_items(tags)] + [("property", p) for p in _filter_items(properties)]
    for key, value in (("name", name), ("runId", run_id), ("framework", framework), ("latest", "true" if latest else None)):
        if value is not None:
            pairs.append((key, value))
    cursor = None
    while True:
        query = pairs + ([("cursor", cursor)] if cursor else [])
        # Repeated keys (tag=a&tag=b) are encoded here: the transport's query dicts hold one value per key.
        page = client.transport.request("GET", _models(workspace) + "?" + urllib.parse.urlencode(query))
        for item in page["items"]:
            yield item
        cursor = page.get("nextCursor")
        if not cursor:
            return


def _version_path(workspace, name, version):
    return _models(workspace) + "/" + quote_segment(name) + "/versions/" + str(int(version))


def update(client, workspace, name, version, description=None, set_tags=None, remove_tags=None, add_properties=None):
    """Changes description and tags, adds properties (PROPERTY_IMMUTABLE on a changed one)."""
    body = {"setTags": _string_map(set_tags, "tags"), "removeTags": list(remove_tags or []),
            "addProperties": _string_map(add_properties, "properties")}
    if description is not None:
        body["description"] = description
    return client.transport.request("PATCH", _version_path(workspace, name, version), body, idempotent=True)


def delete(client, workspace, name, version):
    """Deletes a version; MODEL_IN_USE while an active deployment serves it."""
    client.transport.request("DELETE", _version_path(workspace, name, version))


def download(client, workspace, model, target_dir, exist_ok=False):
    """Writes a version's files under `target_dir` as registered; returns the file or folder path."""
    files = model["files"]
    if not files:
        raise ValidationError("No files to download")
    root = os.path.abspath(target_dir)
    targets = [(f, _inside(root, f["path"])) for f in files]
    if not exist_ok:
        for _, target in targets:
            if os.path.exists(target):
                raise ValidationError("File already exists. To overwrite, set exist_ok to True: %s" % target)
    for item, target in targets:
        url = _version_path(workspace, model["name"], model["version"]) + "/files/" + quote_path(item["path"])
        _write_atomically(target, lambda handle, url=url: client.transport.download(url, handle))
    return os.path.join(root, files[0]["path"].split("/")[0])


def _inside(root, path):
    """Where a model file goes under `root`; a path that would leave it is refused."""
    target = os.path.abspath(os.path.join(root, *path.split("/")))
    if os.path.commonpath([root, target]) != root or target == root:
        raise CairnError("UNSAFE_PATH", "model file path %r would be written outside %s" % (path, root))
    return target


def set_alias(client, workspace, name, alias, version):
    """Points an alias at a version."""
    path = _models(workspace) + "/" + quote_segment(name) + "/aliases/" + quote_segment(alias)
    return client.transport.request("PUT", path, {"version": int(version)})


def aliases(client, workspace, name):
    """A model's aliases: ``[{alias, version, updatedAt}]``."""
    return client.transport.request("GET", _models(workspace) + "/" + quote_segment(name) + "/aliases")["items"]


def delete_alias(client, workspace, name, alias):
    """Removes an alias."""
    client.transport.request("DELETE", _models(workspace) + "/" + quote_segment(name) + "/aliases/" + quote_segment(alias))


def events(client, workspace, name):
    """A model's events (registered, updated, aliased, unaliased, deleted), oldest first."""
    return client.transport.request("GET", _models(workspace) + "/" + quote_segment(name) + "/events")["items"]
