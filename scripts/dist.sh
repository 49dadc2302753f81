#!/usr/bin/env bash
# Builds every artifact users install, into dist/ (or --out DIR), and checks each one:
#   partnercentral_selling-<v>-cp39-abi3-manylinux2014_x86_64.manylinux_2_17_x86_64.whl
#       the Python package for CPython 3.9+ on Linux x86-64 with glibc 2.17+, with the emulator inside
#       (it is part of the extension module) and `pcs` as a script pip puts on PATH;
#   partnercentral_selling-<v>.tar.gz        the sdist: builds wherever cargo is (pip runs maturin);
#   partnercentral-selling-<v>.tgz           npm: JavaScript, types, the loader; the platform package
#   partnercentral-selling-linux-x64-gnu-<v>.tgz   as an optional dependency, holding the .node addon;
#   crates/partnercentral-selling{,-emulator}-<v>.crate   `cargo package` of the crates for crates.io,
#       checked with `cargo publish --dry-run` (no upload).
# Every binary links against glibc 2.17 through zig (scripts/dist/zig-env.sh says why and how) and is
# stripped; scripts/dist/check.py fails on debug sections, test files, a missing LICENSE or NOTICE,
# a wrong tag or version, and runs `auditwheel show` and `twine check`.
#
# usage: scripts/dist.sh [--smoke] [--out DIR]
#   (no flag)  the release artifacts: cargo profile `dist` (the release profile, fat LTO, stripped).
#              About 10 minutes on 2 cores from a cold target directory.
#   --smoke    the same packaging path with profile `dist-smoke` (no LTO, parallel codegen, stripped)
#              for the test command (scripts/test-dist.sh); skips the sdist build and the crates'
#              verification builds, which only `scripts/dist.sh` runs. Output: $CARGO_TARGET_DIR/dist-smoke-out (not
#              dist-smoke: cargo keeps that profile's build scripts and proc macros there).
# Tools (maturin, auditwheel, twine, zig) are pip-installed by name into $CARGO_TARGET_DIR/dist-tools.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
export PATH="$HOME/.cargo/bin:$PATH"

PROFILE=dist
OUT=dist
SMOKE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) SMOKE=1; PROFILE=dist-smoke; OUT="$CARGO_TARGET_DIR/dist-smoke-out"; shift ;;
        --out) OUT="$2"; shift 2 ;;
        *) echo "dist.sh: unknown argument $1 (usage: scripts/dist.sh [--smoke] [--out DIR])" >&2; exit 2 ;;
    esac
done
start=$(date +%s)
step() { printf '\n--- dist: %s (%ss)\n' "$1" "$(( $(date +%s) - start ))"; }

python3 scripts/version.py check
VERSION="$(python3 scripts/version.py)"

step "tools"
DIST_TOOLS="$CARGO_TARGET_DIR/dist-tools/venv"
export DIST_TOOLS
TOOLS_PINS="maturin==1.16.0 auditwheel==6.8.2 twine==7.0.0 ziglang==0.17.1"
if [ "$(cat "$DIST_TOOLS/.pins" 2>/dev/null)" != "$TOOLS_PINS" ]; then
    rm -rf "$DIST_TOOLS"
    python3 -m venv "$DIST_TOOLS"
    # shellcheck disable=SC2086
    "$DIST_TOOLS/bin/python" -m pip install --quiet --disable-pip-version-check $TOOLS_PINS
    echo "$TOOLS_PINS" > "$DIST_TOOLS/.pins"
fi
source scripts/dist/zig-env.sh

# The output folder is emptied first: refuse one that holds anything but artifacts.
if [ -d "$OUT" ] && [ -n "$(find "$OUT" -mindepth 1 -maxdepth 1 ! -name '*.whl' ! -name '*.tar.gz' ! -name '*.tgz' ! -name crates)" ]; then
    echo "dist.sh: $OUT holds files that are not artifacts of this script; give --out an empty or new folder" >&2
    exit 1
fi
rm -rf "$OUT"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
BUILT="$TARGET_OUT/$PROFILE"

step "pcs and the Node addon (cargo, profile $PROFILE)"
# The install smoke also proves a Rust panic reaches Python and Node as an error: its builds carry
# the bindings' test hooks; release builds never do.
HOOKS=()
MATURIN_HOOKS=()
if [ "$SMOKE" = 1 ]; then
    HOOKS=(--features partnercentral-selling-node/test-hooks)
    MATURIN_HOOKS=(--features test-hooks)
