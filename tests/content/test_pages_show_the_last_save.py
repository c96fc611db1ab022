"""No page shows content older than the last save, whichever way the save was made.

Each test reads a page (which fills the cache of derived content), changes the content by
one write path, and reads the page again.
"""

import pytest
from django.test import Client
from django.urls import reverse

from lpsa.services import comment_create
from lpsa.workflow import framework_move
from priorities import content
from priorities.models import Indicator, Priority, Stage
from tests.factories import make_tree
from tests.priorities.test_spreadsheets import as_xlsx, confirm, exported_rows, upload


def overview(client, framework) -> str:
    response = client.get(framework.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def officer(login, cast):
    return login(cast["officer"])


def test_a_priority_edited_on_its_form_shows_on_the_overview(officer, framework, tree):
    assert "Priority 1" in overview(officer, framework)
    response = officer.post(
        reverse("priorities:priority_edit", args=[tree.pk]),
        {"title": "Jobs for young people", "outcome": tree.outcome, "evidence": tree.evidence, "version": tree.version},
    )
    assert response.status_code == 302
    page = overview(officer, framework)
    assert "Jobs for young people" in page
    assert "Main Priority 1: Priority 1<" not in page


def test_a_figure_changed_by_an_import_shows_on_the_overview(officer, framework, group):
    make_tree(framework, group=group)
    assert "57" not in overview(officer, framework)
    rows = exported_rows(officer, framework)
    rows[1][11] = 57  # with LPSA2 of the only line
    upload(officer, framework, as_xlsx(rows))
    confirm(officer, framework)
    assert ">57<" in overview(officer, framework).replace(" ", "")


def test_a_change_in_the_admin_shows_on_the_overview(django_user_model, officer, framework, tree):
    overview(officer, framework)
    admin = Client()
    admin.force_login(django_user_model.objects.create_superuser("root", "root@example.org", "x"))
    indicator = Indicator.objects.get()
    data = {
        field: getattr(indicator, field) or ""
        for field in ("title", "definition", "unit", "direction", "measures", "data_source", "baseline_year")
    }
    data.update(
        title="Renamed in the admin",
        target_area=indicator.target_area_id,
        baseline_value="50",
        status=indicator.status,
        collection_frequency=indicator.collection_frequency,
        change_reason="A fix",
    )
    response = admin.post(reverse("admin:priorities_indicator_change", args=[indicator.pk]), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert response.url == reverse("admin:priorities_indicator_changelist")
    assert "Renamed in the admin" in overview(officer, framework)


def test_moved_and_deleted_items_show_on_the_overview(officer, framework, group):
    first, second = make_tree(framework, group=group, priorities=2)
    assert "Main Priority 1: Priority 1<" in overview(officer, framework)
    first.move(by=1)
    page = overview(officer, framework)
    assert "Main Priority 1: Priority 2<" in page
    assert "Main Priority 2: Priority 1<" in page
    Indicator.objects.get(target_area__priority=second).delete_and_renumber()
    assert "Indicator 2.1.1" not in overview(officer, framework)


def test_renamed_partners_show_on_the_overview(officer, framework, tree, group, hampshire):
    overview(officer, framework)
    group.name = "Safer streets board"
    group.save()
    hampshire.name = "Hampshire Council"
    hampshire.save()
    page = overview(officer, framework)
    assert "Safer streets board" in page
    assert "Hampshire Council" in page


def test_the_dashboard_and_workflow_page_follow_a_fix_a_comment_and_a_stage_move(officer, cast, ready):
    ready.stage = Stage.TWO_DRAFTING
    ready.save(update_fields=["stage"])
    dashboard = reverse("priorities:dashboard")
    workflow = reverse("lpsa:workflow", args=[ready.slug])
    indicator = Indicator.objects.filter(target_area__priority__framework=ready).first()
    indicator.data_source = ""
    indicator.save()
    assert "has no data source." in officer.get(dashboard).content.decode()
    indicator.data_source = "Labour Force Survey"
    indicator.save()
    assert "has no data source." not in officer.get(dashboard).content.decode()

    assert "not resolved yet" not in officer.get(workflow).content.decode()
    comment = comment_create(author=cast["wglead"].user, text="Is this right?", subject=indicator)
    assert "1 comment is not resolved yet." in officer.get(workflow).content.decode()
    comment.resolve(by=cast["officer"].user)
    assert "not resolved yet" not in officer.get(workflow).content.decode()

    ready.refresh_from_db()
    framework_move(framework=ready, move_name="ask_approval_two", user=cast["officer"].user, reason="Please approve")
    assert "Stage Two: awaiting chief executive approval" in overview(officer, ready)


def test_each_reader_of_a_cached_tree_gets_their_own_csrf_token(login, cast, framework, group):
    make_tree(framework, group=group, priorities=2)
    pages = [overview(login(cast[name]), framework) for name in ("officer", "admin")]
    tokens = [page.split('name="csrfmiddlewaretoken" value="')[-1].split('"')[0] for page in pages]
    assert all(content.CSRF_PLACEHOLDER not in page for page in pages)
    assert tokens[0] != tokens[1]
    # A move button of the cached tree works with the reader's own token.
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast["admin"].user, backend="django.contrib.auth.backends.ModelBackend")
    page = overview(client, framework)
    token = page.split('name="csrfmiddlewaretoken" value="')[-1].split('"')[0]
    first = Priority.objects.order_by("position").first()
    url = reverse("priorities:priority_move", args=[first.pk])
    assert client.post(url, {"direction": "down", "csrfmiddlewaretoken": token}).status_code == 302
    assert client.post(url, {"direction": "down", "csrfmiddlewaretoken": content.CSRF_PLACEHOLDER}).status_code == 403


def test_the_target_chart_is_drawn_again_when_its_figures_change(officer, framework, tree):
    from priorities.models import Target

    target = Target.objects.get()
    url = reverse("priorities:target", args=[target.pk])
    before = officer.get(url).context["chart"]
    assert officer.get(url).context["chart"] == before
    target.with_lpsa = 60
    target.save()
    after = officer.get(url).context["chart"]
    assert after != before
    assert "60" in officer.get(url).context["chart_text"]


def test_the_comparison_with_the_draft_shows_an_edit_made_after_it_was_first_read(officer, cast, ready):
    from lpsa.models import Submission
    from lpsa.snapshot import framework_snapshot

    submission = Submission.objects.create(
        framework=ready,
        stage="one",
        version=1,
        approved_by=cast["chiefexec"].user,
        snapshot=framework_snapshot(ready),
    )
    url = reverse("lpsa:compare", args=[submission.pk])
    assert "Retitled after submission" not in officer.get(url).content.decode()
    priority = Priority.objects.filter(framework=ready).first()
    priority.title = "Retitled after submission"
    priority.save()
    assert "Retitled after submission" in officer.get(url).content.decode()


def test_the_numbered_targets_page_follows_a_line_moved_out_of_its_target(officer, framework, tree):
    from priorities.models import Target

    url = reverse("priorities:agreement_targets", args=[framework.slug])
    assert "Target lines not in a numbered target" not in officer.get(url).content.decode()
    line = Target.objects.get()
    line.agreement_target = None
    line.save()
    assert "Target lines not in a numbered target" in officer.get(url).content.decode()


def test_the_delivery_overview_follows_a_new_return(login, cast, delivery_world):
    from tests.delivery.conftest import make_return

    framework = delivery_world["framework"]
    client = login(cast["officer"])
    url = reverse("delivery:overview", args=[framework.slug])
    assert "53.25" not in client.get(url).content.decode()
    make_return(delivery_world["line"], "2006/07", "53.25", by=cast["officer"].user)
    assert "53.25" in client.get(url).content.decode()


def test_government_is_never_shown_the_councils_cached_progress(login, cast, delivery_world):
    url = reverse("delivery:overview", args=[delivery_world["framework"].slug])
    # The quarterly line's only return, 198, is the council's draft, not sent to government.
    assert "198" in login(cast["officer"]).get(url).content.decode()
    assert "198" not in login(cast["reviewer"]).get(url).content.decode()


def test_the_dashboard_follows_a_new_comment_and_a_new_milestone(officer, cast, ready):
    from lpsa.factories import make_milestone

    dashboard = reverse("priorities:dashboard")
    page = officer.get(dashboard).content.decode()
    assert "not resolved" not in page
    assert "Cabinet briefing" not in page

    indicator = Indicator.objects.filter(target_area__priority__framework=ready).first()
    comment = comment_create(author=cast["wglead"].user, text="Is this right?", subject=indicator)
    assert "1 comment not resolved" in officer.get(dashboard).content.decode()
    make_milestone(ready, title="Cabinet briefing", due_on=ready.stage_two_deadline)
    assert "Cabinet briefing" in officer.get(dashboard).content.decode()

    comment.resolve(by=cast["officer"].user)
    assert "not resolved" not in officer.get(dashboard).content.decode()


def test_the_monitoring_report_pdf_follows_a_new_return(login, cast, delivery_world):
    from tests.delivery.conftest import make_return
    from tests.delivery.test_report import pdf_text, pdf_url

    client = login(cast["officer"])
    url = pdf_url(delivery_world["framework"], "2007-08-H2")
    assert "53.25" not in pdf_text(client.get(url))
    make_return(delivery_world["line"], "2006/07", "53.25", by=cast["officer"].user)
    assert "53.25" in pdf_text(client.get(url))


def test_government_is_never_sent_the_councils_cached_report_pdf(login, cast, delivery_world):
    from tests.delivery.test_report import pdf_text, pdf_url

    url = pdf_url(delivery_world["framework"], "2007-08-H2")
    # The quarterly line's only return, 198, is the council's draft, not sent to government.
    assert "198" in pdf_text(login(cast["officer"]).get(url))
    assert "198" not in pdf_text(login(cast["reviewer"]).get(url))


def test_the_draft_word_file_follows_an_edit(officer, framework, tree):
    import io

    import docx

    url = reverse("lpsa:draft_docx", args=[framework.slug])

    def text() -> str:
        response = officer.get(url)
        assert response.status_code == 200
        return "\n".join(paragraph.text for paragraph in docx.Document(io.BytesIO(response.content)).paragraphs)

    assert "Fewer burglaries in Rushmoor" not in text()
    tree.title = "Fewer burglaries in Rushmoor"
    tree.save()
    assert "Fewer burglaries in Rushmoor" in text()
