"""scripts/run-tests, which CI and `make test` run: a run that tests nothing must not pass."""

import os
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_tests(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["scripts/run-tests", "-q", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_a_run_that_collects_no_tests_fails():
    # -k selects nothing in one small file: pytest collects no tests, quickly.
    result = run_tests("tests/lpsa/test_health.py", "-k", "no_test_is_called_this_xyz")
    assert result.returncode == 5, result.stdout + result.stderr
    assert "No tests were collected" in result.stderr


def test_a_lane_that_is_empty_on_purpose_may_pass_with_allow_empty():
    result = run_tests("tests/lpsa/test_health.py", "-k", "no_test_is_called_this_xyz", ALLOW_EMPTY="1")
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_mistyped_marker_fails():
    result = run_tests("tests/lpsa/test_health.py", "-m", "nonexistent_marker_xyz")
    assert result.returncode != 0
