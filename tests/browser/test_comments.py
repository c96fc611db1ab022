"""Comments in the browser: a working-group lead asks, an officer replies and resolves the thread."""

import re

import pytest
from playwright.sync_api import expect

from lpsa.models import Comment
from priorities.models import Indicator
from tests.browser.conftest import check_a11y, sign_in, visit
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
    assert mailoutbox[0].subject == f"Wglead commented on “{indicator.title}”"
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
    assert mailoutbox[1].subject == f"Officer replied to a comment on “{indicator.title}”"

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
