"""The council's own milestones: who sets them, what they refuse, and the reminders sent before them."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import DeadlineReminder, InboxItem, Milestone
from priorities.models import Stage
from tests.factories import make_framework

JULY_1 = datetime.date(2004, 7, 1)


@pytest.fixture
def emails(cast):
    for role in ("officer", "admin", "wglead", "chiefexec"):
        user = cast[role].user
        user.email = f"{role}@example.org"
        user.save()


def milestone_data(**fields) -> dict:
    data = {
        "title": "Cabinet approves Stage One",
        "kind": "cabinet",
        "due_on_0": "14",
        "due_on_1": "7",
        "due_on_2": "2004",
        "remind_days": "7",
        "note": "",
    }
    data.update(fields)
    return data


def test_an_officer_adds_a_milestone_shown_in_date_order_with_the_deadlines(login, cast, framework):
    client = login(cast["officer"])
    response = client.post(reverse("lpsa:milestone_create", args=[framework.slug]), milestone_data())
    assert response.status_code == 302
    milestone = Milestone.objects.get()
    assert (milestone.due_on, milestone.kind, milestone.remind_days) == (datetime.date(2004, 7, 14), "cabinet", 7)
    page = client.get(reverse("lpsa:milestones", args=[framework.slug]))
    text = page.content.decode()
    assert (
        text.index("Cabinet approves Stage One") < text.index("Stage One deadline") < text.index("Stage Two deadline")
    )
    overview = client.get(framework.get_absolute_url()).content.decode()
    assert overview.index("Cabinet approves Stage One") < overview.index("Stage One deadline</bdi>")


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2004", "Enter a real date."),
        ("14", "7", "", "The date must include a year."),
        ("", "7", "2004", "The date must include a day."),
        ("14", "13", "2004", "Enter a real date."),
        ("14", "7", "04", "The year must include 4 numbers."),
        ("", "", "", "Enter the date of the milestone."),
    ],
)
def test_a_bad_date_is_refused_with_a_message_beside_it_and_saves_nothing(
    day, month, year, message, login, cast, framework
):
    data = milestone_data(due_on_0=day, due_on_1=month, due_on_2=year)
    response = login(cast["officer"]).post(reverse("lpsa:milestone_create", args=[framework.slug]), data)
    assertContains(response, message, count=2, status_code=400)  # the summary and beside the boxes
    assertContains(response, "There is a problem", status_code=400)
    assert not Milestone.objects.exists()


def test_a_title_and_a_sensible_notice_are_required(login, cast, framework):
    data = milestone_data(title="", remind_days="400")
    response = login(cast["officer"]).post(reverse("lpsa:milestone_create", args=[framework.slug]), data)
    assertContains(response, "Enter the title of the milestone.", status_code=400)
    assertContains(response, "Enter a number of days from 0 to 365.", status_code=400)
    assert not Milestone.objects.exists()


@pytest.mark.parametrize("role", ["wglead", "chiefexec"])
def test_only_the_councils_editors_change_milestones(role, login, cast, framework):
    milestone = Milestone.objects.create(framework=framework, title="Sign-off", due_on=JULY_1)
    client = login(cast[role])
    assert client.post(reverse("lpsa:milestone_create", args=[framework.slug]), milestone_data()).status_code == 403
    assert client.post(reverse("lpsa:milestone_edit", args=[milestone.pk]), milestone_data()).status_code == 403
    assert client.post(reverse("lpsa:milestone_delete", args=[milestone.pk])).status_code == 403
    assertNotContains(client.get(reverse("lpsa:milestones", args=[framework.slug])), "Add a milestone")
    assert Milestone.objects.get().title == "Sign-off"


def test_another_councils_milestones_are_not_found(login, cast, framework):
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    milestone = Milestone.objects.create(framework=kent, title="Kent cabinet", due_on=JULY_1)
    client = login(cast["officer"])
    assert client.get(reverse("lpsa:milestones", args=[kent.slug])).status_code == 404
    assert client.post(reverse("lpsa:milestone_edit", args=[milestone.pk]), milestone_data()).status_code == 404
    assert client.post(reverse("lpsa:milestone_delete", args=[milestone.pk])).status_code == 404
    assert Milestone.objects.get().title == "Kent cabinet"


def test_editing_the_date_sends_a_new_reminder_and_deleting_removes_it(login, cast, framework):
    milestone = Milestone.objects.create(framework=framework, title="Sign-off", due_on=JULY_1, reminded_on=JULY_1)
    client = login(cast["admin"])
    client.post(reverse("lpsa:milestone_edit", args=[milestone.pk]), milestone_data(title="Sign-off"))
    milestone.refresh_from_db()
    assert (milestone.due_on, milestone.reminded_on) == (datetime.date(2004, 7, 14), None)
    assert client.post(reverse("lpsa:milestone_delete", args=[milestone.pk])).status_code == 302
    assert not Milestone.objects.exists()


def test_an_overdue_milestone_and_deadline_show_as_overdue_on_the_dashboard(login, cast, framework):
    # The factory's deadlines are in 2004: long past, and the framework is still drafting.
    Milestone.objects.create(framework=framework, title="Internal sign-off", due_on=JULY_1)
    Milestone.objects.create(framework=framework, title="Done already", due_on=JULY_1, done=True)
    page = login(cast["officer"]).get(reverse("priorities:dashboard"))
    assertContains(page, "Internal sign-off")
    assertNotContains(page, "Done already")
    text = page.content.decode()
    assert text.count("Overdue by") == 3  # the milestone and both stage deadlines


@pytest.fixture
def remind(django_capture_on_commit_callbacks):
    """Run the daily command as cron would, its queued reminders sent as each commits."""
    from io import StringIO

    def run(day: datetime.date) -> str:
        out = StringIO()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_reminders", "--today", day.isoformat(), stdout=out)
        return out.getvalue()

    return run


def test_a_milestone_is_reminded_once_its_days_before(remind, cast, framework, emails, mailoutbox):
    milestone = Milestone.objects.create(framework=framework, title="Cabinet", due_on=datetime.date(2004, 7, 14))
    framework.stage_one_deadline = datetime.date(2004, 9, 30)  # far enough off to send nothing
    framework.save(update_fields=["stage_one_deadline"])
    assert "Queued 0 milestone reminders" in remind(datetime.date(2004, 7, 6))
    assert mailoutbox == []
    assert "Queued 1 milestone reminder and 0" in remind(datetime.date(2004, 7, 7))
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "officer@example.org"]
    assert mailoutbox[0].subject == "Reminder: \u2068Cabinet\u2069 in 7 days, on 14 July 2004"
    assert sorted(i.recipient.username for i in InboxItem.objects.all()) == ["admin", "officer"]
    milestone.refresh_from_db()
    assert milestone.reminded_on == datetime.date(2004, 7, 7)
    remind(datetime.date(2004, 7, 7))
    remind(datetime.date(2004, 7, 8))
    assert len(mailoutbox) == 2
    assert InboxItem.objects.count() == 2


@pytest.mark.parametrize(
    ("fields", "stage"),
    [
        ({"due_on": datetime.date(2004, 7, 6)}, Stage.ONE_DRAFTING),  # already past
        ({"due_on": datetime.date(2004, 7, 14), "done": True}, Stage.ONE_DRAFTING),
        ({"due_on": datetime.date(2004, 7, 14)}, Stage.TWO_AGREED),  # the agreement is settled
    ],
)
def test_nothing_past_done_or_closed_is_reminded(fields, stage, remind, cast, framework, emails, mailoutbox):
    framework.stage = stage
    framework.save(update_fields=["stage"])
    Milestone.objects.create(framework=framework, title="Cabinet", **fields)
    assert "Queued 0 milestone reminders" in remind(datetime.date(2004, 7, 7))
    assert not [m for m in mailoutbox if "Cabinet" in m.subject]


def test_the_open_stage_deadline_is_reminded_once(remind, cast, framework, emails, mailoutbox):
    assert "0 stage deadline reminders" in remind(datetime.date(2004, 7, 16))  # 15 days before 31 July
    assert "1 stage deadline reminder " in remind(datetime.date(2004, 7, 17))
    [reminder] = DeadlineReminder.objects.all()
    assert (reminder.stage, reminder.due_on) == ("one", datetime.date(2004, 7, 31))
    assert sorted(m.to[0] for m in mailoutbox) == ["admin@example.org", "officer@example.org"]
    assert "Stage One deadline" in mailoutbox[0].subject
    remind(datetime.date(2004, 7, 18))
    assert len(mailoutbox) == 2
    assert InboxItem.objects.filter(kind="deadline_due").count() == 2


def test_a_met_stage_deadline_is_not_reminded(remind, cast, framework, emails, mailoutbox):
    framework.stage = Stage.ONE_SUBMITTED
    framework.save(update_fields=["stage"])
    assert "0 stage deadline reminders" in remind(datetime.date(2004, 7, 20))
    assert mailoutbox == []


def test_a_bad_today_is_refused():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="--today must be a date"):
        call_command("send_reminders", "--today", "31/07/2004")


def test_a_closed_framework_is_reminded_of_nothing(remind, cast, framework, emails, mailoutbox):
    """Closed, in any stage, a framework has no dates left to keep: neither its milestones nor
    its stage deadline are reminded."""
    Milestone.objects.create(framework=framework, title="Cabinet", due_on=datetime.date(2004, 7, 20))
    framework.close(by=cast["admin"].user, reason="Replaced")
    assert "Queued 0 milestone reminders and 0 stage deadline reminders" in remind(datetime.date(2004, 7, 17))
    assert mailoutbox == []
    assert not InboxItem.objects.exists()
