"""`pcs` against `aws` as whole processes: the same call, the same endpoint, one process per call.

Both run `partnercentral-selling create-engagement-invitation --cli-input-json file://<sample>`
and `list-engagement-invitations` (paginated) against one `pcs emulator` on loopback (release
build), with the emulator's test credentials, alternating, after warm-up runs; the figure is the
median wall time of a whole process (start, parse, sign, send, print, exit).

    bash scripts/bench-cli.sh            # builds pcs in release, installs awscli in a venv
    python3 bench/cli.py --pcs PATH --aws PATH [--runs 30]
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
SAMPLE = os.path.join(ROOT, "cli", "examples", "create-engagement-invitation.json")
KEY = "AKIAIOSFODNN7EXAMPLE"
SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--pcs", required=True)
    p.add_argument("--aws", required=True)
    p.add_argument("--runs", type=int, default=30)
    args = p.parse_args()

    emulator = subprocess.Popen(
        [args.pcs, "emulator", "--port", "0"], stdout=subprocess.PIPE, text=True
    )
    url = emulator.stdout.readline().split()[-1]
    home = tempfile.mkdtemp()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": home,
        "AWS_ACCESS_KEY_ID": KEY,
        "AWS_SECRET_ACCESS_KEY": SECRET,
        "AWS_DEFAULT_REGION": "us-east-1",
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_PAGER": "",
    }
    calls = {
        "create-engagement-invitation": [
            "partnercentral-selling", "create-engagement-invitation",
            "--cli-input-json", f"file://{SAMPLE}", "--endpoint-url", url,
        ],
        "list-engagement-invitations": [
            "partnercentral-selling", "list-engagement-invitations", "--catalog", "Sandbox",
            "--participant-type", "SENDER", "--max-items", "20", "--endpoint-url", url,
        ],
    }
    results = {}
    try:
        for name, call in calls.items():
            times = {"pcs": [], "aws": []}
            for i in range(args.runs + 3):
                for who, exe in (("pcs", args.pcs), ("aws", args.aws)):
                    start = time.perf_counter()
                    r = subprocess.run([exe, *call], env=env, capture_output=True)
                    elapsed = time.perf_counter() - start
                    if r.returncode != 0:
                        sys.exit(f"{who} {name} failed: {r.stderr.decode()}")
                    if i >= 3:
                        times[who].append(elapsed * 1000)
            pcs_ms = statistics.median(times["pcs"])
            aws_ms = statistics.median(times["aws"])
            results[name] = {"pcs_ms": pcs_ms, "aws_ms": aws_ms, "ratio": aws_ms / pcs_ms}
    finally:
        emulator.terminate()
        emulator.wait()
    aws_version = subprocess.run([args.aws, "--version"], capture_output=True, text=True)
    print(f"{args.runs} runs each, medians; {platform.processor() or platform.machine()}, "
          f"{os.cpu_count()} CPUs; {(aws_version.stdout or aws_version.stderr).strip()}")
    print("| call | pcs (ms) | aws (ms) | pcs faster by |")
    print("|---|--:|--:|--:|")
    for name, r in results.items():
        print(f"| {name} | {r['pcs_ms']:.1f} | {r['aws_ms']:.1f} | {r['ratio']:.1f}x |")
    json.dump(results, sys.stderr)
    sys.stderr.write("\n")


if __name__ == "__main__":
    main()
