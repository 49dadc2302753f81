#!/usr/bin/env python3
"""The benchmark driver behind scripts/bench.sh.

Builds and installs every contender (release builds; the peers only here, never for the tests),
starts one nginx answering the operation's success JSON on loopback, pins the server to one core
and each contender to another, runs every contender in turn, repeats the whole run, and writes
bench/out/results.json and bench/out/results.md (medians, ratios to the peer and to the floor,
the targets met or missed). Ratios are computed within a run, then their median is taken.
Standard library only: it runs on the system Python.
"""

import argparse
import json
import os
import platform
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
OUT = BENCH / "out"
VENV = OUT / "venv"
VENV_PY = VENV / "bin" / "python"
PORT = 18480
ENDPOINT = f"http://127.0.0.1:{PORT}"
IMPORT_SAMPLES = 9

# Peer versions, pinned so that runs months apart compare the same peers.
BOTO3 = "boto3==1.44.8"


def log(message):
    print(f"[bench] {message}", file=sys.stderr, flush=True)


def sh(cmd, cwd=ROOT, env=None, capture=False, check=True):
    log("$ " + " ".join(str(c) for c in cmd))
    return subprocess.run(
        [str(c) for c in cmd],
        cwd=cwd,
        env=env,
        check=check,
        text=True,
        # Build and install chatter goes to stderr: stdout carries only the results table.
        stdout=subprocess.PIPE if capture else sys.stderr,
    )


# ---------------------------------------------------------------------------------------------
# Setup: install the peers, build ours. A contender that cannot be built is reported, not fatal.


BUILT = OUT / "executables.json"


def cargo_executable(project, binary, target_dir, share_target=True, skip_build=False):
    """Builds `binary` of a bench cargo project in release; returns the executable's path.

    `share_target`: build with scripts/env.sh's target triple, into the repository's target
    directory, sharing compiled crates with our other release builds. The peer builds alone.
    `skip_build`: reuse the executable the last build made (recorded in out/executables.json)."""
    built = json.loads(BUILT.read_text()) if BUILT.exists() else {}
    if skip_build and Path(built.get(binary, "")).is_file():
        return built[binary]
    env = dict(os.environ, CARGO_TARGET_DIR=str(target_dir))
    if not share_target:
        env.pop("CARGO_BUILD_TARGET", None)
    proc = sh(
        ["cargo", "build", "--release", "--bin", binary, "--message-format=json-render-diagnostics"],
        cwd=project,
        env=env,
        capture=True,
    )
    for line in proc.stdout.splitlines():
        message = json.loads(line)
        if message.get("reason") == "compiler-artifact" and message.get("executable"):
            if message["target"]["name"] == binary:
                built[binary] = message["executable"]
                BUILT.write_text(json.dumps(built, indent=2) + "\n")
                return message["executable"]
    raise RuntimeError(f"cargo built no executable named {binary} in {project}")


def ensure_nginx():
    if shutil.which("nginx"):
        return
    if os.geteuid() != 0:
        raise SystemExit("nginx is not installed: apt-get install nginx-light (needs root)")
    sh(["apt-get", "update", "-qq"])
    sh(["apt-get", "install", "-y", "-qq", "nginx-light"])


