#!/usr/bin/env bash
# The main job: start the bundled emulator on loopback and create an engagement invitation end to
# end through the real signed client. No AWS account needed.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/env.sh
cargo run --quiet -p partnercentral-selling-cli --bin pcs -- demo "$@"
