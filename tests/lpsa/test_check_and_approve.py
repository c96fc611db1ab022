"""Approval as a chief executive signs: the covering note, the check page, the declaration,
the confirmation panel, and the return banner that stays until the officers act."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from lpsa.models import StageChange, Submission
from lpsa.workflow import DECLARATION_MISSING, NOTE_MISSING, MoveRefused, approval_declaration, framework_move
from priorities.models import Involvement, Stage

NOTE = "Cabinet agreed the priorities on 20 July.\nPlease look at priority 1's evidence."


def move_url(framework, name):
    return reverse("lpsa:move", args=[framework.slug, name])


def check_url(framework):
    return reverse("lpsa:approval_check", args=[framework.slug])


@pytest.fixture
def awaiting(at_stage, cast):
    """The ready framework, its officer having asked for approval with a covering note."""
    framework = at_stage(Stage.ONE_CONSULTATION)
    framework_move(framework=framework, move_name="ask_approval_one", user=cast["officer"].user, reason=NOTE)
    framework.refresh_from_db()
    return framework


# --- the covering note --------------------------------------------------------------------


def test_asking_for_approval_needs_a_covering_note(login, cast, at_stage):
    framework = at_stage(Stage.ONE_CONSULTATION)
    response = login(cast["officer"]).post(move_url(framework, "ask_approval_one"), {"reason": "   "})
    assertContains(response, NOTE_MISSING, status_code=400)
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_CONSULTATION
    assert not StageChange.objects.exists()


def test_the_workflow_refuses_a_request_for_approval_without_a_note_whatever_posts_it(cast, at_stage):
    framework = at_stage(Stage.TWO_DRAFTING)
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=framework, move_name="ask_approval_two", user=cast["officer"].user)
    assert refused.value.problems == [NOTE_MISSING]
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_DRAFTING


def test_the_note_is_kept_and_shown_in_the_timeline_the_check_page_and_the_email(
    login, cast, at_stage, mailoutbox, django_capture_on_commit_callbacks
):
    framework = at_stage(Stage.ONE_CONSULTATION)
    cast["chiefexec"].user.email = "chief@example.org"
    cast["chiefexec"].user.save()
    client = login(cast["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(move_url(framework, "ask_approval_one"), {"reason": NOTE})
    assertRedirects(response, reverse("lpsa:workflow", args=[framework.slug]))
    assert StageChange.objects.get().reason == NOTE
    page = client.get(reverse("lpsa:workflow", args=[framework.slug]))
    assertContains(page, "Covering note: Cabinet agreed the priorities on 20 July.")
    [mail] = mailoutbox
    assert "Covering note:\n" + NOTE in mail.body
    assert check_url(framework) in mail.body
    check = login(cast["chiefexec"]).get(check_url(framework))
    assertContains(check, "Please look at priority 1&#x27;s evidence.")
    assertContains(check, "Officer")


# --- the check page -----------------------------------------------------------------------


def test_the_check_page_sets_out_the_framework_the_consultation_and_the_declaration(login, cast, awaiting, district):
    Involvement.objects.filter(organisation=district).update(
        consulted_on="2004-06-01", answered_on="2004-06-20", answer="Rushmoor supports priority 1."
    )
    response = login(cast["chiefexec"]).get(check_url(awaiting))
    assertContains(response, "Check the framework before you approve it")
    assertContains(response, awaiting.council.name)
    assertContains(response, "1 headline priority")
    assertContains(response, "1 numbered target")
    assertContains(response, "£25,000,000")  # 2.5% of the £1bn net budget requirement
    assertContains(response, "Districts: 1 of 1 answered")
    assertContains(response, "Rushmoor supports priority 1.")
    assertContains(response, "Answered on 20 June 2004")
    assertContains(response, "None: nothing blocks the approval.")
    assertContains(response, approval_declaration(awaiting))
    assertContains(response, f'action="{move_url(awaiting, "approve_one")}"')
    assertContains(response, f'action="{move_url(awaiting, "return_one")}"')
    assertContains(response, "Make a PDF of this version")


def test_the_check_page_names_partners_yet_to_answer(login, cast, awaiting, district):
    Involvement.objects.filter(organisation=district).update(consulted_on="2004-06-01")
    response = login(cast["chiefexec"]).get(check_url(awaiting))
    assertContains(response, "Districts: 0 of 1 answered")
    assertContains(response, "Not answered yet. Sent the draft on 1 June 2004")


def test_with_an_open_comment_the_check_page_links_it_and_offers_no_approval(login, cast, awaiting):
    from lpsa.models import Comment
    from priorities.models import Indicator

    indicator = Indicator.objects.get()
    comment = Comment.objects.create(
        framework=awaiting, indicator=indicator, author=cast["wglead"].user, text="Why 55?"
    )
    response = login(cast["chiefexec"]).get(check_url(awaiting))
    assertContains(response, "1 comment is not resolved yet.")
    assertContains(response, f'href="{indicator.get_absolute_url()}#comment-{comment.pk}"')
    # The readiness check's sentence about it links to the framework's open comments.
    comments = reverse("lpsa:comments", args=[awaiting.slug])
    assertContains(response, f'<a class="govuk-link" href="{comments}?show=open">')
    assertNotContains(response, f'action="{move_url(awaiting, "approve_one")}"')
    assertContains(response, f'action="{move_url(awaiting, "return_one")}"')


def test_the_check_page_takes_the_same_queries_however_many_comments(
    login, cast, awaiting, django_assert_max_num_queries
):
    from lpsa.models import Comment
    from priorities.models import Indicator

    client = login(cast["chiefexec"])
    indicator = Indicator.objects.get()
    Comment.objects.create(framework=awaiting, indicator=indicator, author=cast["wglead"].user, text="One")
    with django_assert_max_num_queries(60) as one:
        client.get(check_url(awaiting))
    for n in range(5):
        Comment.objects.create(framework=awaiting, indicator=indicator, author=cast["wglead"].user, text=f"More {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(check_url(awaiting))


def test_the_check_page_links_a_pdf_made_since_approval_was_asked(login, cast, awaiting):
    client = login(cast["chiefexec"])
    response = client.post(reverse("lpsa:draft_pdf", args=[awaiting.slug]) + "?stage=one")
    assert response.status_code == 302
    draft = awaiting.draft_pdfs.get()
    assert draft.is_ready  # tasks run at once in tests
    page = client.get(check_url(awaiting))
    assertContains(page, reverse("lpsa:draft_file", args=[awaiting.slug, draft.pk]))
    assertNotContains(page, "Make a PDF of this version")


# --- the declaration ----------------------------------------------------------------------


def test_approving_without_the_declaration_is_refused_with_the_error_beside_it(login, cast, awaiting):
    response = login(cast["chiefexec"]).post(move_url(awaiting, "approve_one"), {})
    assertContains(response, DECLARATION_MISSING, status_code=400)
    assertContains(response, "Check the framework before you approve it", status_code=400)
    assertContains(response, "govuk-error-summary", status_code=400)
    awaiting.refresh_from_db()
    assert awaiting.stage == Stage.ONE_AWAITING_APPROVAL
    assert not Submission.objects.exists()


def test_the_workflow_refuses_an_approval_without_the_declaration_whatever_posts_it(cast, awaiting):
    with pytest.raises(MoveRefused) as refused:
        framework_move(framework=awaiting, move_name="approve_one", user=cast["chiefexec"].user)
    assert refused.value.problems == [DECLARATION_MISSING]
    awaiting.refresh_from_db()
    assert awaiting.stage == Stage.ONE_AWAITING_APPROVAL
    assert not Submission.objects.exists()


def test_approving_with_the_declaration_records_who_declared_and_shows_the_panel(login, cast, awaiting):
    client = login(cast["chiefexec"])
    response = client.post(move_url(awaiting, "approve_one"), {"declaration": "on"})
    submission = Submission.objects.get()
    assertRedirects(response, reverse("lpsa:submitted", args=[submission.pk]))
    assert submission.declaration == approval_declaration(awaiting)
    assert submission.declared_by == cast["chiefexec"].user
    assert submission.declared_at == StageChange.objects.get(action="approve_one").at
    page = client.get(response.url)
    assertContains(page, "govuk-panel--confirmation")
    assertContains(page, "Submitted to government")
    assertContains(page, "Stage One, version 1")
    assert submission.sha256  # rendered at once in tests
    assertContains(page, submission.sha256)
    assertNotContains(page, 'http-equiv="refresh"')


def test_the_panel_says_the_pdf_is_on_its_way_until_it_is_rendered(login, cast, awaiting):
    framework_move(framework=awaiting, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    submission = Submission.objects.get()
    Submission.objects.filter(pk=submission.pk).update(sha256="", pdf="")
    response = login(cast["chiefexec"]).get(reverse("lpsa:submitted", args=[submission.pk]))
    assertContains(response, "The PDF is being made.")
    assertContains(response, 'http-equiv="refresh"')
    assertContains(response, "Check again")


def test_a_co_signatorys_chief_executive_cannot_check_or_approve(login, awaiting, portsmouth):
    from partners.models import Person
    from tests.factories import make_person

    awaiting.co_signatories.add(portsmouth)
    theirs = make_person("portschief", portsmouth, Person.Role.CHIEF_EXECUTIVE)
    client = login(theirs)
    assert client.get(check_url(awaiting)).status_code == 403
    assert client.post(move_url(awaiting, "approve_one"), {"declaration": "on"}).status_code == 403
    with pytest.raises(PermissionDenied):
        framework_move(framework=awaiting, move_name="approve_one", user=theirs.user, declared=True)
    assert not Submission.objects.exists()


def test_a_return_from_the_check_page_without_reasons_stays_on_it(login, cast, awaiting):
    response = login(cast["chiefexec"]).post(move_url(awaiting, "return_one"), {"reason": "", "from": "check"})
    assertContains(response, "Enter the reasons, so the officers know what to change.", status_code=400)
    assertContains(response, "Check the framework before you approve it", status_code=400)
    awaiting.refresh_from_db()
    assert awaiting.stage == Stage.ONE_AWAITING_APPROVAL


# --- the return banner and the timeline ---------------------------------------------------


def test_a_return_shows_as_a_banner_to_officers_until_they_ask_again(login, cast, awaiting):
    chief = login(cast["chiefexec"])
    chief.post(move_url(awaiting, "return_one"), {"reason": "Add the survey figures.", "from": "check"})
    officer = login(cast["officer"])
    for url in (reverse("priorities:dashboard"), reverse("lpsa:workflow", args=[awaiting.slug])):
        page = officer.get(url)
        assertContains(page, "govuk-notification-banner")
        assertContains(page, "Returned by the chief executive")
        assertContains(page, "Chiefexec returned")
        assertContains(page, "Add the survey figures.")
    officer.post(move_url(awaiting, "ask_approval_one"), {"reason": "Survey figures added."})
    awaiting.refresh_from_db()
    assert awaiting.stage == Stage.ONE_AWAITING_APPROVAL
    for url in (reverse("priorities:dashboard"), reverse("lpsa:workflow", args=[awaiting.slug])):
        assertNotContains(officer.get(url), "Returned by the chief executive")


def test_the_return_banner_is_for_officers_only(login, cast, awaiting):
    framework_move(framework=awaiting, move_name="return_one", user=cast["chiefexec"].user, reason="Not yet.")
    for role in ("wglead", "chiefexec"):
        assertNotContains(login(cast[role]).get(reverse("priorities:dashboard")), "Returned by the chief executive")
    assertContains(login(cast["admin"]).get(reverse("priorities:dashboard")), "Returned by the chief executive")


def test_the_timeline_lists_the_newest_step_first(login, cast, awaiting):
    framework_move(framework=awaiting, move_name="return_one", user=cast["chiefexec"].user, reason="Not yet.")
    page = login(cast["officer"]).get(reverse("lpsa:workflow", args=[awaiting.slug])).content.decode()
    timeline = page[page.index("app-timeline") :]
    assert timeline.index("Reasons: Not yet.") < timeline.index("Covering note: Cabinet agreed")


def test_the_dashboard_takes_the_same_queries_however_many_frameworks_were_returned(
    login, cast, awaiting, django_assert_max_num_queries
):
    from tests.factories import make_framework

    framework_move(framework=awaiting, move_name="return_one", user=cast["chiefexec"].user, reason="Not yet.")
    others = [make_framework(awaiting.council, slug=f"more-{n}", stage=Stage.ONE_CONSULTATION) for n in range(3)]
    client = login(cast["officer"])
    with django_assert_max_num_queries(80) as one:
        page = client.get(reverse("priorities:dashboard"))
    assert page.content.decode().count("Returned by the chief executive") == 1
    for other in others:
        StageChange.objects.create(
            framework=other,
            action="return_one",
            from_stage=Stage.ONE_AWAITING_APPROVAL,
            to_stage=Stage.ONE_CONSULTATION,
            by=cast["chiefexec"].user,
            reason="Not yet.",
        )
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("priorities:dashboard"))
    assert page.content.decode().count("Returned by the chief executive") == 4
