"""mypy --strict accepts a correct use of the stubs and catches a misspelt key and a bad enum value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent / "typing_examples"


def mypy(path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", str(path)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=HERE,
    )


def test_good_example_passes_strict() -> None:
    done = mypy(HERE / "good.py")
    assert done.returncode == 0, done.stdout + done.stderr


def test_bad_example_reports_misspelt_key_and_bad_enum() -> None:
    done = mypy(HERE / "bad.py")
    assert done.returncode == 1, done.stdout + done.stderr
    assert 'Extra key "Mesage" for TypedDict "InvitationTypeDef"' in done.stdout, done.stdout
    assert "incompatible type \"Literal['Distributer']\"" in done.stdout, done.stdout
    assert "\"Client\" has no attribute \"list_engagement_invitatons\"" in done.stdout, done.stdout
    assert "No overload variant of \"get_paginator\"" in done.stdout, done.stdout
    assert "Unexpected keyword argument \"MaxResult\"" in done.stdout, done.stdout
