#!/usr/bin/env bash
# The core's pure-code tests (validation, wire parsing) under Miri, the Rust interpreter that
# checks every memory access and every `unsafe` contract of the code and of its dependencies
# (regex, serde_json, memchr, ...). Network, TLS and the client's tests are out of its reach
# (foreign functions, sockets), so they are filtered out by name.
#   MIRI_FILTER  test-name filter(s) passed to the test harness (default: validate wire hardening_pure)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

rustup component add --toolchain nightly miri rust-src
cargo +nightly miri setup

# Miri builds into target/miri; isolation stays on (no clock, no file system), which the pure
# code must not need. Many-seeds is left out: one seed keeps the run within minutes.
export MIRIFLAGS="${MIRIFLAGS:-}"
filters=(${MIRI_FILTER:-validate wire})
cargo +nightly miri test -p partnercentral-selling --lib -- "${filters[@]}"
cargo +nightly miri test -p partnercentral-selling --test hardening_pure