def ensure_venv():
    if not VENV_PY.exists():
        sh([sys.executable, "-m", "venv", VENV])
    sh([VENV_PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", BOTO3])


def setup(args):
    """Returns {contender name: how to run it, or the reason it can't run}."""
    OUT.mkdir(exist_ok=True)
    ensure_nginx()
    ensure_venv()
    sh(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=BENCH / "node")
    ready = {}

    def attempt(names, build):
        if not set(names) & args.only:
            return
        try:
            for name, spec in build().items():
                ready[name] = spec
        except (subprocess.CalledProcessError, RuntimeError, OSError) as e:
            for name in names:
                ready[name] = {"unavailable": f"build failed: {e}"}
            log(f"{', '.join(names)}: not built ({e}); the run goes on without them")

    repo_target = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    rust = BENCH / "rust"
    for names, project, binary, target, shared in (
        (["floor"], "floor", "floor", repo_target, True),
        (["rust-sdk"], "rust-sdk", "bench-rust-sdk", OUT / "target-rust-sdk", False),
        (["rust", "rust-value"], "ours", "bench-ours", repo_target, True),
    ):
        attempt(
            names,
            lambda names=names, project=project, binary=binary, target=target, shared=shared: {
                name: {"cmd": [cargo_executable(rust / project, binary, target, shared, args.skip_build)]}
                for name in names
            },
        )
    for name, mode in (("rust", "typed"), ("rust-value", "value")):
        if "cmd" in ready.get(name, {}):
            ready[name]["cmd"].append(mode)

    contender_py = BENCH / "python" / "contender.py"
    ready["boto3"] = {  # installed with the venv above
        "cmd": [VENV_PY, contender_py, "run", "boto3"],
        "load": [VENV_PY, contender_py, "import", "boto3"],
    }

    def python_ours():
        if not args.skip_build:
            sh([VENV_PY, "-m", "pip", "install", "-q", "--disable-pip-version-check", "--force-reinstall", "--no-deps", args.python_from])
        sh([VENV_PY, "-c", "import partnercentral_selling"])
        load = [VENV_PY, contender_py, "import", "ours"]
        return {
            "python": {"cmd": [VENV_PY, contender_py, "run", "ours"], "load": load},
            "python-async": {"cmd": [VENV_PY, contender_py, "run", "ours-async"], "load": load},
        }

    attempt(["python", "python-async"], python_ours)

    contender_js = BENCH / "node" / "contender.js"
    ready["js-sdk"] = {
        "cmd": ["node", contender_js, "run", "jssdk"],
        "load": ["node", contender_js, "load", "jssdk"],
    }

    def node_ours():
        package = ROOT / "bindings-node"
        if not args.skip_build:
            build_node_release(package)
        sh(["node", "-e", f"require({json.dumps(str(package))})"])
        return {
            "node": {
                "cmd": ["node", contender_js, "run", "ours"],
                "load": ["node", contender_js, "load", "ours"],
            }
        }

    attempt(["node"], node_ours)
    return ready


def build_node_release(package):
    """A fresh release build of our Node package through its own install script (which runs
    `cargo build --release` when @napi-rs/cli is not installed, as here)."""
    for addon in package.glob("*.node"):
        addon.unlink()  # the script keeps an existing addon, which may be a debug build
    sh(["node", package / "scripts" / "install.js"], cwd=package)


# ---------------------------------------------------------------------------------------------
# The endpoint.


class Nginx:
    """nginx in the foreground, pinned to `cpu`, started and stopped by its PID."""

    def __init__(self, cpu):
        self.cpu = cpu
        self.proc = None

    def __enter__(self):
        prefix = OUT / "nginx"
        (prefix / "tmp").mkdir(parents=True, exist_ok=True)
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", PORT)) == 0:
                raise SystemExit(f"port {PORT} is already in use: stop whatever listens there")
        cmd = ["nginx", "-p", f"{prefix}/", "-c", str(BENCH / "nginx.conf"), "-e", str(prefix / "error.log")]
        self.proc = subprocess.Popen(pinned(self.cpu, cmd), stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"nginx exited with {self.proc.returncode}; see {prefix / 'error.log'}")
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", PORT)) == 0:
                    return self
            time.sleep(0.05)
        self.__exit__()
        raise SystemExit("nginx did not start listening within 10 s")

    def __exit__(self, *exc):
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGQUIT)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


PRIORITY = -15


def pinned(cpu, cmd):
    """`cmd` on CPU `cpu`, with a raised priority when we may raise it.

    Other work on the machine (builds) would otherwise take the pinned core from under a
    contender at random. Linux shares CPU time between sessions (autogroups) before it looks at
    nice values, so the command gets a session of its own (callers pass start_new_session=True)
    whose autogroup is raised as well. The same for every contender and for the server."""
    cmd = [str(c) for c in cmd]
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu), *cmd]
    if os.geteuid() == 0:
        raise_it = f"echo {PRIORITY} > /proc/self/autogroup 2>/dev/null; exec nice -n {PRIORITY} \"$@\""
        cmd = ["sh", "-c", raise_it, "sh", *cmd]
    return cmd


