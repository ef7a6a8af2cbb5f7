/** Makes tiny pure-Python wheels with the stdlib, so environment tests never need PyPI. */
import { execFileSync } from 'node:child_process';

const MAKE_WHEEL = `
import base64, hashlib, sys, zipfile
out, name, version, body = sys.argv[1:5]
files = {f"{name}/__init__.py": body,
         f"{name}-{version}.dist-info/METADATA": f"Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n",
         f"{name}-{version}.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: cairn-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}
record = []
for path, text in files.items():
    data = text.encode()
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    record.append(f"{path},sha256={digest},{len(data)}")
record.append(f"{name}-{version}.dist-info/RECORD,,")
files[f"{name}-{version}.dist-info/RECORD"] = "\\n".join(record) + "\\n"
with zipfile.ZipFile(f"{out}/{name}-{version}-py3-none-any.whl", "w") as z:
    for path, text in files.items():
        z.writestr(path, text)
`;

/** Writes `<dir>/<name>-<version>-py3-none-any.whl` whose package's `__init__.py` is `body`. */
export function makeWheel(dir: string, name: string, version: string, body: string): void {
  execFileSync('/usr/bin/python3', ['-c', MAKE_WHEEL, dir, name, version, body]);
}
