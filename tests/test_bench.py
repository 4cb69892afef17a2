"""The benchmark still runs: a smoke run at a tiny scale (the real run is on demand, never timed here)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from conftest import ROOT


@pytest.mark.slow(seconds=80)
def test_benchmark_smoke_run(tmp_path):
    result = subprocess.run(
        # Every comparison with a target; the profile (a report, under cProfile) is left to a real run.
        [sys.executable, str(ROOT / "bench" / "run.py"), "--scale", "0.005", "--repeat", "1", "--out", str(tmp_path), "-q",
         "--only", "build,nav,validate,scaling,memory,search,pages,serve"],
        capture_output=True, text=True, cwd=ROOT, timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    table = result.stdout
    for row in ("1 build", "2 nav", "3 validate", "4 scaling", "5 memory", "7 search", "8 pages", "9 serve"):
        assert row in table, table
    assert "smoke" in table and "Traceback" not in result.stderr


def test_linear_validation_bench_smoke_run():
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "linear.py"), "--sizes", "2,4", "--repeat", "1", "-q"],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for kind in ("regex", "keys", "flood"):
        assert f"| {kind} | 2 KB" in result.stdout, result.stdout
