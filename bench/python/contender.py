"""Python contenders: boto3 (the peer) and our package, sync and async.

    python contender.py import boto3|ours        time one import in this fresh interpreter (ms)
    python contender.py run boto3|ours|ours-async  construction, latency, throughput, peak RSS

Settings come from the same BENCH_* environment variables every contender reads; the result is
one JSON line on stdout, in the shape the driver (bench/run.py) expects.
"""

import sys
import time

# Timed before anything else is imported, so the figure is the import alone.
if len(sys.argv) == 3 and sys.argv[1] == "import":
    _module = {"boto3": "boto3", "ours": "partnercentral_selling"}[sys.argv[2]]
    _start = time.perf_counter()
    __import__(_module)
    print((time.perf_counter() - _start) * 1e3)
    sys.exit(0)

import asyncio  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import statistics  # noqa: E402
import threading  # noqa: E402

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET_KEY = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
HERE = os.path.dirname(os.path.abspath(__file__))

ENDPOINT = os.environ.get("BENCH_ENDPOINT", "http://127.0.0.1:18480")
REQUESTS_DIR = os.environ.get("BENCH_REQUESTS", os.path.join(HERE, "..", "requests"))
CALLS = int(os.environ.get("BENCH_CALLS", "2000"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "200"))
IN_FLIGHT = int(os.environ.get("BENCH_IN_FLIGHT", "16"))
THROUGHPUT_SECS = float(os.environ.get("BENCH_THROUGHPUT_SECS", "2"))
CONSTRUCT_REPS = int(os.environ.get("BENCH_CONSTRUCT_REPS", "50"))


def load_requests():
    out = []
    for name in ("opportunity.json", "lead.json"):
        with open(os.path.join(REQUESTS_DIR, name), encoding="utf-8") as f:
            out.append(json.load(f))
    return out


