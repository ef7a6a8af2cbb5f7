"""Uploads (streamed, one large file), lists and downloads run files; reports peak memory."""
import hashlib
import json
import os
import resource
import shutil
import sys
import tempfile

from azureml.core import Run


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


size_mb = int(sys.argv[1])
run = Run.get_context()
work = tempfile.mkdtemp()
big = os.path.join(work, "big.bin")
with open(big, "wb") as handle:
    for _ in range(size_mb):
        handle.write(os.urandom(1 << 20))
folder = os.path.join(work, "outputs")
os.makedirs(os.path.join(folder, "nested"))
with open(os.path.join(folder, "a.txt"), "w") as handle:
    handle.write("alpha")
with open(os.path.join(folder, "nested", "b.txt"), "w") as handle:
    handle.write("beta")

before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
run.upload_file("models/big.bin", big)
run.upload_folder("outputs", folder)
names = sorted(run.get_file_names())
downloaded = run.download_file("models/big.bin", os.path.join(work, "big-copy.bin"))
tree = run.download_files(prefix="outputs", output_directory=os.path.join(work, "copy"))
after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux

assert sha256(downloaded) == sha256(big)
with open(os.path.join(work, "copy", "outputs", "nested", "b.txt")) as handle:
    assert handle.read() == "beta"
found = {
    "names": names, "sha256": sha256(big), "downloaded": sorted(os.path.relpath(p, work) for p in tree),
    "maxRssMiB": after / 1024.0, "rssBeforeMiB": before / 1024.0,
}
shutil.rmtree(work)
print(json.dumps(found))