# ---------------------------------------------------------------------------------------------
# One run: every contender once, in an order rotated from run to run so that a noisy moment of
# the machine does not always land on the same contender.

ORDER = ["floor", "rust", "rust-value", "rust-sdk", "python", "python-async", "boto3", "node", "js-sdk"]


def bench_env(args):
    return dict(
        os.environ,
        BENCH_ENDPOINT=ENDPOINT,
        BENCH_REQUESTS=str(BENCH / "requests"),
        BENCH_CALLS=str(args.calls),
        BENCH_WARMUP=str(args.warmup),
        BENCH_IN_FLIGHT=str(args.in_flight),
        BENCH_THROUGHPUT_SECS=str(args.throughput_secs),
        BENCH_CONSTRUCT_REPS=str(args.construct_reps),
        # Quiet the JS SDK's Node-version notice; it goes to stderr and changes nothing measured.
        AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE="1",
        # No profile, no shared config file, no IMDS: every client uses the static pair it is given.
        AWS_CONFIG_FILE=os.devnull,
        AWS_SHARED_CREDENTIALS_FILE=os.devnull,
        AWS_EC2_METADATA_DISABLED="true",
    )


def measure_load(spec, cpu, env):
    samples = []
    for _ in range(IMPORT_SAMPLES):
        proc = subprocess.run(
            pinned(cpu, spec["load"]), env=env, text=True, capture_output=True, check=True, start_new_session=True
        )
        samples.append(float(proc.stdout.strip().splitlines()[-1]))
    return statistics.median(samples)


def run_once(index, ready, args, cpu):
    env = bench_env(args)
    names = [n for n in ORDER if n in ready and n in args.only]
    shift = index % len(names) if names else 0
    names = names[shift:] + names[:shift]
    results = {}
    for name in names:
        spec = ready[name]
        if "unavailable" in spec:
            continue
        log(f"run {index + 1}: {name}")
        cmd = spec["cmd"]
        if args.perf:
            # Software clock sampling: this machine's VMs expose no hardware counters.
            data = OUT / f"perf-{name}.data"
            cmd = ["perf", "record", "-q", "-e", "cpu-clock", "-F", "2999", "-g", "-o", data, *cmd]
        try:
            proc = subprocess.run(
                pinned(cpu, cmd), env=env, text=True, capture_output=True, timeout=600, start_new_session=True
            )
            if proc.returncode != 0:
                raise RuntimeError(f"exit {proc.returncode}: {proc.stderr.strip()[-2000:]}")
            result = json.loads(proc.stdout.strip().splitlines()[-1])
            if "load" in spec:
                result["load_ms"] = measure_load(spec, cpu, env)
        except (RuntimeError, subprocess.SubprocessError, json.JSONDecodeError, IndexError, ValueError) as e:
            log(f"{name} failed: {e}")
            results[name] = {"failed": str(e)}
            continue
        results[name] = result
        if args.perf:
            write_profile(name)
    return {"loadavg": os.getloadavg(), "contenders": results}


def write_profile(name):
    """out/perf-NAME.txt: the functions where the contender spent its time (self time)."""
    report = subprocess.run(
        ["perf", "report", "-i", OUT / f"perf-{name}.data", "--no-children", "--stdio", "-g", "none",
         "--percent-limit", "0.7", "--sort", "dso,symbol"],
        capture_output=True, text=True,
    )
    (OUT / f"perf-{name}.txt").write_text(report.stdout)
    log(f"profile of {name}: {OUT / f'perf-{name}.txt'}")


# ---------------------------------------------------------------------------------------------
# Aggregation: medians of values, and medians of within-run ratios.

