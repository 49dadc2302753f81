#!/usr/bin/env bash
# The Rust workspace: formatting, lints (clippy, -D warnings), the feature-unification check, the
# drift check of every committed generated file (codegen --check), and every Rust test. The binding
# crates are tested through their own languages' suites (a napi cdylib cannot link a Rust test
# binary). The fuzz corpora are replayed as ordinary tests here; live fuzzing is
# scripts/fuzz-short.sh, a command of its own.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

# botocore is the test-only oracle for the SigV4 comparison and the wire parity of every operation.
python3 -m pip install --quiet --disable-pip-version-check "botocore==1.44.8"

cargo fmt --all -- --check
python3 scripts/check-features.py
cargo run --quiet -p partnercentral-selling-codegen -- --check
# The vendored model is exactly what scripts/update-model writes for its recorded botocore version.
fresh="$(mktemp -d)"
bash scripts/update-model "$(sed -n 's/^botocore //p' core/model/VERSION)" "$fresh" >/dev/null
diff -r --exclude=README.md "$fresh" core/model
rm -rf "$fresh"
cargo clippy --workspace --all-targets --exclude partnercentral-selling-node --exclude partnercentral-selling-python -- -D warnings
cargo test --workspace --exclude partnercentral-selling-node --exclude partnercentral-selling-python
