#!/usr/bin/env bash
# Load and leak check (not part of CI; minutes of work): from Rust, Python and Node in turn,
#   1. LOAD_CALLS (10,000) CreateEngagementInvitation calls with 64 in flight against the emulator,
#      RSS of the calling process recorded at 1,000 and 10,000 calls;
#   2. LEAK_CALLS (100,000) calls, RSS at 1k, 10k, 50k and 100k: memory must stop growing.
# Each run gets a fresh emulator in a separate process (it keeps every invitation it stores, so
# its memory would otherwise swamp the client's). No faults are injected: any error fails.
#   LOAD_LANGS        subset of "rust python node" (default: all three)
#   LEAK_MAX_GROWTH   allowed RSS growth in percent over the second half of the leak run
#                     (default 10). The first half is warm-up: V8 and glibc size their heaps to
#                     the load (Node grows from ~76 to ~96 MB between 10k and 50k calls, then
#                     stays flat); a leak grows in both halves alike.
#   LOAD_PROFILE      cargo profile of the Rust driver: release (default) or dev
# Results: one JSON line per checkpoint on stdout, and in target/load/results.jsonl.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

langs="${LOAD_LANGS:-rust python node}"
load_calls="${LOAD_CALLS:-10000}"
leak_calls="${LEAK_CALLS:-100000}"
max_growth="${LEAK_MAX_GROWTH:-10}"
out="$CARGO_TARGET_DIR/load"
mkdir -p "$out"
: > "$out/results.jsonl"

# The driver and server: a build of tests/hardening/load (its own small workspace).
profile="${LOAD_PROFILE:-release}"
cargo build --profile "$profile" --quiet --manifest-path tests/hardening/load/Cargo.toml
loadbin="$TARGET_OUT/$([ "$profile" = dev ] && echo debug || echo "$profile")/partnercentral-selling-load"

for lang in $langs; do
    case "$lang" in
    python)
        python3 -c 'import partnercentral_selling' 2>/dev/null ||
            python3 -m pip install --quiet --disable-pip-version-check .
        ;;
    node)
        ls bindings-node/*.node >/dev/null 2>&1 || (cd bindings-node && npm install --no-audit --no-fund)
        ;;
    esac
done

run_driver() { # lang url calls checkpoints
    case "$1" in
    rust) "$loadbin" drive "$2" "$3" "$4" ;;
    python) python3 tests/hardening/load_python.py "$2" "$3" "$4" ;;
    node) node tests/hardening/load_node.mjs "$2" "$3" "$4" ;;
    esac
}

# Starts a fresh emulator, runs one driver against it, stops the emulator (by closing its stdin).
with_emulator() { # lang calls checkpoints
    local url status=0
    coproc SERVER { exec "$loadbin" serve; }
    read -r url <&"${SERVER[0]}"
    run_driver "$1" "$url" "$2" "$3" | tee -a "$out/results.jsonl" || status=$?
    eval "exec ${SERVER[1]}>&-"
    wait "$SERVER_PID" || true
    return "$status"
}

failed=0
for lang in $langs; do
    echo "=== $lang: $load_calls calls, 64 in flight" >&2
    with_emulator "$lang" "$load_calls" "1000,$load_calls" || failed=1
    echo "=== $lang: leak check over $leak_calls calls" >&2
    with_emulator "$lang" "$leak_calls" "1000,10000,$((leak_calls / 2)),$leak_calls" || failed=1
done

# Verdict: every call succeeded, and RSS over the second half of the leak run grew less than the
# limit.
python3 - "$out/results.jsonl" "$max_growth" "$leak_calls" <<'PY' || failed=1
import collections, json, sys
path, limit, leak_calls = sys.argv[1], float(sys.argv[2]), int(sys.argv[3])
rows = [json.loads(line) for line in open(path) if line.startswith("{")]
ok = True
for row in rows:
    if row["errors"]:
        print(f"FAIL {row['lang']}: errors after {row['calls']} calls: {row['errors']}"); ok = False
runs = collections.defaultdict(list)
for row in rows:
    runs[row["lang"]].append(row)
for lang, lang_rows in runs.items():
    leak = [r for r in lang_rows if r["calls"] == leak_calls]
    at_10k = [r for r in lang_rows if r["calls"] == 10000]
    half = [r for r in lang_rows if r["calls"] == leak_calls // 2]
    if not leak or not at_10k or not half:
        print(f"FAIL {lang}: missing checkpoints (a run stopped early)"); ok = False; continue
    base, end = half[-1]["rss_kib"], leak[-1]["rss_kib"]
    growth = 100.0 * (end - base) / base
    print(f"{lang}: RSS {at_10k[0]['rss_kib']} KiB at 10k (load run); leak run: "
          f"{at_10k[-1]['rss_kib']} KiB at 10k, {base} KiB at {leak_calls // 2}, "
          f"{end} KiB at {leak_calls}: {growth:+.1f}% over the second half")
    if growth > limit:
        print(f"FAIL {lang}: RSS grew {growth:.1f}% (limit {limit}%)"); ok = False
sys.exit(0 if ok else 1)
PY
exit "$failed"
