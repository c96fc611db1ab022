"""Comments in the browser: a working-group lead asks, an officer replies and resolves the thread;
government's reviewer asks about a submission, and an officer answers on the live item's page."""

import re

import pytest
from playwright.sync_api import expect

from lpsa.models import Comment, Submission
from lpsa.workflow import framework_move
from priorities.models import Indicator, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, plain, sign_in, visit
from tests.browser.workflow_steps import follow, give_emails, make_ready, press, sign_out

QUESTION = "Why is the target 55 and not 60?\nThe survey suggests more is possible."
ANSWER = "Because the survey sample is small; we will revisit it at Stage Two."


@pytest.fixture
def indicator(framework, group, district, cast):
    make_ready(framework, group, district)
    give_emails(cast["officer"], cast["wglead"], cast["chiefexec"])
    return Indicator.objects.get()


def test_a_lead_comments_and_an_officer_replies_and_resolves(page, cast, framework, indicator, mailoutbox):
    sign_in(page, cast["wglead"])
    visit(page, f"/indicators/{indicator.pk}/")
    comments = page.locator("#comments")
    expect(comments).to_contain_text("No comments yet.")
    comments.get_by_label("Add a comment").fill(QUESTION)
    press(page, "Add comment")
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.pk}/#comments$"))
    expect(page.get_by_role("alert")).to_contain_text("Your comment was added.")
    expect(comments.get_by_role("heading", name="Comments 1 not resolved")).to_be_visible()
    expect(comments).to_contain_text("Why is the target 55 and not 60?")

    thread = Comment.objects.get()
    assert (thread.author, thread.indicator, thread.framework, thread.parent) == (
        cast["wglead"].user,
        indicator,
        framework,
        None,
    )
    assert thread.text == QUESTION.replace("\n", "\r\n")  # as the browser sends a textarea
    assert not thread.is_resolved
    # The council's officer is told; the lead, who wrote it, is not.
    assert [message.to for message in mailoutbox] == [["officer@example.org"]]
    assert plain(mailoutbox[0].subject) == f"Wglead commented on “{indicator.title}”"
    assert "Why is the target 55 and not 60?" in mailoutbox[0].body
    assert f"/indicators/{indicator.pk}/" in mailoutbox[0].body

    sign_out(page)
    sign_in(page, cast["officer"])
    card = page.locator(".govuk-summary-card", has=page.get_by_role("link", name=framework.title))
    expect(card).to_contain_text("Needs your attention")
    expect(card).to_contain_text("1 comment not resolved")

    visit(page, f"/indicators/{indicator.pk}/")
    follow(page, "Reply to Wglead")
    expect(page.get_by_role("heading", name="Reply", level=1)).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text("Why is the target 55 and not 60?")
    page.get_by_label("Comment", exact=True).fill(ANSWER)
    press(page, "Reply")
    expect(page.get_by_role("alert")).to_contain_text("Your reply was added.")
    reply = Comment.objects.get(parent=thread)
    assert (reply.author, reply.text, reply.indicator) == (cast["officer"].user, ANSWER, indicator)
    shown = page.locator(f"#comment-{thread.pk}")
    expect(shown.locator(f"#comment-{reply.pk}")).to_contain_text("Officer replied")
    expect(shown.locator(f"#comment-{reply.pk}")).to_contain_text(ANSWER)
    # The reply goes to the lead of the priority's group, not back to the officer.
    assert [message.to for message in mailoutbox[1:]] == [["wglead@example.org"]]
    assert plain(mailoutbox[1].subject) == f"Officer replied to a comment on “{indicator.title}”"

    press(page, "Mark as resolved the comment by Wglead")
    expect(page.get_by_role("alert")).to_contain_text("The comment was marked as resolved.")
    expect(shown.locator(".govuk-tag", has_text="Resolved")).to_be_visible()
    expect(shown).to_contain_text("Resolved by Officer")
    expect(shown.get_by_role("button", name="Reopen the comment by Wglead")).to_be_visible()
    expect(page.get_by_role("heading", name="Comments", exact=True)).to_be_visible()
    thread.refresh_from_db()
    assert thread.is_resolved and thread.resolved_by == cast["officer"].user

    visit(page, "/")
    expect(card).to_be_visible()
    expect(card).not_to_contain_text("Needs your attention")


