"""What's left to do: the framework's task list, the readiness check's links, and the dashboard
saying the same as the workflow."""

import re

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment
from lpsa.readiness import Blocker
from lpsa.task_list import CANNOT_START, COMPLETED, IN_PROGRESS, INCOMPLETE, NOT_STARTED, WAITING, framework_tasks
from lpsa.workflow import MOVES_BY_NAME, MoveRefused, blockers, framework_move, stage_blockers
from priorities.models import Indicator, Involvement, Priority, Stage, Target, TargetArea
from tests.factories import add, settle_every_target, submit_stage_two


def statuses(framework) -> dict[str, str]:
    return {task.name: task.status for section in framework_tasks(framework) for task in section.tasks}


def task(framework, name: str):
    return next(t for section in framework_tasks(framework) for t in section.tasks if t.name.startswith(name))


def test_a_blocker_is_still_its_sentence(ready):
    problem = Blocker("Something is missing.", "/somewhere/", "partners")
    assert problem == "Something is missing."
    assert "; ".join([problem, "More."]) == "Something is missing.; More."
    assert MoveRefused([problem]).problems == ["Something is missing."]


def test_a_ready_stage_one_framework_has_every_content_task_complete(at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    found = statuses(framework)
    assert found["Main Priority 1: Priority 1"] == COMPLETED
    assert found["Record the partners' answers"] == COMPLETED
    assert found["Resolve the comments"] == COMPLETED
    assert found["Start the partner consultation"] == COMPLETED
    assert found["Ask the chief executive to approve"] == NOT_STARTED
    assert found["Chief executive's approval"] == CANNOT_START
    assert found["Government agrees the framework"] == CANNOT_START


def test_an_incomplete_priority_holds_up_the_request_for_approval(at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    priority = framework.priorities.get()
    priority.evidence = ""
    priority.save()
    item = task(framework, "Main Priority 1")
    assert item.status == INCOMPLETE
    assert item.url == reverse("priorities:priority", args=[priority.pk])
    assert item.blockers == [
        "Main Priority 1 “Priority 1” has no evidence. Government asks for every priority to be evidenced."
    ]
    assert task(framework, "Ask the chief executive").status == CANNOT_START


def test_a_district_yet_to_answer_links_to_its_row_of_the_partners_page(at_stage, district):
    framework = at_stage(Stage.ONE_CONSULTATION)
    involvement = Involvement.objects.get(organisation=district)
    involvement.status = Involvement.Status.INVITED
    involvement.save()
    item = task(framework, "Record the partners' answers")
    assert item.status == INCOMPLETE
    partners = reverse("priorities:framework_partners", args=[framework.slug])
    assert item.url == f"{partners}#involvement-{involvement.pk}"


def test_open_comments_link_to_the_open_comments(at_stage, cast):
    framework = at_stage(Stage.ONE_CONSULTATION)
    Comment.objects.create(
        framework=framework, priority=framework.priorities.get(), author=cast["wglead"].user, text="?"
    )
    item = task(framework, "Resolve the comments")
    assert item.status == INCOMPLETE
    assert item.url == reverse("lpsa:comments", args=[framework.slug]) + "?show=open"


def test_while_awaiting_approval_the_chief_executive_is_waited_for(at_stage):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    found = statuses(framework)
    assert found["Ask the chief executive to approve"] == COMPLETED
    assert found["Chief executive's approval"] == WAITING
    assert task(framework, "Chief executive's approval").shown_status == "Waiting for the chief executive"


def test_after_approval_the_submitted_document_is_linked(at_stage, cast):
    framework = at_stage(Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    framework.refresh_from_db()
    submission = framework.submissions.get()
    item = task(framework, "Submit the document to government")
    assert item.status == COMPLETED  # tests render the PDF at once
    assert item.url == reverse("lpsa:submission_pdf", args=[submission.pk])
    assert task(framework, "Government agrees").status == WAITING


def test_stage_two_lists_measures_and_numbered_targets(at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    indicator = Indicator.objects.get()
    indicator.baseline_value = None
    indicator.save()
    target = Target.objects.get()
    target.agreement_target = None
    target.save()
    measures = task(framework, "Main Priority 1: Priority 1 – indicators and targets")
    assert measures.status == INCOMPLETE
    assert measures.url == reverse("priorities:indicator", args=[indicator.pk])
    numbered = task(framework, "Group the target lines into numbered targets")
    assert numbered.status == INCOMPLETE
    assert reverse("priorities:target", args=[target.pk]) in [b.url for b in numbered.blockers]
    assert "Start the partner consultation" not in statuses(framework)


def test_in_negotiation_the_targets_still_to_agree_are_linked(at_stage, cast):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    submit_stage_two(framework, cast["chiefexec"])
    framework.stage = Stage.TWO_NEGOTIATION
    framework.save(update_fields=["stage"])
    item = task(framework, "Agree every numbered target")
    assert item.status == IN_PROGRESS
    target = Target.objects.get()
    assert reverse("priorities:target", args=[target.pk]) + "#negotiation" in [b.url for b in item.blockers]


def test_once_settled_the_agreement_task_is_complete(at_stage, cast):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    submission = submit_stage_two(framework, cast["chiefexec"])
    settle_every_target(framework, submission, cast["reviewer"])
    framework.stage = Stage.TWO_NEGOTIATION
    framework.save(update_fields=["stage"])
    assert task(framework, "Agree every numbered target").status == NOT_STARTED
    framework_move(framework=framework, move_name="agree_two", user=cast["reviewer"].user)
    framework.refresh_from_db()
    assert task(framework, "Agree every numbered target").status == COMPLETED


def test_every_blocker_names_an_item_that_opens(at_stage, login, cast, district):
    """Break everything the Stage Two check looks at; each linked item opens for an officer."""
    framework = at_stage(Stage.TWO_DRAFTING)
    priority = framework.priorities.get()
    priority.outcome = ""
    priority.save()
    add(TargetArea, priority=priority, title="Empty area")
    indicator = Indicator.objects.get()
    indicator.definition = ""
    indicator.save()
    add(Target, indicator=indicator, period="2008/09")  # no figures, and in no numbered target
    Involvement.objects.filter(organisation=district).update(status=Involvement.Status.INVITED)
    Comment.objects.create(framework=framework, priority=priority, author=cast["wglead"].user, text="?")
    problems = blockers(framework, MOVES_BY_NAME["ask_approval_two"])
    assert len(problems) >= 7
    client = login(cast["officer"])
    for problem in problems:
        assert problem.url, problem
        path, _, anchor = problem.url.partition("#")
        response = client.get(path)
        assert response.status_code == 200, problem
        if anchor:
            assertContains(response, f'id="{anchor}"')


def test_the_workflow_page_links_its_blockers(at_stage, login, cast):
    framework = at_stage(Stage.ONE_CONSULTATION)
    priority = framework.priorities.get()
    priority.evidence = ""
    priority.save()
    response = login(cast["officer"]).get(reverse("lpsa:workflow", args=[framework.slug]))
    url = reverse("priorities:priority", args=[priority.pk])
    assertContains(response, f'<a class="govuk-link" href="{url}">Main Priority 1 “Priority 1” has no evidence.')


def test_the_framework_page_shows_the_task_list(at_stage, login, cast):
    framework = at_stage(Stage.ONE_CONSULTATION)
    response = login(cast["wglead"]).get(framework.get_absolute_url())
    assertContains(response, '<ul class="govuk-task-list">', count=2)
    assertContains(response, "What's left to do in Stage One")
    assertContains(response, '<strong class="govuk-tag govuk-tag--blue">Not yet started</strong>', html=True)


@pytest.mark.parametrize("stage", [Stage.ONE_CONSULTATION, Stage.ONE_AWAITING_APPROVAL])
def test_the_dashboard_names_what_blocks_approval_when_the_old_counts_saw_nothing(
    stage, at_stage, login, cast, district
):
    """Every item had what it needs, yet a district had not answered and a comment was open:
    the dashboard said “Nothing” while the workflow refused the approval."""
    framework = at_stage(stage)
    Involvement.objects.filter(organisation=district).update(status=Involvement.Status.INVITED)
    Comment.objects.create(
        framework=framework, priority=framework.priorities.get(), author=cast["wglead"].user, text="?"
    )
    move = "ask_approval_one" if stage == Stage.ONE_CONSULTATION else "approve_one"
    user = cast["officer"] if stage == Stage.ONE_CONSULTATION else cast["chiefexec"]
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name=move, user=user.user, reason="Please approve.", declared=True)
    dashboard = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertNotContains(dashboard, "Nothing:")
    page = dashboard.content.decode()
    for problem in refused.value.problems:
        assert f'href="{problem.url}">{problem}</a>' in page
    assert refused.value.problems == stage_blockers(framework)


def test_the_dashboard_says_nothing_is_missing_only_when_the_workflow_agrees(at_stage, login, cast):
    framework = at_stage(Stage.ONE_CONSULTATION)
    assert stage_blockers(framework) == []
    dashboard = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertContains(dashboard, "Nothing: every item has what it needs.")


def test_the_dashboard_lists_a_few_blockers_and_points_to_the_rest(at_stage, login, cast):
    framework = at_stage(Stage.ONE_CONSULTATION)
    for n in range(6):
        add(Priority, framework=framework, title=f"Bare {n}")
    dashboard = login(cast["officer"]).get(reverse("priorities:dashboard")).content.decode()
    shown = re.findall(r"has no (?:outcome|evidence|target area)", dashboard)
    assert len(shown) == 5
    more = f'{framework.get_absolute_url()}#tasks">And {len(stage_blockers(framework)) - 5} more'
    assert more in dashboard
