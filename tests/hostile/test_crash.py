"""A process killed in the middle of an approval or an import leaves nothing half-written.

Each test starts a real child process that begins the work, says so on its output once it
has written part of it inside the transaction, and then waits; the test kills it with
SIGKILL and looks at the database. Only the child slows itself down (a patched hook in
the child), to make the moment of the crash certain.
"""

import os
import signal
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.db import connection

from lpsa.models import StageChange, Submission
from lpsa.snapshot import framework_snapshot
from priorities.models import Stage, Target

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The child process needs a database it can share: CI runs this on PostgreSQL.",
    ),
    pytest.mark.django_db(transaction=True),
]


def crash_after(script: str) -> None:
    """Run ``script`` in a child process and kill it when it prints READY."""
    db = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    child = subprocess.Popen(
        [sys.executable, "-c", "import django; django.setup()\n" + script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "lpsa.settings"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        line = child.stdout.readline()
        assert line.strip() == "READY", child.stderr.read()[-3000:]
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode == -signal.SIGKILL


def test_an_approval_killed_half_way_changes_nothing(cast, ready):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    crash_after(
        f"""
import sys, time
from django.contrib.auth import get_user_model
from lpsa import workflow
from priorities.models import Framework

def stall(**kwargs):
    print("READY", flush=True)  # the stage is already changed inside the transaction
    time.sleep(60)

workflow.submission_create = stall
framework = Framework.objects.get(pk={ready.pk})
workflow.framework_move(framework=framework, move_name="approve_one",
                        user=get_user_model().objects.get(pk={cast["chiefexec"].user.pk}), declared=True)
"""
    )
    ready.refresh_from_db()
    assert ready.stage == Stage.ONE_AWAITING_APPROVAL
    assert not StageChange.objects.exists()
    assert not Submission.objects.exists()


def test_an_import_killed_half_way_changes_nothing(cast, ready):
    from priorities.spreadsheet import export_csv

    before = framework_snapshot(ready)
    edited = export_csv(ready).replace(",55,", ",57,")
    assert ",57," in edited
    extra = edited.splitlines()[1].split(",")
    extra[7:15] = ["", "Second", "2007/08", "40", "44", "", "", ""]
    edited += ",".join(extra) + "\n"
    crash_after(
        f"""
import time
from priorities import spreadsheet
from priorities.models import Framework, Target

real_apply_target = spreadsheet._apply_target
calls = []

def apply_then_stall(indicator, row):
    written = real_apply_target(indicator, row)
    calls.append(row)
    if len(calls) == 1:
        print("READY", flush=True)  # one target is written inside the transaction
        time.sleep(60)
    return written

spreadsheet._apply_target = apply_then_stall
framework = Framework.objects.get(pk={ready.pk})
plan = spreadsheet.plan_import(framework, spreadsheet.read_table("edited.csv", {edited.encode()!r}))
assert not plan.errors, plan.errors
spreadsheet.apply_import(framework, plan.rows)
"""
    )
    assert framework_snapshot(ready) == before
    assert Target.objects.count() == 1
    assert Target.objects.get().with_lpsa == Decimal("55")
