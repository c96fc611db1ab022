"""The inbox holds what is e-mailed, for exactly the people e-mailed and for those without an address."""

import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Comment, InboxItem, NegotiationEntry, Submission
from lpsa.services import negotiation_accept, negotiation_offer
from lpsa.workflow import framework_move
from priorities.models import Indicator, Stage, Target


@pytest.fixture
def emails(cast):
    for role in ("officer", "wglead", "chiefexec", "admin", "reviewer"):
        user = cast[role].user
        user.email = f"{role}@example.org"
        user.save()


def told(mailoutbox) -> list[str]:
    return sorted(address for message in mailoutbox for address in message.to)


def inboxes() -> list[str]:
    return sorted(f"{item.recipient.username}@example.org" for item in InboxItem.objects.select_related("recipient"))


def test_a_comment_reaches_the_inboxes_of_exactly_those_emailed(
    login, cast, ready, emails, mailoutbox, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["wglead"]).post(
            reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Why 55?"}
        )
    assert told(mailoutbox) == inboxes() == ["officer@example.org"]
    item = InboxItem.objects.get()
    assert (item.kind, item.summary, item.link, item.framework) == (
        "comment_added",
        "Why 55?",
        indicator.get_absolute_url(),
        ready,
    )
    assert item.subject == mailoutbox[0].subject


def test_a_person_without_an_email_address_still_gets_the_inbox_item(
    login, cast, ready, mailoutbox, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["wglead"]).post(reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Why?"})
    assert mailoutbox == []
    assert [item.recipient for item in InboxItem.objects.all()] == [cast["officer"].user]


def test_asking_for_approval_and_the_return_reach_the_same_people_as_their_emails(
    login, cast, at_stage, emails, mailoutbox, django_capture_on_commit_callbacks
):
    framework = at_stage(Stage.ONE_CONSULTATION)
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["officer"]).post(
            reverse("lpsa:move", args=[framework.slug, "ask_approval_one"]), {"reason": "Cabinet agreed it."}
        )
    assert told(mailoutbox) == inboxes() == ["chiefexec@example.org"]
    asked = InboxItem.objects.get()
    assert asked.link == reverse("lpsa:approval_check", args=[framework.slug])
    assert "Cabinet agreed it." in asked.summary
    mailoutbox.clear()
    InboxItem.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["chiefexec"]).post(
            reverse("lpsa:move", args=[framework.slug, "return_one"]), {"reason": "Evidence is thin."}
        )
    assert told(mailoutbox) == inboxes() == ["admin@example.org", "officer@example.org"]
    assert "Evidence is thin." in InboxItem.objects.first().summary


def test_offers_and_agreement_reach_the_same_people_as_their_emails(
    cast, at_stage, emails, mailoutbox, django_capture_on_commit_callbacks
):
    framework = at_stage(Stage.TWO_AWAITING_APPROVAL)
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    assert Submission.objects.exists()
    mailoutbox.clear()
    InboxItem.objects.all().delete()
    target = Target.objects.get()
    figures = {"without_lpsa": 51, "with_lpsa": 57, "interim_without_lpsa": None, "interim_with_lpsa": None, "note": ""}
    with django_capture_on_commit_callbacks(execute=True):
        negotiation_offer(target=target, side="government", user=cast["reviewer"].user, **figures)
    assert told(mailoutbox) == inboxes() == ["admin@example.org", "officer@example.org"]
    mailoutbox.clear()
    InboxItem.objects.all().delete()
    entry = NegotiationEntry.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        negotiation_accept(entry=entry, user=cast["officer"].user, side="council")
    assert told(mailoutbox) == inboxes() == ["reviewer@example.org"]
    assert InboxItem.objects.get().kind == "offer_accepted"


def item_for(person, subject="A comment", **fields) -> InboxItem:
    return InboxItem.objects.create(recipient=person.user, kind="comment_added", subject=subject, **fields)


