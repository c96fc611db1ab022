"""A wider-area agreement in the workflow: who moves it, who hears, what blocks it, and the
document that names every signatory. Hampshire leads; Portsmouth, a unitary council, co-signs."""

import io

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from pypdf import PdfReader
from pytest_django.asserts import assertContains, assertNotContains

from lpsa.models import Submission
from lpsa.pdf import render_submission_html, render_submission_pdf
from lpsa.readiness import district_blockers
from lpsa.snapshot import framework_snapshot
from lpsa.workflow import MOVES, framework_move
from partners.models import Person
from priorities.models import Involvement, Stage
from tests.factories import make_county, make_framework, make_org, make_person, make_tree, make_unitary

LEAD_ONLY = [move for move in MOVES if move.lead_only]


@pytest.fixture
def wider(ready, portsmouth):
    ready.co_signatories.add(portsmouth)
    return ready


@pytest.fixture
def portsmouth_people(portsmouth, cast):
    return {
        "officer": cast["cosignofficer"],
        "chiefexec": make_person("portsmouthchief", portsmouth, Person.Role.CHIEF_EXECUTIVE),
    }


def test_the_chief_executives_moves_are_the_lead_authoritys():
    assert {move.name for move in LEAD_ONLY} == {"approve_one", "return_one", "approve_two", "return_two"}


@pytest.mark.parametrize("move", LEAD_ONLY, ids=lambda m: m.name)
def test_a_co_signatorys_chief_executive_neither_approves_nor_returns(move, wider, portsmouth_people):
    wider.stage = move.source
    wider.save(update_fields=["stage"])
    with pytest.raises(PermissionDenied):
        framework_move(framework=wider, move_name=move.name, user=portsmouth_people["chiefexec"].user, reason="No")
    wider.refresh_from_db()
    assert wider.stage == move.source
    assert not Submission.objects.exists()


