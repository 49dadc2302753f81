"""Packaging: cheap import, generated stubs in step with the model, panics as exceptions."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

import partnercentral_selling as pcs
from conftest import REPO, valid_params


def run_python(code: str) -> str:
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_import_does_no_work_beyond_loading() -> None:
    out = run_python(
        "import os, sys\n"
        "import partnercentral_selling\n"
        "threads = len(os.listdir('/proc/self/task'))\n"
        "print(threads, *sorted(m for m in ('asyncio', 'logging', 'typing', 'boto3',\n"
        "    'pandas', 'numpy', 'tqdm', 'partnercentral_selling._bulk') if m in sys.modules))\n"
    )
    # One thread (no runtime started), none of the heavier standard modules pulled in, and not
    # bulk's optional pandas / tqdm (nor its own module, loaded on the first `bulk` call).
    assert out == "1"


def test_generated_files_match_the_model() -> None:
    """codegen's drift check over every generated file (stubs, docstrings, parity samples)."""
    done = subprocess.run(
        ["cargo", "run", "-q", "-p", "partnercentral-selling-codegen", "--", "--check"],
        capture_output=True,
        text=True,
        timeout=600,
        cwd=REPO,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_installed_stubs_are_the_generated_ones() -> None:
    import pathlib

    installed = pathlib.Path(pcs.__file__).parent
    source = REPO / "bindings-python" / "python" / "partnercentral_selling"
    for name in ("__init__.pyi", "type_defs.pyi", "_emulator.pyi", "py.typed", "_model.py"):
        assert (installed / name).read_text() == (source / name).read_text(), name


def test_rust_panic_becomes_an_exception_and_the_process_lives_on() -> None:
    with pytest.raises(pcs.InternalError, match="boom"):
        pcs._native._panic_in_task("boom")  # type: ignore[attr-defined]
    assert pcs.validate({}) != []


def test_version() -> None:
    assert pcs.__version__.count(".") == 2


def test_stubs_declare_exactly_the_public_api() -> None:
    """The hand-described part of the stubs (classes, functions) matches what the package exports."""
    import ast
    import pathlib

    stub = ast.parse((pathlib.Path(pcs.__file__).parent / "__init__.pyi").read_text())
    declared = set()
    for node in stub.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef)):
            declared.add(node.name)
        elif isinstance(node, ast.ImportFrom) and node.module in ("errors", "_emulator"):
            declared.update(alias.asname or alias.name for alias in node.names)
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            declared.add(node.target.id)
    exported = set(pcs.__all__)
    assert exported <= declared, exported - declared
    runtime_only = {"ClientMeta", "EmulatorCredentials", "FaultsTypeDef", "ClientExceptions", "_BaseClient",
                    "PageIterator", "AsyncPageIterator"}
    # One typed paginator class per paginated operation (what get_paginator's overloads return).
    paginators = {name for name in declared if name.endswith("Paginator")}
    assert declared - exported - paginators <= runtime_only, declared - exported - paginators
    for name in exported:
        assert hasattr(pcs, name), name


def test_a_program_that_does_not_log_never_pays_for_logging() -> None:
    out = run_python(
        "import sys, json\n"
        "import partnercentral_selling as pcs\n"
        "with pcs.Emulator() as emu:\n"
        "    emu.client().create_engagement_invitation(**json.loads(%r))\n"
        "print('logging' in sys.modules)\n" % json.dumps(valid_params())
    )
    assert out == "False"
