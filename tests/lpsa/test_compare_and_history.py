from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.compare import compare
from lpsa.models import Submission
from lpsa.snapshot import framework_snapshot
from lpsa.workflow import framework_move
from priorities.models import Priority, Stage, Target, TargetArea
from tests.factories import add


def test_compare_names_items_added_removed_and_changed_field_by_field(ready):
    before = framework_snapshot(ready)
    priority = ready.priorities.get()
    priority.outcome = "Fewer people out of work"
    priority.save()
    TargetArea.objects.get().delete()
    add(TargetArea, priority=priority, title="Childcare")
    changes = {(c.kind, c.status): c for c in compare(before, framework_snapshot(ready))}
    assert changes["priority", "changed"].fields == [("Outcome statement", "Better lives", "Fewer people out of work")]
    assert changes["area", "added"].label == "Childcare"
    assert changes["area", "removed"].label == "Area 1.1"
    assert ("indicator", "removed") in changes


def test_the_compare_page_shows_what_changed_since_approval(login, cast, ready):
    ready.stage = Stage.ONE_AWAITING_APPROVAL
    ready.save(update_fields=["stage"])
    framework_move(framework=ready, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    Target.objects.update(with_lpsa=60)
    response = login(cast["officer"]).get(reverse("lpsa:compare", args=[Submission.objects.get().pk]))
    assertContains(response, "Target with LPSA2")
    assertContains(response, '<td class="govuk-table__cell app-pre-line">55</td>', html=True)
    assertContains(response, '<td class="govuk-table__cell app-pre-line">60</td>', html=True)


def test_an_items_history_shows_who_changed_what(login, cast, ready):
    client = login(cast["officer"])
    priority = Priority.objects.get()
    data = {"title": "Priority one", "outcome": "Better lives", "evidence": "Community strategy", "version": "1"}
    assert client.post(reverse("priorities:priority_edit", args=[priority.pk]), data).status_code == 302
    response = client.get(reverse("lpsa:history", args=["priority", priority.pk]))
    assertContains(response, "Officer")
    assertContains(response, '<td class="govuk-table__cell app-pre-line">Priority 1</td>', html=True)
    assertContains(response, '<td class="govuk-table__cell app-pre-line">Priority one</td>', html=True)