def test_an_empty_comment_is_refused_with_an_error_summary(page, cast, indicator, mailoutbox, settings):
    sign_in(page, cast["wglead"])
    visit(page, f"/indicators/{indicator.pk}/")
    page.get_by_label("Add a comment").fill("   ")
    response_status = []
    page.on("response", lambda r: response_status.append(r.status) if "/comments/on/" in r.url else None)
    press(page, "Add comment")

    assert response_status == [400]
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Enter your comment.")
    expect(page).to_have_title(f"Error: Comment on “{indicator.title}” – {settings.SITE_NAME}")
    expect(page.get_by_role("heading", name=f"Comment on “{indicator.title}”", level=1)).to_be_visible()
    # The error links to the box, and the box is there to try again.
    summary.get_by_role("link", name="Enter your comment.").click()
    expect(page.get_by_label("Comment", exact=True)).to_be_focused()
    check_a11y(page)
    assert not Comment.objects.exists()
    assert mailoutbox == []


@pytest.fixture
def with_government(framework, group, district, cast):
    """A ready framework whose Stage One the chief executive approved: government has it."""
    make_ready(framework, group, district, stage=Stage.ONE_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    give_emails(cast["officer"], cast["wglead"], cast["reviewer"])
    return Submission.objects.get(framework=framework)


def open_review(page, submission: Submission) -> None:
    """From the dashboard, through the service navigation, to the submission."""
    follow(page, "Submitted")
    follow(page, f"{submission.get_stage_display()}, version {submission.version}")


def test_a_reviewer_comments_on_a_submission_and_an_officer_replies(page, cast, with_government, mailoutbox):
    submission = with_government
    indicator = Indicator.objects.get()
    question = "Which survey gives the baseline of 50?"
    answer = "The 2003 labour force survey; the PDF cites it on page 4."

    sign_in(page, cast["reviewer"])
    open_review(page, submission)
    card = page.locator(f"#indicator-{indicator.pk}")
    card.get_by_label("Comment on this indicator for the council").fill(question)
    press(page, "Add comment on Indicator 1.1.1")
    expect(page).to_have_url(re.compile(rf"/review/{submission.pk}/#indicator-{indicator.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text("Your comment was added. The council's officers have been told.")
    expect(card.locator(".app-comment")).to_contain_text(question)
    no_sideways_scroll(page)

    thread = Comment.objects.get()
    assert (thread.author, thread.indicator, thread.parent) == (cast["reviewer"].user, indicator, None)
    assert (thread.visibility, thread.submission) == (Comment.Visibility.GOVERNMENT, submission)
    # The council's officer and the priority's lead are told, not the reviewer who wrote it.
    assert sorted(message.to[0] for message in mailoutbox) == ["officer@example.org", "wglead@example.org"]
    assert {plain(message.subject) for message in mailoutbox} == {f"Reviewer commented on “{indicator.title}”"}

    # The officer finds it on the indicator's page, marked as a thread government reads, and answers.
    sign_out(page)
    sign_in(page, cast["officer"])
    visit(page, f"/indicators/{indicator.pk}/")
    shown = page.locator(f"#comment-{thread.pk}")
    expect(shown).to_contain_text(question)
    expect(shown.locator(".govuk-tag")).to_have_text("Seen by government")
    no_sideways_scroll(page)
    follow(page, "Reply to Reviewer")
    expect(page.get_by_role("heading", name="Reply", level=1)).to_be_visible()
    expect(page.locator(".govuk-inset-text")).to_contain_text(
        f"Reviewer wrote on “{indicator.title}” (a thread with government):"
    )
    page.get_by_label("Comment", exact=True).fill(answer)
    press(page, "Reply")
    expect(page).to_have_url(re.compile(rf"/indicators/{indicator.pk}/#comment-{thread.pk}$"))
    expect(page.get_by_role("alert")).to_contain_text("Your reply was added.")
    reply = Comment.objects.get(parent=thread)
    assert (reply.author, reply.text) == (cast["officer"].user, answer)
    # A reply belongs to its thread: government reads it too.
    assert (reply.visibility, reply.submission) == (Comment.Visibility.GOVERNMENT, submission)
    expect(shown.locator(f"#comment-{reply.pk}")).to_contain_text("Officer replied")
    # The reviewer who asked hears of the answer, with a link to the submission, not the live item.
    told = [message for message in mailoutbox[2:] if message.to == ["reviewer@example.org"]]
    assert len(told) == 1
    assert f"/review/{submission.pk}/" in told[0].body
    assert f"/indicators/{indicator.pk}/" not in told[0].body

    # A thread the council keeps to itself never reaches the review page.
    Comment.objects.create(
        framework=indicator.framework, indicator=indicator, author=cast["officer"].user, text="Only between us"
    )
    sign_out(page)
    sign_in(page, cast["reviewer"])
    open_review(page, submission)
    expect(card.locator(f"#comment-{reply.pk}")).to_contain_text("Officer replied")
    expect(card.locator(f"#comment-{reply.pk}")).to_contain_text(answer)
    expect(page.get_by_text("Only between us")).to_have_count(0)
