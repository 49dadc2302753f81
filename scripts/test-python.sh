#!/usr/bin/env bash
# The Python package: builds and installs it through the real `pip install .` path (reusing the
# debug build of the shared target dir), then runs pytest in tests/python (emulator over loopback,
# boto3 as the parity oracle, mypy --strict on typed examples). Runs on a clean clone, no stdin.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
# pip runs maturin, which needs cargo on PATH (otherwise it tries to download Rust).
export PATH="$HOME/.cargo/bin:$PATH"

# PYTHON_TEST_VENV: another place for the test environment (engineers sharing a target dir).
VENV="${PYTHON_TEST_VENV:-$CARGO_TARGET_DIR/python-test-venv}"
if [ ! -x "$VENV/bin/python" ]; then
    python3 -m venv "$VENV"
fi
PY="$VENV/bin/python"
"$PY" -m pip install --quiet --disable-pip-version-check --upgrade pip
# Test-only tools (pandas and tqdm: client.bulk's optional extras, tested present and absent); boto3 is the parity oracle, never a dependency of the package: the release
# whose model core/model/ vendors (core/model/VERSION), so both know the same operations.
BOTOCORE_VERSION="$(sed -n 's/^botocore //p' core/model/VERSION)"
"$PY" -m pip install --quiet --disable-pip-version-check \
    "maturin>=1.9.4,<2" pytest mypy "boto3==$BOTOCORE_VERSION" "botocore==$BOTOCORE_VERSION" typing_extensions \
    pandas pandas-stubs tqdm

# The binding crate's own Rust tests embed Python: the test binary must load the libpython it was
# built against (Debian's may come first otherwise).
LD_LIBRARY_PATH="$("$PY" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" \
    cargo test -p partnercentral-selling-python

# The real install path; --profile dev reuses the debug build the Rust steps already compiled.
MATURIN_PEP517_ARGS="--profile dev --features test-hooks" "$PY" -m pip install --quiet --disable-pip-version-check \
    --force-reinstall --no-deps .

# Run from outside the source tree so the installed package (not bindings-python/python) is tested.
cd tests/python
"$PY" -m pytest -q -p no:cacheprovider "$@"
