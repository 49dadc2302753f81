#!/usr/bin/env bash
# Lints every crate, the binding crates included, with warnings as errors. The test command lints
# the rest of the workspace itself (scripts/test-rust.sh); this adds the pyo3 and napi crates.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo clippy --workspace --all-targets -- -D warnings
