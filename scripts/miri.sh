#!/usr/bin/env bash
# The core's pure-code tests under Miri, the Rust interpreter that checks every memory access and
# every `unsafe` contract of the code and of its dependencies (regex, serde_json, memchr, ...):
# the unit tests, the wire tests, the shared vectors and the hardening table
# (core/tests/hardening_pure.rs scales its sizes down under Miri). The client, emulator and TLS
# tests need sockets and foreign code (aws-lc) that Miri cannot run, so they are not listed.
#   MIRI_TESTS  the integration test targets to run (default: wire vectors hardening_pure)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

rustup component add --toolchain nightly miri rust-src
cargo +nightly miri setup

# The vectors test reads tests/vectors/*.json from disk: file access needs isolation off. The
# clock and randomness are then the host's too, which none of these tests depend on.
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation}"
tests=()
for t in ${MIRI_TESTS:-wire vectors hardening_pure}; do tests+=(--test "$t"); done
time cargo +nightly miri test -p partnercentral-selling --lib "${tests[@]}"
