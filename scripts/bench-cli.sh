#!/usr/bin/env bash
# `pcs` against `aws` as whole processes (bench/cli.py): builds pcs in release and installs the
# AWS CLI v1 in its own virtual environment (it pins an older botocore), then times both.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo build --release -p partnercentral-selling-cli
VENV="${AWSCLI_VENV:-$CARGO_TARGET_DIR/awscli-venv}"
if [ ! -x "$VENV/bin/aws" ]; then
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check awscli
fi
python3 bench/cli.py --pcs "$TARGET_OUT/release/pcs" --aws "$VENV/bin/aws" "$@"
