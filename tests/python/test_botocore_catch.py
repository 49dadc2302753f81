"""Code written for boto3 keeps its `except botocore.exceptions.X` clauses and still catches our
errors: when botocore is imported (before or after this package) the raised class derives from
ours and from botocore's; without botocore, ours alone, and botocore is never imported by us.
Each case runs in a fresh interpreter, so the import order is the one the case says."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import valid_params

pytest.importorskip("botocore")

CALLS = """
import partnercentral_selling as pcs
params = json.loads(PARAMS)
results = []
with pcs.Emulator() as emu:
    client = emu.client(max_attempts=1)
    bad = dict(params, EngagementIdentifier="not an id")
    # A service error (the emulator does not know the engagement).
    missing = dict(params, EngagementIdentifier="eng-zzzzzzzzzzzzzz")
    for what, call in (("param", lambda: client.create_engagement_invitation(**bad)),
                       ("service", lambda: client.create_engagement_invitation(**missing)),
                       ("pageable", lambda: client.get_paginator("create_engagement_invitation"))):
        try:
            call()
        except Exception as error:
            results.append((what, error))
"""

CHECKS = """
out = {}
for what, error in results:
    row = {"ours": isinstance(error, pcs.PartnerCentralError), "class": type(error).__name__}
    if HAVE_BOTOCORE:
        import botocore.exceptions as be
        row["botocore"] = [name for name in ("ClientError", "ParamValidationError", "BotoCoreError",
                           "OperationNotPageableError") if isinstance(error, getattr(be, name))]
        if what == "service":
            try:
                raise error
            except be.ClientError as caught:
                row["caught_by"] = "botocore.ClientError"
                row["code"] = caught.response["Error"]["Code"]
                row["op"] = caught.operation_name
                row["client_exceptions"] = isinstance(caught, client.exceptions.ResourceNotFoundException)
                row["pcs_class"] = isinstance(caught, pcs.ResourceNotFoundException)
            except Exception:
                row["caught_by"] = None
        if what == "param":
            try:
                raise error
            except be.ParamValidationError as caught:
                row["caught_by"] = "botocore.ParamValidationError"
                row["report"] = "EngagementIdentifier" in str(caught) and "EngagementIdentifier" in caught.kwargs["report"]
                row["errors"] = [e["path"] for e in caught.errors]
            except Exception:
                row["caught_by"] = None
    out[what] = row
import pickle
out["pickled"] = type(pickle.loads(pickle.dumps(results[1][1]))).__mro__[1].__module__
out["botocore_loaded"] = "botocore" in sys.modules
print(json.dumps(out))
"""


def run(prelude: str, *, botocore_first: bool, have_botocore: bool) -> dict:  # type: ignore[type-arg]
    code = "import json, sys\nPARAMS = %r\nHAVE_BOTOCORE = %r\n" % (json.dumps(valid_params()), have_botocore)
    code += prelude
    if botocore_first:
        code += "import botocore.exceptions\n"
    code += CALLS
    if have_botocore and not botocore_first:
        code += "import botocore.exceptions\n"
    code += CHECKS
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


@pytest.mark.parametrize("botocore_first", [True, False], ids=["botocore-imported-first", "botocore-imported-later"])
def test_botocore_except_clauses_catch_our_errors(botocore_first: bool) -> None:
    out = run("", botocore_first=botocore_first, have_botocore=True)
    if botocore_first:
        # Imported before the errors were raised: every error also is botocore's.
        assert out["service"]["botocore"] == ["ClientError"]
        assert out["service"]["caught_by"] == "botocore.ClientError"
        assert out["service"]["code"] == "ResourceNotFoundException"
        assert out["service"]["op"] == "CreateEngagementInvitation"
        assert out["service"]["client_exceptions"] and out["service"]["pcs_class"]
        assert out["param"]["botocore"] == ["ParamValidationError", "BotoCoreError"]
        assert out["param"]["caught_by"] == "botocore.ParamValidationError"
        assert out["param"]["report"] and out["param"]["errors"] == ["EngagementIdentifier"]
        assert out["pageable"]["botocore"] == ["BotoCoreError", "OperationNotPageableError"]
    else:
        # Raised before botocore was imported: ours only (no clause could have named botocore's).
        assert out["service"]["botocore"] == [] and out["param"]["botocore"] == []
        assert out["service"]["caught_by"] is None and out["param"]["caught_by"] is None
    for what in ("service", "param", "pageable"):
        assert out[what]["ours"]
    assert out["service"]["class"] == "ResourceNotFoundException"
    assert out["param"]["class"] == "ParamValidationError"
    assert out["pickled"] == "partnercentral_selling.errors"


def test_without_botocore_our_classes_alone_and_botocore_is_never_imported() -> None:
    hide = (
        "import importlib.abc\n"
        "class _Hide(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'botocore' or name.startswith('botocore.') or name == 'boto3':\n"
        "            raise ModuleNotFoundError(name)\n"
        "sys.meta_path.insert(0, _Hide())\n"
    )
    out = run(hide, botocore_first=False, have_botocore=False)
    assert out["botocore_loaded"] is False
    assert {what: row["ours"] for what, row in out.items() if isinstance(row, dict)} == {
        "param": True, "service": True, "pageable": True}
    assert out["service"]["class"] == "ResourceNotFoundException"