def percentile(samples, p):
    """Nearest rank, as the Rust and Node harnesses compute it."""
    ordered = sorted(samples)
    rank = max(1, min(len(ordered), -(-len(ordered) * p // 100)))
    return ordered[int(rank) - 1]


def timed(construct, reps):
    """(first ms, median ms of the next `reps`, last value). The first includes one-time work."""
    start = time.perf_counter()
    value = construct()
    first = (time.perf_counter() - start) * 1e3
    samples = []
    for _ in range(reps):
        start = time.perf_counter()
        value = construct()
        samples.append((time.perf_counter() - start) * 1e3)
    return first, statistics.median(samples), value


def summary(latencies_us):
    return {
        "calls": len(latencies_us),
        "p50_us": percentile(latencies_us, 50),
        "p90_us": percentile(latencies_us, 90),
        "p99_us": percentile(latencies_us, 99),
        "mean_us": statistics.fmean(latencies_us),
    }


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def check(response):
    if not response.get("Id"):
        raise SystemExit(f"a call returned no Id: {response!r}")


def sequential(call, requests):
    for i in range(WARMUP):
        check(call(requests[i % 2]))
    latencies = []
    for i in range(CALLS):
        start = time.perf_counter()
        check(call(requests[i % 2]))
        latencies.append((time.perf_counter() - start) * 1e6)
    return summary(latencies)


def threaded_throughput(call, requests):
    """IN_FLIGHT threads sharing one client, each calling back to back until told to stop."""
    counting = threading.Event()
    stop = threading.Event()
    counts = [0] * IN_FLIGHT
    failures = []

    def worker(slot):
        i = slot
        try:
            while not stop.is_set():
                check(call(requests[i % 2]))
                if counting.is_set():
                    counts[slot] += 1
                i += 1
        except BaseException as e:  # a failed call invalidates the run: report it, don't hide it
            failures.append(repr(e))
            stop.set()

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(IN_FLIGHT)]
    for t in threads:
        t.start()
    time.sleep(min(THROUGHPUT_SECS / 8, 0.5))
    counting.set()
    start = time.perf_counter()
    time.sleep(THROUGHPUT_SECS)
    calls = sum(counts)
    secs = time.perf_counter() - start
    stop.set()
    for t in threads:
        t.join()
    if failures:
        raise SystemExit(f"calls failed during the throughput run: {failures[0]}")
    return {"in_flight": IN_FLIGHT, "calls": calls, "secs": secs, "calls_per_s": calls / secs}


async def async_sequential(call, requests):
    for i in range(WARMUP):
        check(await call(requests[i % 2]))
    latencies = []
    for i in range(CALLS):
        start = time.perf_counter()
        check(await call(requests[i % 2]))
        latencies.append((time.perf_counter() - start) * 1e6)
    return summary(latencies)


async def async_throughput(call, requests):
    """IN_FLIGHT asyncio tasks sharing one client on one event loop."""
    state = {"counting": False, "stop": False, "calls": 0}

    async def worker(slot):
        i = slot
        while not state["stop"]:
            check(await call(requests[i % 2]))
            if state["counting"]:
                state["calls"] += 1
            i += 1

    tasks = [asyncio.create_task(worker(n)) for n in range(IN_FLIGHT)]
    await asyncio.sleep(min(THROUGHPUT_SECS / 8, 0.5))
    state["counting"] = True
    start = time.perf_counter()
    await asyncio.sleep(THROUGHPUT_SECS)
    calls = state["calls"]
    secs = time.perf_counter() - start
    state["stop"] = True
    await asyncio.gather(*tasks)
    return {"in_flight": IN_FLIGHT, "calls": calls, "secs": secs, "calls_per_s": calls / secs}


def run_boto3():
    import boto3
    from botocore.config import Config

    # 16 threads share the client: a pool smaller than that (the default is 10) would make the
    # peer open and drop connections, which is a setting, not the library's speed.
    config = Config(max_pool_connections=IN_FLIGHT)
    kwargs = dict(
        region_name=REGION,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=config,
    )
    new_first, new_median, _ = timed(
        lambda: boto3.session.Session().client("partnercentral-selling", **kwargs), CONSTRUCT_REPS
    )
    session = boto3.session.Session()
    existing_first, existing_median, client = timed(
        lambda: session.client("partnercentral-selling", **kwargs), CONSTRUCT_REPS
    )
    requests = load_requests()

    def call(request):
        return client.create_engagement_invitation(**request)

    return {
        "client_new_session_first_ms": new_first,
        "client_new_session_ms": new_median,
        "client_first_ms": existing_first,
        "client_ms": existing_median,
        "seq": sequential(call, requests),
        "throughput": threaded_throughput(call, requests),
    }


def ours_kwargs():
    return dict(
        region_name=REGION,
        endpoint_url=ENDPOINT,
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )


def run_ours():
    import partnercentral_selling

    first, median, client = timed(lambda: partnercentral_selling.Client(**ours_kwargs()), CONSTRUCT_REPS)
    requests = load_requests()

    def call(request):
        return client.create_engagement_invitation(**request)

    return {
        "client_first_ms": first,
        "client_ms": median,
        "seq": sequential(call, requests),
        "throughput": threaded_throughput(call, requests),
    }


def run_ours_async():
    import partnercentral_selling

    first, median, client = timed(
        lambda: partnercentral_selling.AsyncClient(**ours_kwargs()), CONSTRUCT_REPS
    )
    requests = load_requests()

    def call(request):
        return client.create_engagement_invitation(**request)

    async def main():
        return await async_sequential(call, requests), await async_throughput(call, requests)

    seq, throughput = asyncio.run(main())
    return {"client_first_ms": first, "client_ms": median, "seq": seq, "throughput": throughput}


def main():
    if len(sys.argv) != 3 or sys.argv[1] != "run":
        raise SystemExit(__doc__)
    name = sys.argv[2]
    runner = {"boto3": run_boto3, "ours": run_ours, "ours-async": run_ours_async}[name]
    result = {"contender": {"boto3": "boto3", "ours": "python", "ours-async": "python-async"}[name]}
    result.update(runner())
    result["rss_mib"] = peak_rss_mib()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
