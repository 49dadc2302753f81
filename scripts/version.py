#!/usr/bin/env python3
"""The release version lives in one place: `version` under `[workspace.package]` in Cargo.toml.

Every crate inherits it (`version.workspace = true`) and the wheel takes it from the binding crate
(`dynamic = ["version"]` in pyproject.toml). The few files whose formats cannot point at it carry a
copy that this script keeps equal:

    python3 scripts/version.py            print the version
    python3 scripts/version.py check      fail, naming each file, when a copy differs (test command)
    python3 scripts/version.py set 0.2.0  write the new version into Cargo.toml and every copy

The copies: the version requirements of the workspace's own crates in `[workspace.dependencies]`
(cargo needs them to publish), bindings-node/package.json and package-lock.json, the platform
package's manifest under bindings-node/npm/, and a `## <version>` section in CHANGELOG.md.
"""
import json
import pathlib
import re
import sys
import tomllib

ROOT = pathlib.Path(__file__).resolve().parent.parent
CARGO = ROOT / "Cargo.toml"
CHANGELOG = ROOT / "CHANGELOG.md"
NODE = ROOT / "bindings-node"
SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$")
# A workspace dependency on one of our own crates: `name = { path = "...", version = "X" }`.
OWN_DEP = re.compile(r'^(?P<head>[\w-]+\s*=\s*\{\s*path\s*=\s*"[^"]+"\s*,\s*version\s*=\s*")(?P<v>[^"]+)(?P<tail>".*)$', re.M)
WORKSPACE_VERSION = re.compile(r'(?ms)^(\[workspace\.package\][^\[]*?^version\s*=\s*")([^"]+)(")')


def current():
    return tomllib.loads(CARGO.read_text())["workspace"]["package"]["version"]


def json_files():
    files = [NODE / "package.json", NODE / "package-lock.json"]
    files += sorted((NODE / "npm").glob("*/package.json"))
    return files


def json_versions(path):
    """(label, value) for every version field of ours in a package.json or package-lock.json."""
    data = json.loads(path.read_text())
    found = [("version", data.get("version"))]
    if path.name == "package-lock.json":
        found.append(('packages[""].version', data.get("packages", {}).get("", {}).get("version")))
    return found


def check(version):
    problems = []
    for m in OWN_DEP.finditer(CARGO.read_text()):
        if m["v"] != version:
            problems.append(f"{CARGO}: `{m['head'].split('=')[0].strip()}` requires version {m['v']}")
    for path in json_files():
        for label, value in json_versions(path):
            if value != version:
                problems.append(f"{path}: {label} is {value}")
    if not CHANGELOG.exists():
        problems.append(f"{CHANGELOG}: missing")
    elif not re.search(rf"^## {re.escape(version)}\b", CHANGELOG.read_text(), re.M):
        problems.append(f"{CHANGELOG}: no `## {version}` section (write what this release changes)")
    return problems


def set_version(new):
    if not SEMVER.match(new):
        sys.exit(f"version.py: {new!r} is not a semantic version like 1.2.3")
    text = CARGO.read_text()
    text, n = WORKSPACE_VERSION.subn(lambda m: m[1] + new + m[3], text, count=1)
    if n != 1:
        sys.exit(f"version.py: no `version = \"...\"` under [workspace.package] in {CARGO}")
    text = OWN_DEP.sub(lambda m: m["head"] + new + m["tail"], text)
    CARGO.write_text(text)
    for path in json_files():
        data = json.loads(path.read_text())
        data["version"] = new
        if path.name == "package-lock.json":
            data["packages"][""]["version"] = new
        path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    print("version.py: run `cargo update --workspace` to record it in Cargo.lock")
    if not re.search(rf"^## {re.escape(new)}\b", CHANGELOG.read_text(), re.M):
        print(f"version.py: now add a `## {new}` section to {CHANGELOG}")


def main(argv):
    if argv == []:
        print(current())
    elif argv == ["check"]:
        version = current()
        problems = check(version)
        if problems:
            print(f"version {version} (Cargo.toml [workspace.package]) is not copied everywhere:")
            print("\n".join(f"  {p}" for p in problems))
            print(f"fix: python3 scripts/version.py set {version} (writes every copy; the CHANGELOG.md"
                  f" section `## {version}` is yours to write)")
            return 1
        print(f"version {version}: Cargo.toml, npm manifests and CHANGELOG.md agree")
    elif len(argv) == 2 and argv[0] == "set":
        set_version(argv[1])
        print(f"version set to {argv[1]}")
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
