#!/usr/bin/env bash
# The Rust workspace: formatting, the feature-unification check, and every Rust test (lints: scripts/lint.sh). The binding crates are tested through
# their own languages' suites (a napi cdylib cannot link a Rust test binary).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# botocore is the test-only oracle for the SigV4 comparison test.
python3 -m pip install --quiet --disable-pip-version-check botocore

cargo fmt --all -- --check
python3 scripts/check-features.py
cargo test --workspace --exclude partnercentral-selling-node --exclude partnercentral-selling-python
