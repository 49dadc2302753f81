#!/usr/bin/env bash
# The bulk proof against the emulator's quota mode, with a built `pcs` (PCS=path, default the
# debug build). Not part of the test command: it runs for minutes at a scaled quota on purpose.
#   1. N CreateEngagementInvitation rows at the quota scaled SCALE times: elapsed against the
#      quota's minimum time ((N - 1) / rate), throttled rows surfaced, invitations stored.
#   2. The same run killed with kill -9 at random points KILLS times and resumed each time:
#      invitations stored, duplicates (client tokens), every row's result in the journal.
#   3. 50 invalid rows among N: all reported with row numbers, exit 2, no request made.
#   4. Peak RSS of `pcs bulk` for N and BIG rows (MEMORY=1; BIG default 100000) at a fast quota.
#   5. Two processes on one account, N/2 rows each, at once: journals in one directory (they share
#      the schedule file there) against journals in two directories (they do not).
# Usage: scripts/bulk-proof.sh   (N=1000 SCALE=10 KILLS=5 STEPS="1 2 3 5"; MEMORY=1 BIG=100000)
# The journal writes each row twice with synchronous=FULL (two fsyncs per row): on this machine's
# disk that caps a run near 55 rows per second, far above the write quota (1/s) but the bound of
# the memory runs (100,000 rows: about half an hour).
set -euo pipefail
cd "$(dirname "$0")/.."
: "${CARGO_TARGET_DIR:=$PWD/target}"
PCS=${PCS:-$CARGO_TARGET_DIR/debug/pcs}
N=${N:-1000}
SCALE=${SCALE:-10}
KILLS=${KILLS:-5}
PORT=${PORT:-45123}
work=$(mktemp -d)
emu_pid=
cleanup() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLE AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY AWS_REGION=us-east-1
URL=http://127.0.0.1:$PORT

start_emulator() { # scale
  [ -n "$emu_pid" ] && { kill "$emu_pid"; wait "$emu_pid" 2>/dev/null || true; }
  "$PCS" emulator --port "$PORT" --quotas aws --quota-scale "$1" > "$work/emu.log" 2>&1 &
  emu_pid=$!
  for _ in $(seq 100); do curl -s "$URL/__emulator/stats" >/dev/null && return; sleep 0.1; done
  echo "the emulator did not start"; cat "$work/emu.log"; exit 1
}
stat() { curl -s "$URL/__emulator/stats" | python3 -c "import json,sys; print(json.load(sys.stdin)['$1'])"; }
bulk() { "$PCS" bulk create-engagement-invitation --endpoint-url "$URL" --rate "$SCALE" --no-progress "$@"; }

python3 scripts/bulk-rows.py "$N" "$work/rows.jsonl" 2>/dev/null

STEPS=${STEPS:-1 2 3 5}
want() { [[ " $STEPS " == *" $1 "* ]]; }

if want 1; then
echo "== 1. $N rows at ${SCALE}x the quota (write rate $SCALE/s)"
start_emulator "$SCALE"
t0=$(date +%s.%N)
bulk --input "$work/rows.jsonl" --journal "$work/one.db" --results "$work/one.out" || { echo "exit $?"; exit 1; }
t1=$(date +%s.%N)
python3 - "$t0" "$t1" "$N" "$SCALE" "$work/one.out" "$(stat invitations_stored)" <<'PY'
import json, sys
t0, t1, n, scale, out, stored = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]), float(sys.argv[4]), sys.argv[5], int(sys.argv[6])
minimum = (n - 1) / scale
results = [json.loads(l) for l in open(out)]
surfaced = sum(1 for r in results if r["Status"] != "done")
print(f"elapsed {t1 - t0:.2f}s, quota minimum {minimum:.2f}s, ratio {(t1 - t0) / minimum:.4f}; "
      f"rows not done {surfaced}; invitations stored {stored}")
assert stored == n and surfaced == 0 and len(results) == n
PY
fi

if want 2; then
echo "== 2. killed with kill -9 $KILLS times, resumed each time"
start_emulator "$SCALE"
run_seconds=$(python3 -c "print($N / $SCALE)")
for k in $(seq "$KILLS"); do
  # pcs itself in the background (not a shell function's subshell), so kill -9 hits it.
  "$PCS" bulk create-engagement-invitation --endpoint-url "$URL" --rate "$SCALE" --no-progress \
    --input "$work/rows.jsonl" --journal "$work/two.db" > "$work/kill$k.log" 2>&1 &
  pid=$!
  sleep "$(python3 -c "import random; print(round(random.uniform(0.3, $run_seconds / ($KILLS + 1)), 2))")"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  echo "kill $k: $(stat invitations_stored) stored"
