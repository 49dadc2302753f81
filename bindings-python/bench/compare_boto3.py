"""Client-side cost, this package next to boto3, in one run against the same local emulator.

    python bindings-python/bench/compare_boto3.py [--calls 300]

Prints import time and first client construction (each in a fresh interpreter, median of 7),
warm client construction, and per-call time of sequential CreateEngagementInvitation calls
against the in-process emulator (median and p90). Both clients send the same parameters.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any, Callable, Dict, List

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests" / "python"))

FRESH_RUNS = 7

IMPORT = {
    "partnercentral_selling": "import partnercentral_selling\n",
    "boto3": "import boto3\n",
}
CONSTRUCT = {
    "partnercentral_selling": (
        "import partnercentral_selling as m\n"
        "t = time.perf_counter()\n"
        "m.Client(region_name='us-east-1', endpoint_url='http://127.0.0.1:9', "
        "aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key='x')\n"
    ),
    "boto3": (
        "import boto3\n"
        "t = time.perf_counter()\n"
        "boto3.client('partnercentral-selling', region_name='us-east-1', endpoint_url='http://127.0.0.1:9', "
        "aws_access_key_id='AKIAIOSFODNN7EXAMPLE', aws_secret_access_key='x')\n"
    ),
}


def fresh(code: str, timed_from_start: bool) -> float:
    """Seconds, measured inside a new interpreter."""
    prefix = "import time\nt = time.perf_counter()\n" if timed_from_start else "import time\n"
    script = prefix + code + "print(time.perf_counter() - t)\n"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return float(out.stdout.strip())


def median_ms(samples: List[float]) -> float:
    return statistics.median(samples) * 1000


def p90_ms(samples: List[float]) -> float:
    return sorted(samples)[int(len(samples) * 0.9)] * 1000


def timed(fn: Callable[[], Any], n: int) -> List[float]:
    samples = []
    for _ in range(n):
        t = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=300)
    args = parser.parse_args()

    import boto3

    import partnercentral_selling as pcs
    from conftest import valid_params

    rows: Dict[str, Dict[str, float]] = {name: {} for name in IMPORT}
    for name in IMPORT:
        rows[name]["import (fresh process)"] = median_ms([fresh(IMPORT[name], True) for _ in range(FRESH_RUNS)])
        rows[name]["first client (fresh process)"] = median_ms(
            [fresh(CONSTRUCT[name], False) for _ in range(FRESH_RUNS)]
        )

    with pcs.Emulator() as emu:
        creds = emu.credentials
        make: Dict[str, Callable[[], Any]] = {
            "partnercentral_selling": lambda: pcs.Client(endpoint_url=emu.url, **creds),
            "boto3": lambda: boto3.client("partnercentral-selling", endpoint_url=emu.url, **creds),
        }
        params = valid_params()
        for name, factory in make.items():
            rows[name]["client construction (warm)"] = median_ms(timed(factory, 50))
            client = factory()
            for _ in range(20):  # warm the connection pool and caches
                client.create_engagement_invitation(**params)
            samples = timed(lambda: client.create_engagement_invitation(**params), args.calls)
            rows[name][f"call median ({args.calls} calls)"] = median_ms(samples)
            rows[name]["call p90"] = p90_ms(samples)

    metrics = list(rows["boto3"])
    width = max(map(len, metrics))
    print(f"{'':{width}}  partnercentral_selling        boto3    ratio")
    for metric in metrics:
        ours, theirs = rows["partnercentral_selling"][metric], rows["boto3"][metric]
        print(f"{metric:{width}}  {ours:17.3f} ms  {theirs:8.3f} ms  {theirs / ours:6.1f}x")
    print(f"python {sys.version.split()[0]}, boto3 {boto3.__version__}, partnercentral_selling {pcs.__version__}")


if __name__ == "__main__":
    main()
