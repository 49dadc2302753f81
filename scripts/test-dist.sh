#!/usr/bin/env bash
# The packaging smoke: what a user without Rust gets. Builds the artifacts through the real packaging
# path (scripts/dist.sh --smoke: zig-linked for glibc 2.17, stripped, checked by scripts/dist/check.py;
# a faster cargo profile than the release's, see Cargo.toml), then, with a PATH that holds no cargo,
# rustc, C compiler or linker:
#   1. pip-installs the wheel into a fresh virtual environment (no index, binary only) and runs
#      tests/dist/smoke.py: import, Emulator(), a sync and an async call, validation, `pcs`;
#   2. npm-installs the two tarballs into a fresh folder (offline) and runs tests/dist/smoke.cjs
#      (require) and smoke.mjs (import).
# Prints the install and import times. Part of scripts/test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh

bash scripts/dist.sh --smoke
DIST="$CARGO_TARGET_DIR/dist-smoke-out"
VERSION="$(python3 scripts/version.py)"
WORK="$CARGO_TARGET_DIR/dist-smoke-install"
rm -rf "$WORK"
mkdir -p "$WORK/bin"

# A PATH with the interpreters and a shell, and nothing that can compile or link.
for tool in node npm sh; do
    ln -s "$(command -v "$tool")" "$WORK/bin/$tool"
done
PYTHON="$(command -v python3)"
"$PYTHON" -m venv "$WORK/venv"
CLEAN_PATH="$WORK/venv/bin:$WORK/bin"
for tool in cargo rustc cc gcc c++ g++ clang ld zig maturin; do
    if PATH="$CLEAN_PATH" command -v "$tool" >/dev/null; then
        echo "test-dist: $tool is on the clean PATH ($CLEAN_PATH); the smoke must run without it" >&2
        exit 1
    fi
done
ms() { echo $(( ($(date +%s%N) - $1) / 1000000 )); }

echo "--- pip install of the wheel (no index, no compiler)"
t=$(date +%s%N)
env -i HOME="$WORK" PATH="$CLEAN_PATH" "$WORK/venv/bin/python" -m pip install --quiet --disable-pip-version-check \
    --no-index --only-binary=:all: "$DIST"/partnercentral_selling-"$VERSION"-*.whl
pip_ms=$(ms "$t")
t=$(date +%s%N)
env -i HOME="$WORK" PATH="$CLEAN_PATH" "$WORK/venv/bin/python" -c "import partnercentral_selling"
import_ms=$(ms "$t")
(cd "$WORK" && env -i HOME="$WORK" PATH="$CLEAN_PATH" "$WORK/venv/bin/python" "$REPO_ROOT/tests/dist/smoke.py" "$VERSION" "$REPO_ROOT/tests/dist/input.json")

echo "--- npm install of the tarballs (offline, no compiler)"
APP="$WORK/app"
mkdir -p "$APP"
cp tests/dist/smoke.cjs tests/dist/smoke.mjs tests/dist/smoke-body.cjs tests/dist/input.json "$APP/"
echo '{ "name": "smoke", "version": "1.0.0", "private": true }' > "$APP/package.json"
t=$(date +%s%N)
(cd "$APP" && env -i HOME="$WORK" PATH="$CLEAN_PATH" npm install --offline --no-audit --no-fund --loglevel=error \
    --cache "$WORK/npm-cache" "$DIST/partnercentral-selling-$VERSION.tgz" "$DIST/partnercentral-selling-linux-x64-gnu-$VERSION.tgz" </dev/null)
npm_ms=$(ms "$t")
t=$(date +%s%N)
(cd "$APP" && env -i HOME="$WORK" PATH="$CLEAN_PATH" node -e "require('partnercentral-selling')")
require_ms=$(ms "$t")
(cd "$APP" && env -i HOME="$WORK" PATH="$CLEAN_PATH" node smoke.cjs "$VERSION")
(cd "$APP" && env -i HOME="$WORK" PATH="$CLEAN_PATH" node smoke.mjs "$VERSION")

echo "--- installed without a compiler: pip install ${pip_ms} ms, python -c 'import partnercentral_selling' ${import_ms} ms;" \
    "npm install ${npm_ms} ms, node -e \"require('partnercentral-selling')\" ${require_ms} ms"
echo "dist smoke: 4 passed, 0 failed"
