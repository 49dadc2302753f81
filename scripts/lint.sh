#!/usr/bin/env bash
# Lints every crate, bindings included, with warnings as errors. Run before committing; kept out of
# the test command so CI spends its time on tests (`cargo fmt --check` stays there: it is instant).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo clippy --workspace --all-targets -- -D warnings