METRICS = {
    # name: (how to read it from a result, unit, True when bigger is better)
    "load_ms": (lambda r: r.get("load_ms"), "ms", False),
    "client_ms": (lambda r: r.get("client_ms"), "ms", False),
    "client_new_session_ms": (lambda r: r.get("client_new_session_ms"), "ms", False),
    "p50_us": (lambda r: r["seq"]["p50_us"], "µs", False),
    "p90_us": (lambda r: r["seq"]["p90_us"], "µs", False),
    "p99_us": (lambda r: r["seq"]["p99_us"], "µs", False),
    "calls_per_s": (lambda r: r["throughput"]["calls_per_s"], "calls/s", True),
    "rss_mib": (lambda r: r.get("rss_mib"), "MiB", False),
}

PEERS = {"python": "boto3", "python-async": "boto3", "node": "js-sdk", "rust": "rust-sdk", "rust-value": "rust-sdk"}


def value(result, metric):
    if result is None or "failed" in result:
        return None
    try:
        return METRICS[metric][0](result)
    except (KeyError, TypeError):
        return None


def speedup(ours, theirs, metric):
    """How many times better `ours` is than `theirs` (>1 is better) for one run."""
    if ours is None or theirs is None or ours <= 0 or theirs <= 0:
        return None
    return ours / theirs if METRICS[metric][2] else theirs / ours


