#!/usr/bin/env bash
# A short, bounded fuzz run of every target in fuzz/ (cargo-fuzz, libFuzzer, nightly toolchain).
#   FUZZ_SECONDS   seconds per target (default 60)
#   FUZZ_TARGETS   space-separated subset of targets (default: all of them)
#   FUZZ_SANITIZER address (default) or none
# The committed seeds in fuzz/corpus/<target> are read, never written: new inputs go to a scratch
# corpus under the fuzz target directory. Exits non-zero on the first crash, leak, timeout or OOM,
# leaving the reproducer in fuzz/artifacts/<target>/ (run it again with
# `cargo +nightly fuzz run <target> fuzz/artifacts/<target>/<file>`).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

seconds="${FUZZ_SECONDS:-60}"
sanitizer="${FUZZ_SANITIZER:-address}"

if ! rustup toolchain list | grep -q '^nightly'; then
    echo "fuzz-short: the nightly toolchain is required (rustup toolchain install nightly)" >&2
    exit 2
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi

# The fuzz crate has its own workspace and builds with sanitizer flags: keep its artifacts apart
# from the shared target directory so neither build invalidates the other.
unset CARGO_BUILD_TARGET
export CARGO_TARGET_DIR="$REPO_ROOT/fuzz/target"

targets="${FUZZ_TARGETS:-$(cd fuzz && cargo +nightly fuzz list)}"
scratch="$CARGO_TARGET_DIR/scratch-corpus"

cd fuzz
for target in $targets; do
    echo "=== fuzz $target for ${seconds}s (sanitizer: $sanitizer)"
    mkdir -p "$scratch/$target"
    dict=()
    if [ -f request.dict ]; then dict=(-dict=request.dict); fi
    # -timeout: one input taking over 10 s is a hang (a backtracking pattern, a quadratic loop).
    # -rss_limit_mb: a few kilobytes of input must never need gigabytes.
    cargo +nightly fuzz run --sanitizer "$sanitizer" "$target" \
        "$scratch/$target" "corpus/$target" -- \
        -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
        -print_final_stats=1 "${dict[@]}"
done
echo "fuzz-short: no crash in $(echo "$targets" | wc -w) target(s)"