fi
cargo build --locked --profile "$PROFILE" -p partnercentral-selling-cli -p partnercentral-selling-node "${HOOKS[@]}"

step "wheel (maturin, manylinux2014)"
# maturin picks up `<module-name>.data/` beside pyproject.toml: its scripts/ land on the user's PATH.
# The folder is shared by every run in this work tree: one wheel build at a time.
DATA="partnercentral_selling._native.data"
exec 9>"$CARGO_TARGET_DIR/dist-wheel.lock"
flock 9
trap 'rm -rf "$REPO_ROOT/$DATA"' EXIT
rm -rf "$DATA"
mkdir -p "$DATA/scripts"
cp "$BUILT/pcs" "$DATA/scripts/pcs"
"$DIST_TOOLS/bin/maturin" build --locked --profile "$PROFILE" --compatibility manylinux2014 \
    --target "$CARGO_BUILD_TARGET" --out "$OUT" "${MATURIN_HOOKS[@]}"
rm -rf "$DATA"
trap - EXIT
exec 9>&-

step "sdist"
"$DIST_TOOLS/bin/maturin" sdist --out "$OUT"

step "npm packages"
node scripts/dist/npm-pack.js --addon "$BUILT/libpartnercentral_selling_node.so" --version "$VERSION" \
    --out "$OUT" --stage "$CARGO_TARGET_DIR/dist-stage/$PROFILE/npm"

step "crates"
# The model reader is the core's build dependency, so it is published with it.
CRATES=(-p partnercentral-selling-model-reader -p partnercentral-selling -p partnercentral-selling-emulator)
if [ "$SMOKE" = 1 ]; then
    cargo package --locked --no-verify --allow-dirty "${CRATES[@]}"
else
    # Release crates record the commit they come from: no uncommitted changes in what they package.
    if [ -n "$(git status --porcelain -- model-reader core emulator Cargo.toml Cargo.lock LICENSE NOTICE)" ]; then
        echo "dist.sh: uncommitted changes under model-reader/, core/, emulator/, Cargo.toml, Cargo.lock, LICENSE or NOTICE;" >&2
        echo "commit them first (or run scripts/dist.sh --smoke, which packages a dirty tree)" >&2
        exit 1
    fi
    # Packages the crates into target/package/ and verifies them: each builds from its packaged
    # sources alone, as crates.io users will (the emulator against the packaged core). No upload.
    # Without the zig variables: this builds in the shared debug directory, where the test builds
    # (plain cc) live; a different CC would make their C dependencies rebuild back and forth.
    env -u CC_x86_64_unknown_linux_gnu -u CXX_x86_64_unknown_linux_gnu -u RANLIB_x86_64_unknown_linux_gnu \
        -u CARGO_TARGET_X86_64_UNKNOWN_LINUX_GNU_LINKER cargo publish --dry-run --locked "${CRATES[@]}"
fi
mkdir -p "$OUT/crates"
for c in partnercentral-selling-model-reader partnercentral-selling partnercentral-selling-emulator; do
    cp "$CARGO_TARGET_DIR/package/$c-$VERSION.crate" "$OUT/crates/"
done

if [ "$SMOKE" = 0 ]; then
    step "the sdist builds with cargo (pip wheel, profile dist-smoke)"
    SDIST_CHECK="$CARGO_TARGET_DIR/dist-stage/sdist-check"
    rm -rf "$SDIST_CHECK"
    python3 -m venv "$SDIST_CHECK/venv"
    MATURIN_PEP517_ARGS="--profile dist-smoke" "$SDIST_CHECK/venv/bin/python" -m pip wheel --quiet \
        --disable-pip-version-check --no-deps --wheel-dir "$SDIST_CHECK/wheel" "$OUT/partnercentral_selling-$VERSION.tar.gz"
    "$SDIST_CHECK/venv/bin/python" -m pip install --quiet --disable-pip-version-check "$SDIST_CHECK"/wheel/*.whl
    "$SDIST_CHECK/venv/bin/python" -c "import partnercentral_selling as p; assert p.__version__ == '$VERSION'; e = p.Emulator(); e.stop()"
    echo "the sdist built and imported: $(basename "$SDIST_CHECK"/wheel/*.whl)"
fi

step "check"
"$DIST_TOOLS/bin/python" scripts/dist/check.py --version "$VERSION" --tools "$DIST_TOOLS" "$OUT"
step "done: $OUT"
ls -l "$OUT" "$OUT/crates"
