"""Install the pinned front-end packages without npm.

Reads package-lock.json, downloads each package's tarball from the npm
registry and checks it against the lock file's sha512 before unpacking it into
node_modules/, as `npm ci` would. Only for machines without npm.
"""

import base64
import hashlib
import io
import json
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REGISTRY = "https://registry.npmjs.org"


def main() -> int:
    lock = json.loads((ROOT / "package-lock.json").read_text())
    for path, meta in lock["packages"].items():
        if not path.startswith("node_modules/"):
            continue
        name = path.removeprefix("node_modules/")
        version = meta["version"]
        url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
        data = urllib.request.urlopen(url, timeout=60).read()
        algorithm, expected = meta["integrity"].split("-", 1)
        digest = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
        if digest != expected:
            print(f"{name}@{version}: checksum mismatch, refusing to install", file=sys.stderr)
            return 1
        target = ROOT / path
        with tarfile.open(fileobj=io.BytesIO(data)) as archive:
            for member in archive.getmembers():
                member.name = member.name.split("/", 1)[1] if "/" in member.name else ""
            archive.extractall(
                target, members=[m for m in archive.getmembers() if m.name], filter="data"
            )
        print(f"installed {name}@{version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
