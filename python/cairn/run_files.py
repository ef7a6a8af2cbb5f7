"""Run files: streamed uploads, listing and downloads (mixed into Run)."""
import hashlib
import os
import posixpath
import sys

from .errors import CairnError, ValidationError


class RunFiles:
    """File methods of a run; expects ``_client``, ``_workspace``, ``_id`` and ``_outputs``."""

    def upload_file(self, name, path_or_stream):
        """Uploads a local file (or a binary stream) as run file `name`, streamed; returns its record."""
        name = _clean_name(name)
        return self._client.upload_file(self._workspace, self._id, name, path_or_stream)

    def upload_files(self, names, paths):
        """Uploads several files; `names` and `paths` must have the same length."""
        if len(names) != len(paths):
            raise TypeError("names and paths must have the same length")
        return [self.upload_file(name, path) for name, path in zip(names, paths)]

    def upload_folder(self, name, path, skip_existing=False):
        """Uploads every file under a local folder as ``<name>/<relative path>``."""
        records = []
        existing = self._existing_hashes(name) if skip_existing else {}
        for local, relative in _walk(path):
            target = posixpath.join(name, relative) if name else relative
            if existing.get(target) == _sha256(local):
                continue
            records.append(self.upload_file(target, local))
        return records

    def list_files(self, prefix=None):
        """Run file records (path, size, sha256, contentType, createdAt)."""
        return self._client.list_files(self._workspace, self._id, prefix)

    def get_file_names(self, prefix=None):
        """Run file paths."""
        return [item["path"] for item in self.list_files(prefix)]

    def download_file(self, name, output_file_path=None):
        """Downloads one run file; by default into the working directory under its file name."""
        target = output_file_path or posixpath.basename(name)
        if os.path.isdir(target):
            target = os.path.join(target, posixpath.basename(name))
        _write_atomically(target, lambda handle: self._client.download_file(self._workspace, self._id, name, handle))
        return target

    def download_files(self, prefix=None, output_directory=None, output_paths=None, append_prefix=True):
        """Downloads every run file under a prefix into a directory, keeping relative paths; returns the paths."""
        names = self.get_file_names(prefix)
        if output_paths is not None and len(output_paths) != len(names):
            raise ValidationError("output_paths must name one path per file (%d)" % len(names))
        directory = output_directory or os.getcwd()
        written = []
        for index, name in enumerate(names):
            if output_paths is not None:
                target = output_paths[index]
            else:
                relative = name if append_prefix or not prefix else name[len(prefix):].lstrip("/")
                target = os.path.join(directory, *relative.split("/"))
            written.append(self.download_file(name, target))
        return written

    def _existing_hashes(self, prefix):
        return {item["path"]: item["sha256"] for item in self.list_files(prefix or None)}

    def _upload_outputs(self):
        """Uploads the tracked outputs folder (v1's ``outputs``) before the run ends; files already stored are skipped."""
        if not self._outputs or not os.path.isdir(self._outputs):
            return
        try:
            self.upload_folder("outputs", self._outputs, skip_existing=True)
        except CairnError as error:
            sys.stderr.write("cairn: could not upload %s: %s\n" % (self._outputs, error))


def _clean_name(name):
    name = str(name).replace("\\", "/").lstrip("/")
    if not name or any(part in ("", ".", "..") for part in name.split("/")):
        raise ValidationError("invalid run file name %r: use a relative path without '.', '..' or empty parts" % name)
    return name


def _walk(root):
    for directory, dirs, files in os.walk(root):
        dirs.sort()
        for file_name in sorted(files):
            local = os.path.join(directory, file_name)
            yield local, os.path.relpath(local, root).replace(os.sep, "/")


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1024 * 1024), b""):
            digest.update(block)
    return digest.hexdigest()


def _write_atomically(target, write):
    """Writes a download to a temporary file beside `target`, then renames it into place."""
    directory = os.path.dirname(os.path.abspath(target))
    os.makedirs(directory, exist_ok=True)
    partial = target + ".partial"
    try:
        with open(partial, "wb") as handle:
            write(handle)
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.remove(partial)
