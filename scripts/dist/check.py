#!/usr/bin/env python3
"""Checks the artifacts scripts/dist.sh wrote, and fails naming the artifact, the file and the fix.

- every artifact is there, named with the one version;
- the wheel is abi3 for CPython 3.9+, tagged manylinux_2_17 (manylinux2014), and `auditwheel show`
  agrees that its binaries need nothing newer; `twine check` passes for the wheel and the sdist;
- the wheel holds the extension module and `pcs` (in .data/scripts) and nothing of the test suite;
- the npm platform package holds exactly the addon, package.json, README, LICENSE and NOTICE; the
  main package holds no binary, no Rust sources, no install script, and depends on the platform
  package at the same version;
- every ELF binary shipped (extension module, pcs, .node) has no debug sections and no symbol table
  (`strip = true` in the `dist` profiles), and needs glibc 2.17 at most;
- LICENSE and NOTICE are inside every artifact (wheel, sdist, both npm tarballs, each .crate).

usage: check.py --version X.Y.Z --tools <venv with auditwheel and twine> <dist dir>
"""
import argparse
import io
import json
import pathlib
import re
import struct
import subprocess
import sys
import tarfile
import zipfile

# Paths that belong to the test suite or to development, never to an installed package.
TEST_FILE = re.compile(r"(^|/)(tests?|testing|fixtures|vectors|bench|benches|fuzz)/|(^|/)(test_[^/]*|[^/]*_test|conftest)\.py$|\.test\.[cm]?[jt]s$")
MAX_GLIBC = (2, 17)
problems = []


def fail(artifact, message, fix):
    problems.append(f"{artifact}: {message}\n    fix: {fix}")