done
bulk --input "$work/rows.jsonl" --journal "$work/two.db" --results "$work/two.out"
curl -s "$URL/__emulator/invitations" > "$work/inv.json"
python3 - "$N" "$work/two.out" "$work/inv.json" "$(stat invitations_stored)" <<'PY'
import json, sys
n, out, inv, stored = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
results = [json.loads(l) for l in open(out)]
done = [r for r in results if r["Status"] == "done"]
ids = {r["Output"]["Id"] for r in done}
body = json.load(open(inv))
items = body if isinstance(body, list) else body.get("invitations", body.get("Invitations", []))
tokens = [i.get("client_token") or i.get("ClientToken") for i in items]
dups = len(tokens) - len(set(tokens))
print(f"invitations stored {stored}, results done {len(done)}/{len(results)}, distinct ids {len(ids)}, duplicate tokens {dups}")
assert stored == n and len(done) == n and len(ids) == n and dups == 0
PY
fi

if want 3; then
echo "== 3. 50 invalid rows among $N"
start_emulator "$SCALE"
expected=$(python3 scripts/bulk-rows.py "$N" "$work/bad.jsonl" --invalid 50 2>&1 >/dev/null)
set +e
bulk --input "$work/bad.jsonl" --journal "$work/three.db" 2> "$work/bad.err"
code=$?
set -e
reported=$(grep -o '^row [0-9]*' "$work/bad.err" | cut -d' ' -f2 | tr '\n' ' ' | sed 's/ $//')
echo "exit $code; rows reported: $(echo "$reported" | wc -w); requests made: $(stat requests)"
[ "$code" = 2 ] && [ "$reported" = "$expected" ] && [ "$(stat requests)" = 0 ]
grep -m1 -A1 '^row ' "$work/bad.err"
fi

if want 5; then
echo "== 5. two processes on one account, $((N / 2)) rows each, at once"
half=$((N / 2))
head -n "$half" "$work/rows.jsonl" > "$work/a.jsonl"
tail -n +"$((half + 1))" "$work/rows.jsonl" | head -n "$half" > "$work/b.jsonl"
for layout in shared separate; do
  start_emulator "$SCALE"
  mkdir -p "$work/$layout/a" "$work/$layout/b"
  if [ "$layout" = shared ]; then ja=$work/$layout/a/a.db; jb=$work/$layout/a/b.db; else ja=$work/$layout/a/a.db; jb=$work/$layout/b/b.db; fi
  t0=$(date +%s.%N)
  bulk --input "$work/a.jsonl" --journal "$ja" > "$work/$layout.a.out" &
  pa=$!
  bulk --input "$work/b.jsonl" --journal "$jb" > "$work/$layout.b.out" &
  pb=$!
  set +e; wait "$pa"; ca=$?; wait "$pb"; cb=$?; set -e
  echo "exit codes $ca $cb (0: every row done, 1: some rows failed)"
  t1=$(date +%s.%N)
  python3 - "$layout" "$t0" "$t1" "$((2 * half))" "$SCALE" "$(stat invitations_stored)" "$work/$layout.a.out" "$work/$layout.b.out" <<'PY'
import re, sys
layout, t0, t1, n, scale, stored = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
throttled = sum(int(re.search(r"\((\d+) throttled", open(f).read()).group(1)) for f in sys.argv[7:9])
minimum = (n - 1) / scale
print(f"journals in {'one directory' if layout == 'shared' else 'two directories'}: elapsed {t1 - t0:.2f}s, "
      f"quota minimum {minimum:.2f}s, ratio {(t1 - t0) / minimum:.4f}; throttled attempts {throttled}; stored {stored}")
# Sharing the schedule, both runs finish every row; alone, each paces as if it had the account
# to itself, and rows may spend their throttling budget (reported, not asserted).
assert layout != "shared" or stored == n, f"{n - stored} rows not stored"
PY
done
fi
if [ "${MEMORY:-0}" = 1 ]; then
  echo "== 4. peak RSS (at 2000x the quota: 2000 writes/s)"
  for rows in "$N" "${BIG:-100000}"; do
    start_emulator 2000
    python3 scripts/bulk-rows.py "$rows" "$work/m.jsonl" 2>/dev/null
    rm -f "$work/m.db"
    /usr/bin/time -f "%M" -o "$work/rss" "$PCS" bulk create-engagement-invitation --endpoint-url "$URL" \
      --rate 2000 --daily-limit 100000000 --no-progress --input "$work/m.jsonl" --journal "$work/m.db" > /dev/null
    echo "$rows rows: peak RSS $(cat "$work/rss") KiB"
  done
fi
echo "bulk proof: all checks passed"
