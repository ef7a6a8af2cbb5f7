"""``azureml.core.dataset``: v1's Dataset over Cairn's versioned datasets (``Dataset.get_by_name``,
``download``, ``to_path``, ``to_pandas_dataframe``). Standard library only; pandas is used when present."""
import os
import tempfile

from cairn.errors import CairnError
from cairn.transport import quote_path, quote_segment

from ..exceptions import UserErrorException


def _can_read_parquet(pandas):
    """Whether pandas has a Parquet engine (pyarrow or fastparquet) here."""
    for engine in ("pyarrow", "fastparquet"):
        try:
            __import__(engine)
            return True
        except ImportError:
            pass
    return False


def _read_file(pandas, path, separator):
    if path.lower().endswith((".parquet", ".pq")):
        return pandas.read_parquet(path)
    return pandas.read_csv(path, sep=separator)


class DatasetNotFoundException(UserErrorException):
    """No dataset (or no such version of it) in the workspace."""


def _base(workspace):
    return "/workspaces/" + quote_segment(workspace.name)


class Dataset:
    """A registered dataset version: files recorded on a datastore, and for tabular ones a schema and profile."""

    def __init__(self, workspace, data):
        self._ws = workspace
        self._data = data

    @staticmethod
    def get_by_name(workspace, name, version="latest"):
        """The version ``version`` (a number, or ``'latest'``) of dataset ``name``."""
        ref = name if version in (None, "latest") else "%s:%s" % (name, version)
        try:
            data = workspace._client.transport.request("GET", _base(workspace) + "/datasets/" + quote_segment(ref))
        except CairnError as error:
            if error.code == "DATASET_NOT_FOUND":
                raise DatasetNotFoundException(error.message) from error
            raise
        return Dataset(workspace, data)

    @staticmethod
    def get_by_id(workspace, id):
        """A version by its id, ``name:version``."""
        name, _, version = id.rpartition(":")
        return Dataset.get_by_name(workspace, name, version)

    @staticmethod
    def get_all(workspace):
        """The newest version of every dataset, by name."""
        items = workspace._client.transport.request("GET", _base(workspace) + "/datasets")["items"]
        latest = {}
        for item in items:
            latest.setdefault(item["name"], Dataset(workspace, item))
        return latest

    name = property(lambda self: self._data["name"])
    version = property(lambda self: self._data["version"])
    id = property(lambda self: self._data["id"])
    description = property(lambda self: self._data["description"])

    @property
    def profile(self):
        """The tabular profile (status, row count, per-column statistics), or None for file datasets."""
        return self._data.get("profile")

    def _files(self):
        return self._ws._client.transport.request("GET", _base(self._ws) + "/datasets/" + quote_segment(self.id) + "/files")["items"]

    def to_path(self):
        """The recorded files' paths, as v1 gives them: relative, each starting with ``/``."""
        return ["/" + f["path"] for f in self._files()]

    def download(self, target_path=None, overwrite=False):
        """Writes the version's files under ``target_path`` (a new temporary folder by default); returns their paths."""
        target = target_path or tempfile.mkdtemp(prefix="cairn-dataset-")
        written = []
        for f in self._files():
            path = os.path.join(target, *f["path"].split("/"))
            if os.path.exists(path) and not overwrite:
                raise UserErrorException("%s exists; pass overwrite=True to replace it" % path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            partial = path + ".partial"
            with open(partial, "wb") as out:
                self._ws._client.transport.download(
                    _base(self._ws) + "/datastores/" + quote_segment(self._data["datastore"]) + "/files/" + quote_path(f["path"]), out)
            if os.path.getsize(partial) != f["size"]:
                os.remove(partial)
                raise UserErrorException("%s changed on the datastore since %s recorded it" % (f["path"], self.id))
            os.replace(partial, path)
            written.append(path)
        return written

    def to_pandas_dataframe(self, on_error="null", out_of_range_datetime="null"):
        """A tabular dataset's rows as one pandas DataFrame (pandas must be installed)."""
        if self._data.get("kind") != "tabular":
            raise UserErrorException("%s is a file dataset; to_pandas_dataframe needs a tabular one" % self.id)
        try:
            import pandas
        except ImportError as error:
            raise UserErrorException("to_pandas_dataframe needs pandas: install it (apt install python3-pandas)") from error
        with tempfile.TemporaryDirectory(prefix="cairn-dataset-") as folder:
            paths = self.download(folder)
            if any(p.lower().endswith((".parquet", ".pq")) for p in paths) and not _can_read_parquet(pandas):
                return self._server_csv_frame(pandas, folder)
            frames = [_read_file(pandas, p, self._data.get("separator") or ",") for p in paths]
            return pandas.concat(frames, ignore_index=True) if frames else pandas.DataFrame()

    def _server_csv_frame(self, pandas, folder):
        """The rows as the server converts them to CSV: Debian ships pandas without a Parquet engine."""
        path = os.path.join(folder, "rows.csv")
        with open(path, "wb") as out:
            self._ws._client.transport.download(_base(self._ws) + "/datasets/" + quote_segment(self.id) + "/csv", out)
        return pandas.read_csv(path)

    def __repr__(self):
        return "Dataset(name=%r, version=%r, kind=%r)" % (self.name, self.version, self._data.get("kind"))