def test_the_header_counts_the_unread_items_on_every_page(login, cast, framework):
    item_for(cast["officer"])
    item_for(cast["officer"], subject="Another")
    item_for(cast["officer"], subject="Read", read_at="2004-07-01T10:00Z")
    item_for(cast["wglead"], subject="Not the officer's")
    client = login(cast["officer"])
    for url in (reverse("priorities:dashboard"), framework.get_absolute_url(), reverse("partners:organisations")):
        page = client.get(url)
        assertContains(page, '<span class="app-count">2</span>', html=True)
        assertContains(page, 'aria-label="Inbox, 2 unread"')


def test_the_inbox_lists_only_the_users_own_items_newest_first_with_unread_marked(login, cast):
    item_for(cast["officer"], subject="Older", created_at="2004-07-01T10:00Z", read_at="2004-07-02T10:00Z")
    item_for(cast["officer"], subject="Newer", created_at="2004-07-03T10:00Z")
    item_for(cast["wglead"], subject="The lead's own")
    page = login(cast["officer"]).get(reverse("lpsa:inbox"))
    text = page.content.decode()
    assert text.index("Newer") < text.index("Older")
    assertNotContains(page, "The lead&#x27;s own")
    assertContains(page, '<strong class="govuk-tag govuk-tag--blue">Unread</strong>', count=1)
    assertContains(page, "You have 1 unread item.")


def test_opening_an_item_marks_it_read(login, cast):
    item = item_for(cast["officer"], subject="Please approve", summary="Asked by the officer.", link="/inbox/")
    client = login(cast["officer"])
    page = client.get(reverse("lpsa:inbox_item", args=[item.pk]))
    assertContains(page, "Please approve")
    assertContains(page, 'href="/inbox/"')
    item.refresh_from_db()
    assert item.is_read
    assertNotContains(client.get(reverse("lpsa:inbox")), "app-count")


def test_an_item_never_links_away_from_the_site(login, cast):
    item = item_for(cast["officer"], link="https://evil.example/")
    page = login(cast["officer"]).get(reverse("lpsa:inbox_item", args=[item.pk]))
    assertNotContains(page, "evil.example")


def test_mark_all_as_read_marks_only_the_users_own(login, cast):
    mine = [item_for(cast["officer"]), item_for(cast["officer"])]
    theirs = item_for(cast["wglead"])
    response = login(cast["officer"]).post(reverse("lpsa:inbox"), follow=True)
    assertContains(response, "Marked 2 items as read.")
    assert all(InboxItem.objects.get(pk=i.pk).is_read for i in mine)
    theirs.refresh_from_db()
    assert not theirs.is_read


@pytest.mark.parametrize("role", ["wglead", "chiefexec", "reviewer", "admin", "otherofficer"])
def test_nobody_reads_another_persons_inbox_item(role, login, cast):
    item = item_for(cast["officer"], subject="Officer only")
    client = login(cast[role])
    assert client.get(reverse("lpsa:inbox_item", args=[item.pk])).status_code == 404
    assert client.post(reverse("lpsa:inbox_item", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert not item.is_read


def test_an_inbox_item_is_escaped(login, cast):
    item_for(cast["officer"], subject="<script>alert(1)</script>", summary="<b>bold</b>")
    page = login(cast["officer"]).get(reverse("lpsa:inbox"))
    assertNotContains(page, "<script>alert(1)</script>")
    assertContains(page, "&lt;b&gt;bold&lt;/b&gt;")


def test_a_deleted_comment_tells_nobody(cast, ready):
    from lpsa.tasks import send_notification

    comment = Comment.objects.create(
        framework=ready, indicator=Indicator.objects.get(), author=cast["wglead"].user, text="Gone"
    )
    pk = comment.pk
    comment.delete()
    send_notification.call("comment_added", pk)
    assert not InboxItem.objects.exists()


def test_a_mail_server_that_is_down_still_leaves_one_inbox_item_each(
    login, cast, ready, emails, settings, django_capture_on_commit_callbacks
):
    """The e-mails are tried four times; the inbox item is written on the first attempt only."""
    settings.MAILERS = {"default": {"BACKEND": "tests.mail_backends.UnreachableMailServer"}}
    indicator = Indicator.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        login(cast["wglead"]).post(reverse("lpsa:comment_create", args=["indicator", indicator.pk]), {"text": "Hi"})
    assert [item.recipient for item in InboxItem.objects.all()] == [cast["officer"].user]
