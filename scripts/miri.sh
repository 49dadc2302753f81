#!/usr/bin/env bash
# The core's pure-code tests under Miri, the Rust interpreter that checks every memory access and
# every `unsafe` contract of the code and of its dependencies (serde_json, memchr, http, ...):
# reading requests (strict JSON, nesting limits), building bodies, parsing responses and errors,
# and the fuzz corpus. The client, emulator and TLS tests need sockets and foreign code (aws-lc)
# that Miri cannot run. Tests that compile the model's patterns are skipped by default: building
# one regex under Miri took over five minutes here (regex-automata's own CI runs it under Miri).
#   MIRI_TESTS  integration test targets (default: wire hardening_pure)
#   MIRI_SKIP   test names to skip (default: the ones that compile patterns, and a 100,000-deep
#               nesting test that takes Miri over ten minutes)
#   MIRI_LIB=1  also run the unit tests (pattern translation: slow under Miri)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

rustup component add --toolchain nightly miri rust-src
cargo +nightly miri setup

# Isolation off: a test may read the repository's JSON files; the clock and randomness are then
# the host's, which none of these tests depend on.
export MIRIFLAGS="${MIRIFLAGS:--Zmiri-disable-isolation}"
targets=()
[ "${MIRI_LIB:-0}" = 1 ] && targets+=(--lib)
for t in ${MIRI_TESTS:-wire hardening_pure}; do targets+=(--test "$t"); done
skips=()
for s in ${MIRI_SKIP:-base_requests_are_valid body_of_deeply_nested every_hostile_value an_oversized_enum}; do
    skips+=(--skip "$s")
done
time cargo +nightly miri test -p partnercentral-selling "${targets[@]}" -- "${skips[@]}"
