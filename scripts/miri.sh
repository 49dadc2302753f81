#!/usr/bin/env bash
# The core's pure-code tests under Miri, the Rust interpreter that checks every memory access and
# every `unsafe` contract of the code and of its dependencies (serde_json, memchr, regex-automata,
# http, ...): validation of every constraint and every model pattern (the shared vectors, hostile
# values at every position, malformed input), reading requests (strict JSON, nesting limits),
# building bodies, parsing responses and errors, and the fuzz corpus. The patterns are DFAs that
# build.rs compiled; loading one is `DFA::from_bytes` over embedded bytes, cheap under Miri too
# (wire's base_requests_are_valid: 18 s, against 20 minutes when each regex was compiled at run
# time). On a shared 2-core machine: bad_input 52 s, hardening_pure 26 minutes, vectors over half
# an hour (every one of 543 vectors, twice, plus bodies): run it as a CI job of its own. The
# client, emulator and TLS tests need sockets and foreign code (aws-lc) that Miri cannot run.
#   MIRI_TESTS  integration test targets (default: wire hardening_pure vectors bad_input)
#   MIRI_SKIP   test names to skip (default: the tests sized for native speed, 100,000-deep
#               nesting (wire's took Miri over ten minutes) and 10 MiB strings; hardening_pure
#               runs the same hostile kinds, scaled down, under Miri)
#   MIRI_LIB=1  also run the unit tests (signing and endpoint resolution: slow under Miri)
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
for t in ${MIRI_TESTS:-wire hardening_pure vectors bad_input}; do targets+=(--test "$t"); done
skips=()
for s in ${MIRI_SKIP:-body_of_deeply_nested deep_nesting_in_bytes deep_nesting_in_a_tree ten_megabyte_strings}; do
    skips+=(--skip "$s")
done
time cargo +nightly miri test -p partnercentral-selling "${targets[@]}" -- "${skips[@]}"
