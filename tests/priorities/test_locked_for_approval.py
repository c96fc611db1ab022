"""While the chief executive is asked to approve, no path changes the framework's content."""

from decimal import Decimal

import pytest

from priorities import spreadsheet
from priorities.models import ContentLocked, Framework, Priority, PumpPriming, Stage, Target
from tests.priorities.test_admin_obeys_rules import target_change


@pytest.fixture
def locked(framework, tree):
    framework.stage = Stage.ONE_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    return framework


def test_no_item_is_saved_moved_or_deleted_while_locked(locked):
    target = Target.objects.get()
    target.with_lpsa = Decimal("99")
    with pytest.raises(ContentLocked):
        target.save_checked(expected_version=target.version, fields=["with_lpsa"])
    with pytest.raises(ContentLocked):
        Priority(framework=locked, title="New").save_checked(expected_version=None)
    with pytest.raises(ContentLocked):
        Priority.objects.get().move(by=1)
    with pytest.raises(ContentLocked):
        target.delete_and_renumber()
    assert Target.objects.get().with_lpsa == Decimal("55")
    assert Priority.objects.count() == 1


def test_the_framework_details_are_locked_too(locked):
    framework = Framework.objects.get()
    framework.title = "Changed"
    with pytest.raises(ContentLocked):
        framework.save_checked(expected_version=framework.version, fields=["title"])
    assert Framework.objects.get().title != "Changed"


def test_an_import_changes_nothing_while_locked(locked):
    rows = spreadsheet.export_rows(locked)
    table = [spreadsheet.HEADINGS, *[[str(c) for c in row] for row in rows]]
    table[1][spreadsheet.HEADINGS.index("With LPSA2")] = "70"
    plan = spreadsheet.plan_import(locked, table)
    assert not plan.errors
    with pytest.raises(ContentLocked):
        spreadsheet.apply_import(locked, plan.rows)
    assert Target.objects.get().with_lpsa == Decimal("55")


def test_the_admin_cannot_change_a_locked_framework(superuser_client, locked):
    target = Target.objects.get()
    response = target_change(superuser_client, target, with_lpsa="58")
    assert response.status_code == 403
    assert Target.objects.get().with_lpsa == Decimal("55")


def test_pump_priming_is_not_allocated_while_locked(locked):
    locked.pump_priming_grant = 1000
    Framework.objects.filter(pk=locked.pk).update(pump_priming_grant=1000)
    with pytest.raises(ContentLocked):
        PumpPriming(target=Target.objects.get(), amount=10, spend_on="Staff").save_checked(expected_version=None)
    assert not PumpPriming.objects.exists()
