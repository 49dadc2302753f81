# Sourced by every build and test script. One target triple for cargo, maturin and the napi CLI,
# so the three builds land in one directory and share compiled dependencies (see TOOLCHAIN notes).
CARGO_BUILD_TARGET="$(rustc -vV | sed -n 's/^host: //p')"
export CARGO_BUILD_TARGET
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export REPO_ROOT
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$REPO_ROOT/target}"
TARGET_OUT="$CARGO_TARGET_DIR/$CARGO_BUILD_TARGET"
export TARGET_OUT
