"""Packaging: cheap import, generated stubs in step with the model, panics as exceptions."""

from __future__ import annotations

import subprocess
import sys

import pytest

import partnercentral_selling as pcs
from conftest import REPO


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_does_no_work_beyond_loading() -> None:
    out = run_python(
        "import os, sys\n"
        "import partnercentral_selling\n"
        "threads = len(os.listdir('/proc/self/task'))\n"
        "print(threads, *sorted(m for m in ('asyncio', 'logging', 'typing', 'boto3') if m in sys.modules))\n"
    )
    # One thread (no runtime started) and none of the heavier standard modules pulled in.
    assert out == "1"


def test_stubs_match_the_model() -> None:
    done = subprocess.run(
        [sys.executable, str(REPO / "bindings-python" / "tools" / "gen_stubs.py"), "--check"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_installed_stubs_are_the_generated_ones() -> None:
    import pathlib

    installed = pathlib.Path(pcs.__file__).parent
    source = REPO / "bindings-python" / "python" / "partnercentral_selling"
    for name in ("__init__.pyi", "type_defs.pyi", "py.typed"):
        assert (installed / name).read_text() == (source / name).read_text(), name


def test_rust_panic_becomes_an_exception_and_the_process_lives_on() -> None:
    with pytest.raises(pcs.InternalError, match="boom"):
        pcs._native._panic_in_task("boom")  # type: ignore[attr-defined]
    assert pcs.validate({}) != []


def test_version() -> None:
    assert pcs.__version__.count(".") == 2