def median_or_none(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def aggregate(runs):
    names = []
    for run in runs:
        names += [n for n in run["contenders"] if n not in names]
    table = {}
    for name in names:
        row = {}
        for metric in METRICS:
            row[metric] = median_or_none([value(r["contenders"].get(name), metric) for r in runs])
        peer = PEERS.get(name)
        for other, key in ((peer, "vs_peer"), ("floor", "vs_floor")):
            if other is None or other == name:
                continue
            row[key] = {"against": other}
            for metric in METRICS:
                row[key][metric] = median_or_none(
                    [
                        speedup(value(r["contenders"].get(name), metric), value(r["contenders"].get(other), metric), metric)
                        for r in runs
                    ]
                )
        if name == "python":
            # The construction target is against boto3 with a new Session every time.
            row["vs_peer"]["client_vs_new_session"] = median_or_none(
                [
                    speedup(
                        value(r["contenders"].get(name), "client_ms"),
                        value(r["contenders"].get("boto3"), "client_new_session_ms"),
                        "client_ms",
                    )
                    for r in runs
                ]
            )
        row["runs_ok"] = sum(1 for r in runs if value(r["contenders"].get(name), "p50_us") is not None)
        table[name] = row
    return table


# Each target: (label, contender, where in the row, threshold, compare). "ge": the speed-up must
# reach the threshold; "le": the slow-down (the inverse of the speed-up) must stay within it.
TARGETS = [
    ("Python per call ≥ 10× faster than boto3", "python", ("vs_peer", "p50_us"), 10, "ge"),
    ("Python throughput at 16 in flight ≥ 10× boto3 (threads)", "python", ("vs_peer", "calls_per_s"), 10, "ge"),
    ("Python async throughput at 16 in flight ≥ 10× boto3", "python-async", ("vs_peer", "calls_per_s"), 10, "ge"),
    ("Python import ≥ 5× faster than boto3", "python", ("vs_peer", "load_ms"), 5, "ge"),
    ("Python client ≥ 50× faster than boto3 with a new Session", "python", ("vs_peer", "client_vs_new_session"), 50, "ge"),
    ("Python peak RSS ≤ ½ of boto3's", "python", ("vs_peer", "rss_mib"), 2, "ge"),
    ("Node per call ≥ 8× faster than the JS SDK v3", "node", ("vs_peer", "p50_us"), 8, "ge"),
    ("Node throughput ≥ 8× the JS SDK v3", "node", ("vs_peer", "calls_per_s"), 8, "ge"),
    ("Node load ≥ 3× faster than the JS SDK v3", "node", ("vs_peer", "load_ms"), 3, "ge"),
    ("Node peak RSS ≤ ½ of the JS SDK v3's", "node", ("vs_peer", "rss_mib"), 2, "ge"),
    ("Rust per call ≥ 1.5× faster than the Rust SDK", "rust", ("vs_peer", "p50_us"), 1.5, "ge"),
    ("Rust per call within 1.6× of the floor (time ÷ floor's)", "rust", ("vs_floor", "p50_us"), 1.6, "le"),
    ("Rust throughput ≥ 2× the Rust SDK", "rust", ("vs_peer", "calls_per_s"), 2, "ge"),
]


def judge(table):
    verdicts = []
    for label, name, (side, metric), threshold, compare in TARGETS:
        ratio = table.get(name, {}).get(side, {}).get(metric)
        if ratio is None:
            verdicts.append({"target": label, "ratio": None, "verdict": "not measured"})
            continue
        if compare == "le":
            ratio = 1 / ratio
        met = ratio >= threshold if compare == "ge" else ratio <= threshold
        verdicts.append({"target": label, "ratio": ratio, "verdict": "met" if met else "missed", "needed": threshold})
    return verdicts


# ---------------------------------------------------------------------------------------------
# Report.


def fmt(x, digits=None):
    if x is None:
        return "–"
    if digits is None:
        digits = 0 if abs(x) >= 100 else 1 if abs(x) >= 10 else 2
    return f"{x:,.{digits}f}"


def ratio_text(row, side, metric):
    r = row.get(side, {}).get(metric)
    return "–" if r is None else f"{r:.2f}×"


def markdown(report):
    table = report["table"]
    lines = [
        f"Medians of {report['settings']['runs']} run(s) on {report['machine']['cpus']} CPUs "
        f"({report['machine']['cpu_model']}), {report['date']}; nginx pinned to CPU "
        f"{report['settings']['server_cpu']}, each client to CPU {report['settings']['client_cpu']} "
        f"(`--cpus {report['settings'].get('cpus', 'split')}`). "
        f"Per call: {report['settings']['calls']:,} sequential calls after {report['settings']['warmup']} "
        f"warm-up calls, both payload kinds alternating. Throughput: {report['settings']['in_flight']} "
        f"calls in flight for {report['settings']['throughput_secs']} s.",
        "",
        "| contender | load (ms) | client (ms) | p50 (µs) | p90 (µs) | p99 (µs) | calls/s | peak RSS (MiB) "
        "| vs peer: per call / calls/s / load / RSS | vs floor: per call / calls/s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    order = [n for n in ORDER if n in table] + [n for n in table if n not in ORDER]
    for name in order:
        row = table[name]
        client = fmt(row["client_ms"], 3 if (row["client_ms"] or 1) < 1 else None)
        if row.get("client_new_session_ms") is not None:
            client += f" ({fmt(row['client_new_session_ms'])} new Session)"
        peer = "–"
        if "vs_peer" in row:
            peer = f"vs {row['vs_peer']['against']}: " + " / ".join(
                ratio_text(row, "vs_peer", m) for m in ("p50_us", "calls_per_s", "load_ms", "rss_mib")
            )
        floor = "–"
        if "vs_floor" in row:
            floor = " / ".join(ratio_text(row, "vs_floor", m) for m in ("p50_us", "calls_per_s"))
        lines.append(
            f"| {name} | {fmt(row['load_ms'])} | {client} | {fmt(row['p50_us'])} | {fmt(row['p90_us'])} "
            f"| {fmt(row['p99_us'])} | {fmt(row['calls_per_s'], 0)} | {fmt(row['rss_mib'], 1)} | {peer} | {floor} |"
        )
    lines += [
        "",
        "Ratios are medians of ratios taken within each run, as \"times better\": above 1× ours is faster, "
        "handles more calls per second, loads faster or uses less memory.",
        "",
        "| target | measured | verdict |",
        "|---|--:|---|",
    ]
    for v in report["targets"]:
        lines.append(f"| {v['target']} | {ratio_text({'x': {'r': v['ratio']}}, 'x', 'r')} | {v['verdict']} |")
    unavailable = {n: s["unavailable"] for n, s in report["unavailable"].items()}
    if unavailable:
        lines += ["", "Not measured: " + "; ".join(f"{n} ({why[:200]})" for n, why in unavailable.items())]
    return "\n".join(lines) + "\n"


def machine():
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {"cpus": os.cpu_count(), "cpu_model": model, "platform": platform.platform()}


def versions():
    out = {}
    try:
        out["boto3"] = subprocess.run(
            [VENV_PY, "-c", "import boto3, botocore; print(boto3.__version__, botocore.__version__)"],
            capture_output=True, text=True, check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    lock = BENCH / "node" / "package-lock.json"
    if lock.exists():
        packages = json.loads(lock.read_text()).get("packages", {})
        out["js-sdk"] = packages.get("node_modules/@aws-sdk/client-partnercentral-selling", {}).get("version")
    cargo_lock = BENCH / "rust" / "rust-sdk" / "Cargo.lock"
    if cargo_lock.exists():
        text = cargo_lock.read_text().split("[[package]]")
        for block in text:
            for crate in ("aws-sdk-partnercentralselling", "aws-config"):
                if f'name = "{crate}"\n' in block:
                    out[crate] = block.split('version = "')[1].split('"')[0]
    out["node"] = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    out["python"] = platform.python_version()
    try:
        out["commit"] = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="whole runs to repeat (default 3)")
    parser.add_argument("--calls", type=int, default=2000, help="sequential calls per contender")
    parser.add_argument("--warmup", type=int, default=200, help="warm-up calls before timing")
    parser.add_argument("--in-flight", type=int, default=16, help="concurrent calls for throughput")
    parser.add_argument("--throughput-secs", type=float, default=2.0, help="timed throughput window")
    parser.add_argument("--construct-reps", type=int, default=30, help="client constructions timed")
    parser.add_argument("--only", default=",".join(ORDER), help="comma-separated contenders to run")
    parser.add_argument(
        "--python-from", default=str(ROOT), help="the source tree `pip install` builds our Python package from"
    )
    parser.add_argument(
        "--cpus",
        choices=["shared", "split"],
        default="shared",
        help="shared (default): nginx and the client pinned to the same CPU, so a sequential call "
        "costs what client and server do, not the hypervisor's cross-CPU wake-ups (about 40 µs "
        "each on this VM); split: nginx on one CPU, the client on another",
    )
    parser.add_argument("--perf", action="store_true", help="record each contender with perf (out/perf-*.txt)")
    parser.add_argument("--skip-build", action="store_true", help="reuse the last builds (Rust executables, Python and Node packages)")
    args = parser.parse_args()
    args.only = set(args.only.split(","))
    unknown = args.only - set(ORDER)
    if unknown:
        raise SystemExit(f"unknown contenders {sorted(unknown)}; choose from {ORDER}")

    started = time.monotonic()
    ready = setup(args)
    cpus = sorted(os.sched_getaffinity(0))
    if args.cpus == "shared":
        server_cpu = client_cpu = cpus[-1]
    elif len(cpus) >= 2:
        server_cpu, client_cpu = cpus[0], cpus[1]
    else:
        server_cpu = client_cpu = None
        log("only one CPU: client and server share it (no pinning)")
    runs = []
    with Nginx(server_cpu):
        for index in range(args.runs):
            runs.append(run_once(index, ready, args, client_cpu))
    table = aggregate(runs)
    report = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "machine": machine(),
        "versions": versions(),
        "settings": {
            "runs": args.runs,
            "calls": args.calls,
            "warmup": args.warmup,
            "in_flight": args.in_flight,
            "throughput_secs": args.throughput_secs,
            "construct_reps": args.construct_reps,
            "cpus": args.cpus,
            "server_cpu": server_cpu,
            "client_cpu": client_cpu,
            "endpoint": ENDPOINT,
        },
        "unavailable": {n: s for n, s in ready.items() if "unavailable" in s},
        "table": table,
        "targets": judge(table),
        "runs": runs,
        "seconds": time.monotonic() - started,
    }
    (OUT / "results.json").write_text(json.dumps(report, indent=2, default=str) + "\n")
    text = markdown(report)
    (OUT / "results.md").write_text(text)
    print(text)
    log(f"wrote {OUT / 'results.json'} and {OUT / 'results.md'} in {report['seconds']:.0f} s")


if __name__ == "__main__":
    main()
