"""A numbered target can be limited to named areas: a signatory's, or a district's in them.
With none named it covers the whole area."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from pytest_django.asserts import assertContains

from lpsa.pdf import render_submission_html
from lpsa.snapshot import framework_snapshot
from partners.models import Organisation
from priorities.models import AgreementTarget


@pytest.fixture
def numbered(tree):
    return AgreementTarget.objects.get(priority=tree)


def form(numbered, **changes) -> dict:
    data = {
        "title": numbered.title,
        "priority": numbered.priority_id,
        "lead_partner": "",
        "lead_department": "Home Office",
        "version": numbered.version,
    }
    data.update(changes)
    return data


def test_an_officer_limits_a_target_to_a_district_and_a_co_signatory(
    login, cast, framework, numbered, district, portsmouth
):
    framework.co_signatories.add(portsmouth)
    client = login(cast["officer"])
    page = client.get(reverse("priorities:agreementtarget_edit", args=[numbered.pk]))
    choices = {str(o) for o in page.context["form"].fields["areas"].queryset}
    assert choices == {"Hampshire County Council", "Rushmoor Borough Council", "Portsmouth City Council"}
    response = client.post(
        reverse("priorities:agreementtarget_edit", args=[numbered.pk]),
        form(numbered, areas=[district.pk, portsmouth.pk]),
    )
    assert response.status_code == 302
    assert set(numbered.areas.all()) == {district, portsmouth}
    listing = client.get(reverse("priorities:agreement_targets", args=[framework.slug]))
    assertContains(listing, "Portsmouth City Council, Rushmoor Borough Council")
    line = numbered.lines.first()
    assertContains(
        client.get(reverse("priorities:target", args=[line.pk])), "Portsmouth City Council, Rushmoor Borough Council"
    )


def test_a_target_with_no_areas_named_covers_the_whole_area(login, cast, framework, numbered):
    client = login(cast["officer"])
    assertContains(client.get(reverse("priorities:agreement_targets", args=[framework.slug])), "Covers the whole area")
    snapshot = framework_snapshot(framework)
    assert snapshot["agreement_targets"][0]["areas"] == []
    html = render_submission_html(snapshot, stage="two", version=None, approval=None, for_pdf=False)
    assert "Covers the whole area" in html


def test_the_snapshot_and_document_name_the_areas_a_target_is_limited_to(framework, numbered, district):
    numbered.set_areas([district])
    snapshot = framework_snapshot(framework)
    assert snapshot["agreement_targets"][0]["areas"] == ["Rushmoor Borough Council"]
    html = render_submission_html(snapshot, stage="two", version=None, approval=None, for_pdf=False)
    assert "Limited to the area of Rushmoor Borough Council" in html


def test_an_older_snapshot_without_areas_says_nothing_of_them(framework, numbered):
    snapshot = framework_snapshot(framework)
    del snapshot["agreement_targets"][0]["areas"]
    html = render_submission_html(snapshot, stage="two", version=None, approval=None, for_pdf=False)
    assert "Covers the whole area" not in html


def test_a_target_cannot_be_limited_to_an_area_outside_the_agreement(login, cast, numbered):
    kent = Organisation.objects.get(name="Kent County Council")
    response = login(cast["officer"]).post(
        reverse("priorities:agreementtarget_edit", args=[numbered.pk]), form(numbered, title="Changed", areas=[kent.pk])
    )
    assertContains(response, "is not one of the available choices")
    numbered.refresh_from_db()
    assert numbered.title != "Changed"
    assert not numbered.areas.exists()
    with pytest.raises(ValidationError, match="Kent County Council is neither a signatory of this agreement"):
        numbered.set_areas([kent])
    assert not numbered.areas.exists()


def test_the_areas_cannot_change_while_the_framework_awaits_approval(framework, numbered, district):
    from priorities.models import ContentLocked

    framework.stage = "two_awaiting_approval"
    framework.save(update_fields=["stage"])
    with pytest.raises(ContentLocked):
        numbered.set_areas([district])
    assert not numbered.areas.exists()