def elf_sections(data):
    """Section names of an ELF64 little-endian file."""
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        raise ValueError("not an ELF64 little-endian file")
    shoff, = struct.unpack_from("<Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from("<HHH", data, 0x3A)
    headers = [struct.unpack_from("<IIQQQQIIQQ", data, shoff + i * shentsize) for i in range(shnum)]
    strtab = headers[shstrndx]
    names = data[strtab[4]:strtab[4] + strtab[5]]
    return [names[h[0]:names.index(b"\0", h[0])].decode() for h in headers]


def glibc_versions(data):
    """The GLIBC_x.y versions a binary asks for (from its .gnu.version_r strings)."""
    return {tuple(int(p) for p in m.group(1).split(b".")) for m in re.finditer(rb"GLIBC_(\d+\.\d+(?:\.\d+)?)\0", data)}


def check_binary(artifact, name, data):
    try:
        sections = elf_sections(data)
    except (ValueError, struct.error) as err:
        fail(artifact, f"{name} is not a readable ELF64 file ({err})", "rebuild with scripts/dist.sh")
        return
    debug = [s for s in sections if s.startswith((".debug", ".zdebug")) or s == ".symtab"]
    if debug:
        fail(artifact, f"{name} carries {', '.join(debug)}", "keep `strip = true` in [profile.dist] of Cargo.toml")
    newest = max(glibc_versions(data), default=(0, 0))
    if newest > MAX_GLIBC:
        fail(artifact, f"{name} needs GLIBC_{'.'.join(map(str, newest))}, newer than 2.17",
             "build through scripts/dist.sh, which links with zig against glibc 2.17 (scripts/dist/zig-env.sh)")
    print(f"  {name}: {len(data) / 1e6:.1f} MB, stripped, needs glibc {'.'.join(map(str, newest))} at most")


def no_test_files(artifact, names):
    bad = [n for n in names if TEST_FILE.search(n)]
    if bad:
        fail(artifact, f"holds test or development files: {', '.join(bad[:5])}", "exclude them from the package")


def has_legal(artifact, names):
    for legal in ("LICENSE", "NOTICE"):
        if not any(n.rsplit("/", 1)[-1] == legal for n in names):
            fail(artifact, f"has no {legal}", f"ship {legal} from the repository root in this artifact")


def check_wheel(dist, version, tools):
    wheels = sorted(dist.glob("*.whl"))
    expected = f"partnercentral_selling-{version}-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl"
    if [w.name for w in wheels] != [expected]:
        fail(dist, f"wheels {[w.name for w in wheels]}, expected [{expected}]", "run scripts/dist.sh")
        return
    wheel = wheels[0]
    print(f"{wheel.name}: {wheel.stat().st_size / 1e6:.1f} MB")
    with zipfile.ZipFile(wheel) as z:
        names = z.namelist()
        for need in ("partnercentral_selling/__init__.py", "partnercentral_selling/_native.abi3.so",
                     f"partnercentral_selling-{version}.data/scripts/pcs", "partnercentral_selling/py.typed"):
            if need not in names:
                fail(wheel.name, f"has no {need}", "run scripts/dist.sh (it stages pcs for maturin)")
        for name in names:
            data = z.read(name)
            if data[:4] == b"\x7fELF":
                check_binary(wheel.name, name, data)
        no_test_files(wheel.name, names)
        has_legal(wheel.name, names)
    shown = subprocess.run([str(tools / "bin" / "auditwheel"), "show", str(wheel)], capture_output=True, text=True)
    text = " ".join(shown.stdout.split())
    if shown.returncode != 0 or 'consistent with the following platform tag: "manylinux_2_17_x86_64"' not in text:
        fail(wheel.name, f"auditwheel show says: {text or shown.stderr}", "link against glibc 2.17 (scripts/dist/zig-env.sh)")
    else:
        print("  auditwheel show: consistent with manylinux_2_17_x86_64")


def check_sdist(dist, version):
    sdist = dist / f"partnercentral_selling-{version}.tar.gz"
    if not sdist.exists():
        fail(dist, f"no {sdist.name}", "run scripts/dist.sh")
        return
    with tarfile.open(sdist) as t:
        names = [n.split("/", 1)[1] for n in t.getnames() if "/" in n]
    for need in ("pyproject.toml", "Cargo.toml", "Cargo.lock", "bindings-python/Cargo.toml",
                 "core/build.rs", "core/model/partnercentral-selling-2022-07-26.service-2.json"):
        if need not in names:
            fail(sdist.name, f"has no {need}", "check [tool.maturin] and the crates' `include` lists")
    has_legal(sdist.name, names)
    print(f"{sdist.name}: {sdist.stat().st_size / 1e6:.1f} MB, {len(names)} files")


def npm_members(path):
    with tarfile.open(path) as t:
        return {m.name.removeprefix("package/"): (t.extractfile(m).read() if m.isfile() else b"") for m in t.getmembers()}


def check_npm(dist, version):
    main = dist / f"partnercentral-selling-{version}.tgz"
    platform = dist / f"partnercentral-selling-linux-x64-gnu-{version}.tgz"
    for tgz in (main, platform):
        if not tgz.exists():
            fail(dist, f"no {tgz.name}", "run scripts/dist.sh")
            return
    files = npm_members(platform)
    node_file = "partnercentral-selling.linux-x64-gnu.node"
    if sorted(files) != sorted(["package.json", "README.md", "LICENSE", "NOTICE", node_file]):
        fail(platform.name, f"holds {sorted(files)}", "see `files` in bindings-node/npm/linux-x64-gnu/package.json")
    manifest = json.loads(files["package.json"])
    if (manifest["version"], manifest["main"], manifest.get("os"), manifest.get("cpu")) != (version, node_file, ["linux"], ["x64"]):
        fail(platform.name, f"manifest {manifest}", "edit bindings-node/npm/linux-x64-gnu/package.json")
    print(f"{platform.name}: {platform.stat().st_size / 1e6:.1f} MB")
    if node_file in files:
        check_binary(platform.name, node_file, files[node_file])

    files = npm_members(main)
    manifest = json.loads(files["package.json"])
    print(f"{main.name}: {main.stat().st_size / 1e3:.0f} kB, {len(files)} files")
    if manifest.get("optionalDependencies") != {"partnercentral-selling-linux-x64-gnu": version}:
        fail(main.name, f"optionalDependencies {manifest.get('optionalDependencies')}", "see scripts/dist/npm-pack.js")
    if "scripts" in manifest:
        fail(main.name, f"has scripts {manifest['scripts']} (an install script would compile on the user's machine)", "see scripts/dist/npm-pack.js")
    for name in files:
        if name.endswith((".node", ".rs", ".so")) or name in ("Cargo.toml", "build.rs"):
            fail(main.name, f"holds {name}", "the main package ships JavaScript only (scripts/dist/npm-pack.js)")
    for need in ("index.js", "index.mjs", "index.d.ts", "lib/native.js", "README.md"):
        if need not in files:
            fail(main.name, f"has no {need}", "see scripts/dist/npm-pack.js")
    for tgz in (main, platform):
        names = list(npm_members(tgz))
        no_test_files(tgz.name, names)
        has_legal(tgz.name, names)


def check_crates(dist, version):
    for name in ("partnercentral-selling-model-reader", "partnercentral-selling", "partnercentral-selling-emulator"):
        crate = dist / "crates" / f"{name}-{version}.crate"
        if not crate.exists():
            fail(dist, f"no crates/{crate.name}", "run scripts/dist.sh")
            continue
        with tarfile.open(crate) as t:
            names = [n.split("/", 1)[1] for n in t.getnames() if "/" in n]
            manifest = t.extractfile(f"{name}-{version}/Cargo.toml").read().decode()
        has_legal(crate.name, names)
        if "README.md" not in names:
            fail(crate.name, "has no README.md", f"set `readme` in {name}'s Cargo.toml")
        if any(n.startswith("tests/") for n in names):
            fail(crate.name, "holds tests/", "keep tests out through `include` in its Cargo.toml")
        if "workspace-hack" in manifest:
            fail(crate.name, "depends on workspace-hack", "only unpublished crates depend on workspace-hack")
        for key in ("description", "license", "repository", "readme"):
            if not re.search(rf"^{key} = ", manifest, re.M):
                fail(crate.name, f"has no `{key}`", f"set it in {name}'s Cargo.toml")
        print(f"{crate.name}: {crate.stat().st_size / 1e3:.0f} kB, {len(names)} files")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--version", required=True)
    parser.add_argument("--tools", required=True, type=pathlib.Path)
    parser.add_argument("dist", type=pathlib.Path)
    args = parser.parse_args()
    check_wheel(args.dist, args.version, args.tools)
    check_sdist(args.dist, args.version)
    check_npm(args.dist, args.version)
    check_crates(args.dist, args.version)
    twine = subprocess.run([str(args.tools / "bin" / "twine"), "check", "--strict", *map(str, sorted(args.dist.glob("*.whl"))),
                            *map(str, sorted(args.dist.glob("*.tar.gz")))], capture_output=True, text=True)
    if twine.returncode != 0:
        fail("twine check", twine.stdout + twine.stderr, "fix the package metadata in pyproject.toml")
    else:
        print("twine check --strict: PASSED (wheel, sdist)")
    if problems:
        print(f"\n{len(problems)} problem(s) with the artifacts in {args.dist}:", file=sys.stderr)
        print("\n".join(problems), file=sys.stderr)
        return 1
    print(f"all artifacts in {args.dist} check out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
