"""The installed wheel, as a user gets it: import, the bundled emulator, a sync and an async call,
local validation, a refused request, the `pcs` script pip put on PATH (its version, and a call), and
a Rust panic that becomes an exception.

usage: python smoke.py <expected version> <input.json>   (run by scripts/test-dist.sh)
"""
import asyncio
import json
import os
import shutil
import subprocess
import sys
import time

version, input_path = sys.argv[1], sys.argv[2]
with open(input_path) as f:
    params = json.load(f)

t0 = time.perf_counter()
import partnercentral_selling as pcs  # noqa: E402

import_ms = (time.perf_counter() - t0) * 1000
assert pcs.__version__ == version, (pcs.__version__, version)
assert pcs.__file__.startswith(sys.prefix), f"imported {pcs.__file__}, not the venv's copy"

with pcs.Emulator() as emu:
    client = emu.client()
    out = client.create_engagement_invitation(**params)
    assert out["Id"].startswith("engi-") and out["ResponseMetadata"]["HTTPStatusCode"] == 200, out

    async def async_call():
        return await emu.async_client().create_engagement_invitation(**params)

    out2 = asyncio.run(async_call())
    assert out2["Id"].startswith("engi-") and out2["Id"] != out["Id"], out2

    violations = pcs.validate({**params, "Catalog": "not a catalog!"})
    assert [v["path"] for v in violations] == ["Catalog"], violations
    try:
        client.create_engagement_invitation(**{**params, "Catalog": "not a catalog!"})
        raise AssertionError("an invalid request was sent")
    except pcs.ParamValidationError as err:
        assert err.errors[0]["path"] == "Catalog", err.errors

    pcs_bin = shutil.which("pcs")
    assert pcs_bin and pcs_bin.startswith(sys.prefix), f"pcs on PATH is {pcs_bin}, not the wheel's"
    shown = subprocess.run([pcs_bin, "--version"], capture_output=True, text=True, check=True)
    assert version in shown.stdout, shown.stdout
    env = {**os.environ, "AWS_ACCESS_KEY_ID": emu.credentials["aws_access_key_id"],
           "AWS_SECRET_ACCESS_KEY": emu.credentials["aws_secret_access_key"],
           "AWS_DEFAULT_REGION": emu.credentials["region_name"]}
    called = subprocess.run([pcs_bin, "create-engagement-invitation", "--endpoint-url", emu.url,
                             "--cli-input-json", f"file://{os.path.abspath(input_path)}", "--output", "json"],
                            capture_output=True, text=True, env=env)
    assert called.returncode == 0, called.stderr
    assert json.loads(called.stdout)["Id"].startswith("engi-"), called.stdout
    assert len(emu.stored_invitations()) == 3

# A Rust panic unwinds to an exception (the binaries are linked by zig, with its unwinder).
try:
    pcs._native._panic_in_task("smoke")
    raise AssertionError("the panic did not surface")
except pcs.InternalError as err:
    assert "smoke" in str(err), err

print(f"python smoke: ok (import {import_ms:.1f} ms; sync, async, validation, panic, pcs {shown.stdout.strip()!r})")
