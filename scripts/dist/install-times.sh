#!/usr/bin/env bash
# Install and import times of our artifacts next to the official SDKs', each into a fresh virtual
# environment or folder, on this machine and its registry mirror. A measurement, not a test.
#
# usage: scripts/dist/install-times.sh [DIST_DIR]   (default dist/; build it with scripts/dist.sh)
# Reports, each the median of RUNS (default 5) fresh installs:
#   pip: our wheel from its file (no index); boto3 from the registry (pip's cache off); boto3 from
#        wheels downloaded beforehand (no index), the like-for-like case;
#   npm: our two tarballs from their files (offline); @aws-sdk/client-partnercentral-selling from the
#        registry with an empty npm cache, and again with the cache warm;
#   import: `python -c "import X"` and `node -e "require('X')"`, median of 9 fresh processes.
set -euo pipefail
cd "$(dirname "$0")/../.."
DIST="$(cd "${1:-dist}" && pwd)"
RUNS="${RUNS:-5}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
WHEEL="$(ls "$DIST"/partnercentral_selling-*.whl)"
MAIN_TGZ="$(ls "$DIST"/partnercentral-selling-[0-9]*.tgz)"
PLATFORM_TGZ="$(ls "$DIST"/partnercentral-selling-linux-x64-gnu-*.tgz)"

now() { date +%s%N; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# time_ms <setup command> -- <timed command>: runs setup (untimed) then the command, RUNS times.
runs_ms() {
    local setup="$1" cmd="$2" i t
    for i in $(seq "$RUNS"); do
        eval "$setup" >/dev/null 2>&1
        t=$(now)
        eval "$cmd" >/dev/null 2>&1 || { echo "failed: $cmd" >&2; exit 1; }
        echo $(( ($(now) - t) / 1000000 ))
    done | median
}
proc_ms() {
    local cmd="$1" i t
    for i in $(seq 9); do t=$(now); eval "$cmd" >/dev/null 2>&1; echo $(( ($(now) - t) / 1000000 )); done | median
}

fresh_venv='rm -rf "$WORK/v" && python3 -m venv "$WORK/v"'
fresh_app='rm -rf "$WORK/app" && mkdir -p "$WORK/app" && echo "{\"name\":\"m\",\"version\":\"1.0.0\",\"private\":true}" > "$WORK/app/package.json"'
PIP='"$WORK/v/bin/python" -m pip install --quiet --disable-pip-version-check'

ours_pip=$(runs_ms "$fresh_venv" "$PIP --no-index \"$WHEEL\"")
boto_pip=$(runs_ms "$fresh_venv" "$PIP --no-cache-dir boto3")
python3 -m pip download --quiet --disable-pip-version-check --dest "$WORK/wheels" boto3 >/dev/null
boto_local=$(runs_ms "$fresh_venv" "$PIP --no-index --find-links \"$WORK/wheels\" boto3")
eval "$fresh_venv" && eval "$PIP --no-index \"$WHEEL\"" && eval "$PIP --no-index --find-links \"$WORK/wheels\" boto3"
ours_import=$(proc_ms "\"$WORK/v/bin/python\" -c 'import partnercentral_selling'")
boto_import=$(proc_ms "\"$WORK/v/bin/python\" -c 'import boto3'")
boto_client=$(proc_ms "\"$WORK/v/bin/python\" -c 'import boto3; boto3.client(\"partnercentral-selling\", region_name=\"us-east-1\")'")
ours_client=$(proc_ms "\"$WORK/v/bin/python\" -c 'import partnercentral_selling as p; p.Client(region_name=\"us-east-1\", aws_access_key_id=\"a\", aws_secret_access_key=\"b\")'")
bare=$(proc_ms "\"$WORK/v/bin/python\" -c pass")

NPM='npm install --no-audit --no-fund --loglevel=error'
ours_npm=$(runs_ms "$fresh_app" "(cd \"$WORK/app\" && $NPM --offline \"$MAIN_TGZ\" \"$PLATFORM_TGZ\" </dev/null)")
js_cold=$(runs_ms "$fresh_app; rm -rf \"$WORK/npm-cache\"" "(cd \"$WORK/app\" && $NPM --cache \"$WORK/npm-cache\" @aws-sdk/client-partnercentral-selling </dev/null)")
js_warm=$(runs_ms "$fresh_app" "(cd \"$WORK/app\" && $NPM --cache \"$WORK/npm-cache\" --prefer-offline @aws-sdk/client-partnercentral-selling </dev/null)")
eval "$fresh_app"
(cd "$WORK/app" && $NPM --offline "$MAIN_TGZ" "$PLATFORM_TGZ" </dev/null >/dev/null && $NPM --cache "$WORK/npm-cache" --prefer-offline @aws-sdk/client-partnercentral-selling </dev/null >/dev/null)
ours_require=$(proc_ms "(cd \"$WORK/app\" && node -e \"require('partnercentral-selling')\")")
js_require=$(proc_ms "(cd \"$WORK/app\" && node -e \"require('@aws-sdk/client-partnercentral-selling')\")")
node_bare=$(proc_ms "(cd \"$WORK/app\" && node -e 0)")
js_size=$( (du -sk "$WORK/app/node_modules/@aws-sdk" "$WORK/app/node_modules/@smithy" "$WORK/app/node_modules/@aws-crypto" 2>/dev/null || true) | awk '{s+=$1} END {print int(s/1024)}')
ours_size=$(du -sk "$WORK/app/node_modules/partnercentral-selling" "$WORK/app/node_modules/partnercentral-selling-linux-x64-gnu" | awk '{s+=$1} END {print int(s/1024)}')

cat <<EOF
install (median of $RUNS fresh installs, ms):
  pip  partnercentral-selling wheel, from its file, no index   $ours_pip
  pip  boto3 from the registry, no pip cache                    $boto_pip
  pip  boto3 from downloaded wheels, no index                   $boto_local
  npm  our two tarballs, from their files, offline              $ours_npm
  npm  @aws-sdk/client-partnercentral-selling, empty cache      $js_cold
  npm  @aws-sdk/client-partnercentral-selling, warm cache       $js_warm
import in a fresh process (median of 9, ms; interpreter alone: python $bare, node $node_bare):
  python -c 'import partnercentral_selling'                     $ours_import
  python -c 'import boto3'                                      $boto_import
  ... and construct a client: ours $ours_client, boto3 $boto_client
  node -e "require('partnercentral-selling')"                   $ours_require
  node -e "require('@aws-sdk/client-partnercentral-selling')"   $js_require
installed size in node_modules (MiB): ours $ours_size, the JS SDK (@aws-sdk, @smithy, @aws-crypto) $js_size
wheel: $(du -k "$WHEEL" | awk '{printf "%.1f MiB", $1/1024}'), platform package: $(du -k "$PLATFORM_TGZ" | awk '{printf "%.1f MiB", $1/1024}')
EOF
