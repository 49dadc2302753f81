#!/usr/bin/env bash
# Every test: Rust (lints, generated-file drift, unit, integration, vectors, conformance, fuzz
# corpora replayed, properties), Python, Node, and the packaged artifacts installed on a PATH
# without a compiler. Live fuzzing (nightly, ASan) is its own command: scripts/fuzz-short.sh.
# Installs what it needs itself (pip and npm packages by name); runs on a clean clone with CI=true.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

start=$(date +%s)
step() { printf '\n=== %s (%ss elapsed)\n' "$1" "$(( $(date +%s) - start ))"; }

step "rust"
bash scripts/test-rust.sh
step "python"
bash scripts/test-python.sh
step "node"
bash scripts/test-node.sh
step "dist (the wheel and npm tarballs installed without a compiler)"
bash scripts/test-dist.sh
step "done"
