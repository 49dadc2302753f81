#!/usr/bin/env python3
"""Fails when `cargo test --workspace`, the Python build (maturin) and the Node build (napi) would
resolve different features for a shared dependency: each difference makes that crate and everything
above it compile twice. The fix is a line in workspace-hack/Cargo.toml."""
import collections
import os
import subprocess
import sys


def features(spec, edges):
    cmd = ["cargo", "tree", *spec, "-e", edges, "-f", "{p}|{f}", "--prefix", "none",
           "--target", os.environ["CARGO_BUILD_TARGET"]]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    found = collections.defaultdict(set)
    for line in out.splitlines():
        if "|" not in line:
            continue
        package, feats = line.split("|", 1)
        name = " ".join(package.split()[:2])
        found[name] |= {f for f in feats.replace(" (*)", "").strip().split(",") if f}
    return found


bindings = ["partnercentral-selling-node", "partnercentral-selling-python"]
tests = features(["--workspace", *[a for b in bindings for a in ("--exclude", b)]], "normal,build,dev")
drift = []
for binding in bindings:
    built = features(["-p", binding], "normal,build")
    for name in sorted(set(tests) & set(built)):
        if tests[name] != built[name]:
            drift.append(f"{name}: only in cargo test {sorted(tests[name] - built[name])}, "
                         f"only in {binding} {sorted(built[name] - tests[name])}")
if drift:
    print("feature sets drifted apart (add the missing features to workspace-hack/Cargo.toml):")
    print("\n".join(drift))
    sys.exit(1)
print("feature sets agree across cargo test, the Python build and the Node build")
