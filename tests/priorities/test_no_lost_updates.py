"""A save from a form writes only what the form edits, so nothing done meanwhile is undone.

Each test makes the other change land between the page's read of the item and its write,
which is where a busy day puts it: the stage moves, or a neighbour is reordered, while an
officer has the edit form open and presses Save.
"""

from decimal import Decimal

from django.urls import reverse

from lpsa.models import StageChange
from lpsa.workflow import framework_move
from priorities import permissions as perms
from priorities.models import Framework, Priority, Stage, Target
from tests.factories import add


def after_fetch(monkeypatch, helper: str, change) -> None:
    """Run ``change`` once, just after the view fetched its item through ``perms.<helper>``."""
    real = getattr(perms, helper)
    done = []

    def fetch_then_change(*args, **kwargs):
        item = real(*args, **kwargs)
        if not done:
            done.append(True)
            change(item)
        return item

    monkeypatch.setattr(perms, helper, fetch_then_change)


def test_a_stage_move_made_while_the_details_are_edited_is_kept(login, cast, framework, tree, monkeypatch):
    client = login(cast["officer"])

    def start_consultation(read: Framework) -> None:
        other = Framework.objects.get(pk=read.pk)
        framework_move(framework=other, move_name="start_consultation", user=cast["admin"].user)

    after_fetch(monkeypatch, "get_framework_for_user", start_consultation)
    data = {
        "title": "Hampshire LPSA2, revised",
        "stage_one_deadline": "2004-07-31",
        "stage_two_deadline": "2004-11-30",
        "version": "1",
    }
    response = client.post(reverse("priorities:framework_edit", args=[framework.slug]), data)

    assert response.status_code == 302
    framework.refresh_from_db()
    assert (framework.title, framework.stage) == ("Hampshire LPSA2, revised", Stage.ONE_CONSULTATION)
    assert StageChange.objects.get().to_stage == Stage.ONE_CONSULTATION
    # The history records the row as it stands, not the stage the form was opened at.
    assert framework.history.latest().stage == Stage.ONE_CONSULTATION


def test_a_reorder_made_while_an_item_is_edited_is_kept(login, cast, framework, tree, monkeypatch):
    add(Priority, framework=framework, title="Second")
    client = login(cast["officer"])
    after_fetch(monkeypatch, "get_visible", lambda read: Priority.objects.get(pk=read.pk).move(by=1))
    data = {"title": "First, renamed", "outcome": "Better lives", "evidence": "Community strategy", "version": "1"}

    response = client.post(reverse("priorities:priority_edit", args=[tree.pk]), data)

    assert response.status_code == 302
    assert list(framework.priorities.values_list("title", "position")) == [("Second", 1), ("First, renamed", 2)]
    assert tree.history.latest().position == 2


def test_a_reorder_made_while_a_target_is_edited_is_kept(login, cast, tree, monkeypatch):
    first = Target.objects.get()
    second = add(Target, indicator=first.indicator, period="2006/07", without_lpsa=Decimal(40), with_lpsa=Decimal(44))
    client = login(cast["officer"])
    after_fetch(monkeypatch, "get_visible", lambda read: Target.objects.get(pk=second.pk).move(by=-1))
    data = {"title": "", "period": "2007/08", "without_lpsa": "51", "with_lpsa": "57", "version": "1"}

    response = client.post(reverse("priorities:target_edit", args=[first.pk]), data)

    assert response.status_code == 302, response.context["form"].errors
    positions = dict(Target.objects.values_list("pk", "position"))
    assert positions == {second.pk: 1, first.pk: 2}
    assert Target.objects.get(pk=first.pk).with_lpsa == Decimal("57")
