#!/usr/bin/env bash
# The benchmark: ours against boto3, the AWS SDK for JavaScript v3 and the AWS SDK for Rust, and
# against the floor, through one local nginx. Installs the peers (for the bench only), builds ours
# in release, runs everything three times, writes bench/out/results.{json,md}. About 10 minutes.
#   scripts/bench.sh                      everything
#   scripts/bench.sh --only floor,rust    some contenders (see bench/run.py --help)
#   scripts/bench.sh --sigv4              the SigV4 signing micro-benchmark (criterion)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
source scripts/env.sh
if [[ "${1:-}" == "--sigv4" ]]; then
  shift
  cd bench/rust/floor
  cargo test --release --lib
  exec cargo bench --bench sigv4 "$@"
fi
exec python3 bench/run.py "$@"