def test_the_lead_authoritys_chief_executive_approves_for_every_signatory(wider, cast, mailoutbox):
    wider.stage = Stage.ONE_AWAITING_APPROVAL
    wider.save(update_fields=["stage"])
    framework_move(framework=wider, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    submission = Submission.objects.get()
    assert submission.snapshot["framework"]["signatories"] == ["Hampshire County Council", "Portsmouth City Council"]


def test_a_co_signatorys_officer_moves_the_framework_on(wider, portsmouth_people, login):
    wider.stage = Stage.ONE_DRAFTING
    wider.save(update_fields=["stage"])
    response = login(portsmouth_people["officer"]).post(reverse("lpsa:move", args=[wider.slug, "start_consultation"]))
    assert response.status_code == 302
    wider.refresh_from_db()
    assert wider.stage == Stage.ONE_CONSULTATION


def test_the_workflow_page_offers_a_co_signatorys_chief_executive_no_approval(wider, portsmouth_people, cast, login):
    wider.stage = Stage.ONE_AWAITING_APPROVAL
    wider.save(update_fields=["stage"])
    theirs = login(portsmouth_people["chiefexec"]).get(reverse("lpsa:workflow", args=[wider.slug]))
    assert theirs.status_code == 200
    approve = f'href="{reverse("lpsa:approval_check", args=[wider.slug])}"'
    assertNotContains(theirs, approve)
    assertContains(theirs, "Who may take this step: chief executive of Hampshire County Council, the lead authority.")
    lead = login(cast["chiefexec"]).get(reverse("lpsa:workflow", args=[wider.slug]))
    assertContains(lead, approve)


def test_only_the_lead_chief_executive_is_asked_to_approve_and_every_signatorys_officers_hear_of_moves(
    wider, cast, portsmouth_people, mailoutbox, django_capture_on_commit_callbacks
):
    for person, address in [
        (cast["chiefexec"], "chief@hants.example"),
        (portsmouth_people["chiefexec"], "chief@portsmouth.example"),
        (cast["officer"], "officer@hants.example"),
        (portsmouth_people["officer"], "officer@portsmouth.example"),
    ]:
        person.user.email = address
        person.user.save()
    wider.stage = Stage.ONE_CONSULTATION
    wider.save(update_fields=["stage"])
    with django_capture_on_commit_callbacks(execute=True):
        framework_move(framework=wider, move_name="ask_approval_one", user=cast["admin"].user, reason="Please approve.")
    assert [m.to for m in mailoutbox] == [["chief@hants.example"]]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        framework_move(framework=wider, move_name="approve_one", user=cast["chiefexec"].user, declared=True)
    assert sorted(m.to[0] for m in mailoutbox) == ["officer@hants.example", "officer@portsmouth.example"]


def test_a_unitary_framework_has_no_district_to_involve(db):
    wight = make_unitary("Isle of Wight Council")
    framework = make_framework(wight, slug="isle-of-wight")
    make_org("Isle of Wight Local Strategic Partnership", wight, kind="lsp")
    assert district_blockers(framework) == []


def test_a_unitary_frameworks_partners_page_says_nothing_of_districts(db, login):
    wight = make_unitary("Isle of Wight Council")
    framework = make_framework(wight, slug="isle-of-wight")
    client = login(make_person("wightofficer", wight, Person.Role.OFFICER))
    page = client.get(reverse("priorities:framework_partners", args=[framework.slug]))
    assertNotContains(page, "district")
    form = client.get(reverse("priorities:involvement_create", args=[framework.slug]))
    assertNotContains(form, "District partner")


def test_a_county_frameworks_partners_page_still_asks_for_its_districts(login, cast, framework):
    page = login(cast["officer"]).get(reverse("priorities:framework_partners", args=[framework.slug]))
    assertContains(page, "leaves out districts that are willing to take part")


def test_a_co_signing_countys_districts_must_be_involved_too(wider, cast):
    dorset = make_county("Dorset County Council")
    make_org("Purbeck District Council", dorset)
    assert district_blockers(wider) == []
    wider.co_signatories.add(dorset)
    assert district_blockers(wider) == ["Purbeck District Council has not been asked to take part."]
    Involvement.objects.create(
        framework=wider, organisation=dorset.area_organisations.get(), role=Involvement.Role.DISTRICT
    )
    assert district_blockers(wider) == []


def test_the_document_names_every_signatory_on_its_cover(wider):
    snapshot = framework_snapshot(wider)
    html = render_submission_html(snapshot, stage="one", version=None, approval=None, for_pdf=False)
    cover = html.split('class="contents"')[0]
    assert "Hampshire County Council (lead authority)" in cover
    assert "Portsmouth City Council" in cover
    assert "Hampshire County Council (the lead authority and accountable body) and Portsmouth City Council" in html
    pdf = PdfReader(io.BytesIO(render_submission_pdf(snapshot, stage="one", version=None, approval=None)))
    cover_text = pdf.pages[0].extract_text()
    assert "Hampshire County Council (lead authority)" in cover_text
    assert "Portsmouth City Council" in cover_text
    # The running footer names every signatory too.
    assert "Hampshire County Council, Portsmouth City Council" in pdf.pages[1].extract_text()


def test_an_older_snapshot_without_signatories_still_renders_its_council(framework):
    make_tree(framework)
    snapshot = framework_snapshot(framework)
    del snapshot["framework"]["signatories"]
    html = render_submission_html(snapshot, stage="one", version=None, approval=None, for_pdf=False)
    assert '<p class="cover-council">Hampshire County Council</p>' in html


def test_the_agreement_names_each_co_signatory_as_a_party_and_gives_each_a_signature_block(wider):
    snapshot = framework_snapshot(wider)
    pdf = PdfReader(io.BytesIO(render_submission_pdf(snapshot, stage="two", version=None, approval=None)))
    text = " ".join(" ".join(page.extract_text().split()) for page in pdf.pages)
    assert "Portsmouth City Council, signing with the council for its area (“the co-signatory authority”)" in text
    assert "Signed on behalf of Hampshire County Council by its chief executive or leader" in text
    assert "Signed on behalf of Portsmouth City Council by its chief executive or leader" in text
    assert "Signed on behalf of government by the Minister" in text
