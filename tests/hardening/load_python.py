"""Python half of scripts/load.sh: CALLS invitations through AsyncClient, 64 in flight.

usage: python load_python.py URL CALLS CHECKPOINT[,CHECKPOINT...]
Prints one JSON line per checkpoint: calls done, errors by code, RSS of this process.
"""

import asyncio
import collections
import copy
import json
import pathlib
import sys
import time

import partnercentral_selling as pcs

IN_FLIGHT = 64
BASE = json.loads((pathlib.Path(__file__).parent / "hostile-values.json").read_text())["base"]


def rss_kib() -> int:
    for line in pathlib.Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def main(url: str, calls: int, checkpoints: set[int]) -> None:
    client = pcs.AsyncClient(
        region_name="us-east-1",
        endpoint_url=url,
        aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    )
    errors: collections.Counter[str] = collections.Counter()
    started = time.monotonic()
    state = {"next": 0, "done": 0}

    async def worker() -> None:
        while state["next"] < calls:
            state["next"] += 1
            try:
                await client.create_engagement_invitation(**copy.deepcopy(BASE))
            except pcs.ClientError as error:
                errors[error.response["Error"]["Code"]] += 1
            except pcs.PartnerCentralError as error:
                errors[type(error).__name__] += 1
            state["done"] += 1
            if state["done"] in checkpoints:
                print(json.dumps({
                    "lang": "python", "calls": state["done"], "in_flight": IN_FLIGHT,
                    "errors": dict(errors), "rss_kib": rss_kib(),
                    "elapsed_s": round(time.monotonic() - started, 3),
                }), flush=True)

    await asyncio.gather(*(worker() for _ in range(IN_FLIGHT)))


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), {int(c) for c in sys.argv[3].split(",")}))
