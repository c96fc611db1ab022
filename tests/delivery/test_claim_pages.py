"""The reward claims' pages: working out, audit sign-off, submitting, the PDF, government's
decision and payments, with the hostile cases and fixed query counts."""

import datetime
import hashlib
import io
from decimal import Decimal

import pypdf
import pytest
from django.urls import reverse
from pytest_django.asserts import assertContains, assertNotContains

from delivery.models import Claim, Payment, PerformanceReturn, Verification
from lpsa.models import InboxItem
from priorities.models import Framework, Stage
from tests.delivery.conftest import make_return, put_at
from tests.factories import add

D = Decimal
FINAL = PerformanceReturn.Status.FINAL


def verify(item):
    return Verification.objects.create(
        performance_return=item,
        verifier_name="Ann Auditor",
        verifier_title="Head of Internal Audit",
        verified_on=datetime.date(2008, 6, 1),
    )


@pytest.fixture
def claiming(delivery_world):
    """The agreement in its claiming stage with both lines' final figures verified, the interim
    claim accepted (£2.5m on account) and the final claim a draft.

    Line 1: without 51, with 55, final 54: 3 / 4 = 75% of £12.5m = £9,375,000.
    Line 2: without 190, with 170, final 180: -10 / -20 = 50%, below 60%: nothing.
    Earned £9,375,000 less £2,500,000 on account: £6,875,000, two instalments of £3,437,500.
    """
    put_at(delivery_world["framework"], Stage.CLAIMING)
    annual, quarterly = delivery_world["line"], delivery_world["quarterly_line"]

    finals = [
        make_return(annual, "2007/08", "54", status=FINAL, sent=True),
        make_return(quarterly, "2007/08 Q4", "180", status=FINAL, sent=True),
    ]
    for item in finals:
        verify(item)
    Claim.objects.filter(pk=delivery_world["interim_claim"].pk).update(status=Claim.Status.ACCEPTED)
    return {**delivery_world, "finals": finals}


def claim_url(name, framework, kind="final"):
    return reverse(f"delivery:{name}", args=[framework.slug, kind])


def sign_off_claim(claim):
    return Verification.objects.create(
        claim=claim,
        verifier_name="Ian Audit",
        verifier_title="Chief Internal Auditor",
        verified_on=datetime.date(2008, 6, 20),
    )


def submit(client, framework, **extra):
    data = {"signatory_name": "Fay Finance", "signatory_title": "Director of Finance", "confirm": "on", **extra}
    return client.post(claim_url("claim_submit", framework), data)


def pdf_text(data: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_draft_final_claim_is_worked_out_from_the_final_figures(claiming, cast, login):
    client = login(cast["officer"])
    response = client.get(claim_url("claim", claiming["framework"]))
    assertContains(response, "£9,375,000")
    assertContains(response, "75%")
    assertContains(response, "Counted 0%: below 60%: nothing")
    assertContains(response, "£6,875,000")
    assertContains(response, "£3,437,500")
    assertContains(response, "£1,718,750")  # each instalment's capital half
    assertContains(response, "2008/09")
    assertContains(response, "Worked out now from the final figures")


def test_an_officer_submits_the_final_claim_and_its_figures_and_pdf_are_frozen(
    claiming, cast, login, django_capture_on_commit_callbacks
):
    framework, claim = claiming["framework"], claiming["final_claim"]
    sign_off_claim(claim)
    client = login(cast["officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, framework)
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.SUBMITTED
    assert claim.total == D("6875000.00")
    assert claim.submitted_by == cast["officer"].user
    figures = claim.figures
    assert figures["payable"] == "6875000.00"
    assert figures["due_back"] == "0.00"
    assert figures["on_account"] == {"total": "2500000.00", "capital": "1250000.00", "revenue": "1250000.00"}
    assert [i["year"] for i in figures["instalments"]] == ["2008/09", "2009/10"]
    assert figures["instalments"][0] == {
        "year": "2008/09",
        "total": "3437500.00",
        "capital": "1718750.00",
        "revenue": "1718750.00",
    }
    assert [line["earned"] for line in figures["lines"]] == ["9375000.00", "0.00"]
    assert figures["signatory"] == {"name": "Fay Finance", "title": "Director of Finance"}
    # The stored PDF is the one downloaded, byte for byte, every time.
    first = client.get(claim_url("claim_pdf", framework))
    second = client.get(claim_url("claim_pdf", framework))
    data = b"".join(first.streaming_content) if first.streaming else first.content
    assert data == second.content
    assert hashlib.sha256(data).hexdigest() == claim.sha256
    assert first["Content-Disposition"].startswith("attachment;")
    assert first["X-Content-Type-Options"] == "nosniff"
    assert "no-cache" in first["Cache-Control"] or "no-store" in first["Cache-Control"]
    # Government's reviewers are told.
    assert InboxItem.objects.filter(recipient=cast["reviewer"].user, kind="claim_submitted").exists()


def test_the_claim_pdf_is_a_document_to_sign(claiming, cast, login):
    framework, claim = claiming["framework"], claiming["final_claim"]
    sign_off_claim(claim)
    client = login(cast["officer"])
    submit(client, framework)
    data = client.get(claim_url("claim_pdf", framework)).content
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(pdf_text(data).split())
    for words in [
        framework.council.name,
        "Local Public Service Agreement — second generation",
        "Final reward claim",
        "1 April 2005 to 31 March 2008",
        "£9,375,000",
        "£6,875,000",
        "First instalment, 2008/09",
        "£1,718,750",
        "Below 60%: nothing",
        "Ann Auditor, Head of Internal Audit",
        "Ian Audit, Chief Internal Auditor",
        "Fay Finance",
        "Director of Finance",
        "I certify that this claim",
        f"Page 1 of {len(reader.pages)}",
    ]:
        assert words in text, words
    assert "Final reward claim" in reader.metadata.title
    assert reader.metadata.author == framework.council.name


def test_the_submitted_figures_do_not_change_when_returns_change_afterwards(claiming, cast, login):
    framework, claim = claiming["framework"], claiming["final_claim"]
    sign_off_claim(claim)
    client = login(cast["officer"])
    submit(client, framework)
    PerformanceReturn.objects.filter(pk=claiming["finals"][0].pk).update(actual=D("55"))
    response = client.get(claim_url("claim", framework))
    assertContains(response, "£9,375,000")
    assertNotContains(response, "£12,500,000.00")
    claim.refresh_from_db()
    assert claim.figures["lines"][0]["achieved"] == "54"


def test_submitting_is_refused_in_words_while_figures_are_not_verified(claiming, cast, login):
    framework = claiming["framework"]
    Verification.objects.filter(performance_return=claiming["finals"][1]).delete()
    client = login(cast["officer"])
    response = client.get(claim_url("claim_submit", framework))
    assertContains(response, "is not yet verified by audit")
    assertContains(response, "Record internal audit&#x27;s sign-off of the final claim.")
    assertNotContains(response, "Submit the claim to government")
    response = submit(client, framework)
    assert response.status_code == 400
    assert Claim.objects.get(pk=claiming["final_claim"].pk).status == Claim.Status.DRAFT


def test_a_refused_submission_writes_nothing(claiming, cast, login):
    framework = claiming["framework"]
    Claim.objects.filter(pk=claiming["final_claim"].pk).delete()
    response = submit(login(cast["officer"]), framework)
    assertContains(response, "Record internal audit&#x27;s sign-off of the final claim.", status_code=400)
    assert not Claim.objects.filter(framework=framework, kind="final").exists()


def test_the_final_claim_needs_every_scored_lines_final_figure(claiming, cast, login):
    framework = claiming["framework"]
    PerformanceReturn.objects.filter(pk=claiming["finals"][1].pk).update(status=PerformanceReturn.Status.ESTIMATE)
    sign_off_claim(claiming["final_claim"])
    response = login(cast["officer"]).get(claim_url("claim_submit", framework))
    assertContains(response, "Return the final figure for Q4 2007/08")


def test_the_final_claim_waits_for_the_decision_on_the_interim_claim(claiming, cast, login):
    framework = claiming["framework"]
    Claim.objects.filter(pk=claiming["interim_claim"].pk).update(status=Claim.Status.SUBMITTED)
    sign_off_claim(claiming["final_claim"])
    response = login(cast["officer"]).get(claim_url("claim_submit", framework))
    assertContains(response, "Government has not yet decided on the interim claim")


def test_the_final_claim_is_submitted_only_while_claiming(claiming, cast, login):
    put_at(claiming["framework"], Stage.IN_DELIVERY)
    response = submit(login(cast["officer"]), claiming["framework"])
    assert response.status_code == 403


def test_the_signatory_and_declaration_are_required(claiming, cast, login):
    sign_off_claim(claiming["final_claim"])
    response = login(cast["officer"]).post(claim_url("claim_submit", claiming["framework"]), {"signatory_name": "Fay"})
    assertContains(response, "Enter their job title, such as Director of Finance.", status_code=400)
    assertContains(response, "Confirm that the officer named has read the claim", status_code=400)
    assertContains(response, 'value="Fay"', status_code=400)
    assert Claim.objects.get(pk=claiming["final_claim"].pk).status == Claim.Status.DRAFT


def submitted_final(claiming, client):
    sign_off_claim(claiming["final_claim"])
    submit(client, claiming["framework"])
    return Claim.objects.get(pk=claiming["final_claim"].pk)


def test_a_reviewer_accepts_the_claim_and_records_the_payments(
    claiming, cast, login, django_capture_on_commit_callbacks
):
    framework = claiming["framework"]
    claim = submitted_final(claiming, login(cast["officer"]))
    client = login(cast["reviewer"])
    assert client.get(claim_url("claim", framework)).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(claim_url("claim_decide", framework), {"decision": "accept"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.decided_by) == (Claim.Status.ACCEPTED, cast["reviewer"].user)
    assert InboxItem.objects.filter(recipient=cast["officer"].user, kind="claim_decided").exists()
    for what in ("first", "second"):
        data = {
            "what": what,
            "capital": "1718750",
            "revenue": "1718750",
            "paid_on_0": "1",
            "paid_on_1": "6",
            "paid_on_2": "2008",
        }
        assert client.post(claim_url("payment_create", framework), data).status_code == 302
    claim.refresh_from_db()
    assert claim.status == Claim.Status.PAID
    assert list(claim.payments.values_list("what", "year")) == [("first", "2008/09"), ("second", "2009/10")]
    response = login(cast["officer"]).get(claim_url("claim", framework))
    assertContains(response, "Government accepted the claim")
    assertContains(response, "Second instalment")
    assertNotContains(response, "Still to record")


def test_a_council_officer_records_a_payment_only_saying_how_government_told_them(claiming, cast, login):
    framework = claiming["framework"]
    Claim.objects.filter(pk=claiming["interim_claim"].pk).update(figures={"total": "2500000.00"})
    client = login(cast["officer"])
    data = {
        "what": "on_account",
        "capital": "1250000",
        "revenue": "1250000",
        "paid_on_0": "1",
        "paid_on_1": "3",
        "paid_on_2": "2008",
    }
    response = client.post(claim_url("payment_create", framework, "interim"), data)
    assert response.status_code == 400
    assertContains(response, "Say how government told the council it paid", status_code=400)
    assert not Payment.objects.exists()
    response = client.post(
        claim_url("payment_create", framework, "interim"), {**data, "how_told": "Remittance advice, 3 March 2008"}
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (payment.how_told, payment.year, payment.recorded_by) == (
        "Remittance advice, 3 March 2008",
        "2007/08",
        cast["officer"].user,
    )
    assert Claim.objects.get(pk=claiming["interim_claim"].pk).status == Claim.Status.PAID


def test_a_returned_claim_is_corrected_and_submitted_again(claiming, cast, login):
    framework = claiming["framework"]
    officer = login(cast["officer"])
    claim = submitted_final(claiming, officer)
    reviewer = login(cast["reviewer"])
    response = reviewer.post(claim_url("claim_decide", framework), {"decision": "return"})
    assert response.status_code == 400
    assertContains(response, "Enter why the claim is returned", status_code=400)
    reviewer.post(claim_url("claim_decide", framework), {"decision": "return", "reasons": "Line 2's figure is wrong."})
    claim.refresh_from_db()
    assert (claim.status, claim.decision_note) == (Claim.Status.RETURNED, "Line 2's figure is wrong.")
    officer = login(cast["officer"])
    response = officer.get(claim_url("claim", framework))
    assertContains(response, "Line 2&#x27;s figure is wrong.")
    # Audit must sign the corrected claim off again before it goes back.
    assertContains(officer.get(claim_url("claim_submit", framework)), "after audit signed it off")
    data = {
        "verifier_name": "Ian Audit",
        "verifier_title": "Chief Internal Auditor",
        "verified_on_0": "1",
        "verified_on_1": "7",
        "verified_on_2": "2008",
    }
    assert officer.post(claim_url("verify_claim", framework), data).status_code == 302
    assert submit(officer, framework).status_code == 302
    claim.refresh_from_db()
    assert (claim.status, claim.version) == (Claim.Status.SUBMITTED, 2)
    assert claim.history.count() >= 3


def test_an_officer_verifies_a_final_figure_with_evidence(claiming, cast, login):
    item = claiming["finals"][0]
    Verification.objects.filter(performance_return=item).delete()
    client = login(cast["officer"])
    url = reverse("delivery:verify_figure", args=[item.pk])
    data = {
        "verifier_name": "Ann Auditor",
        "verifier_title": "Head of Internal Audit",
        "verified_on_0": "1",
        "verified_on_1": "6",
        "verified_on_2": "2008",
        "note": "Checked the survey.",
    }
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url + "?kind=final", {**data, "evidence": SimpleUploadedFile("audit.pdf", b"%PDF-1.7 report")}
    )
    assert response.status_code == 302
    verification = Verification.objects.get(performance_return=item)
    assert verification.note == "Checked the survey."
    assert verification.evidence.get().name == "audit.pdf"


def test_a_future_date_of_verification_is_refused(claiming, cast, login):
    item = claiming["finals"][0]
    client = login(cast["officer"])
    data = {
        "verifier_name": "A",
        "verifier_title": "B",
        "verified_on_0": "1",
        "verified_on_1": "1",
        "verified_on_2": "2200",
    }
    response = client.post(reverse("delivery:verify_figure", args=[item.pk]), data)
    assertContains(response, "The date verified cannot be in the future.", status_code=400)


def test_an_estimate_is_not_verified(delivery_world, cast, login):
    url = reverse("delivery:verify_figure", args=[delivery_world["draft_return"].pk])
    assert login(cast["officer"]).get(url).status_code == 404


def test_a_reviewer_finds_no_draft_claim_nor_its_pdf(claiming, cast, login):
    client = login(cast["reviewer"])
    framework = claiming["framework"]
    for name in ("claim", "claim_pdf", "claim_submit", "verify_claim", "claim_decide"):
        assert client.get(claim_url(name, framework)).status_code == 404, name


def test_another_councils_officer_finds_nothing(claiming, cast, login):
    client = login(cast["otherofficer"])
    framework = claiming["framework"]
    for name in ("claim", "claim_pdf", "claim_submit", "claim_decide", "payment_create"):
        assert client.get(claim_url(name, framework, "interim")).status_code == 404, name
    assert client.post(claim_url("claim_decide", framework, "interim"), {"decision": "accept"}).status_code == 404


def test_a_council_officer_cannot_decide(claiming, cast, login):
    framework = claiming["framework"]
    Claim.objects.filter(pk=claiming["interim_claim"].pk).update(status=Claim.Status.SUBMITTED)
    response = login(cast["officer"]).post(claim_url("claim_decide", framework, "interim"), {"decision": "accept"})
    assert response.status_code == 403
    assert Claim.objects.get(pk=claiming["interim_claim"].pk).status == Claim.Status.SUBMITTED


def test_a_closed_framework_refuses_every_post(claiming, cast, login):
    framework = claiming["framework"]
    sign_off_claim(claiming["final_claim"])
    Framework.objects.filter(pk=framework.pk).update(closed_at=datetime.datetime(2008, 7, 1, tzinfo=datetime.UTC))
    officer = login(cast["officer"])
    assert submit(officer, framework).status_code == 403
    data = {
        "verifier_name": "A",
        "verifier_title": "B",
        "verified_on_0": "1",
        "verified_on_1": "6",
        "verified_on_2": "2008",
    }
    assert officer.post(reverse("delivery:verify_figure", args=[claiming["finals"][0].pk]), data).status_code == 403
    assert officer.post(claim_url("verify_claim", framework), data).status_code == 403
    pay = {
        "what": "on_account",
        "capital": "1",
        "revenue": "1",
        "paid_on_0": "1",
        "paid_on_1": "6",
        "paid_on_2": "2008",
        "how_told": "Letter",
    }
    assert officer.post(claim_url("payment_create", framework, "interim"), pay).status_code == 403
    Claim.objects.filter(pk=claiming["interim_claim"].pk).update(status=Claim.Status.SUBMITTED)
    assert (
        login(cast["reviewer"])
        .post(claim_url("claim_decide", framework, "interim"), {"decision": "accept"})
        .status_code
        == 403
    )
    assert Claim.objects.get(pk=claiming["final_claim"].pk).status == Claim.Status.DRAFT
    assert not Payment.objects.exists()


def more_lines(framework, count):
    """``count`` more numbered targets, each with a verified final figure."""
    from priorities.models import AgreementTarget, Indicator, Target, TargetArea

    put_at(framework, Stage.TWO_AGREED)
    priority = framework.priorities.first()
    area = add(TargetArea, priority=priority, title="More")
    lines = []
    for n in range(count):
        indicator = add(
            Indicator,
            target_area=area,
            title=f"More {n}",
            definition="d",
            data_source="s",
            collection_frequency="Annual",
            baseline_year="2003/04",
            baseline_value=D("10"),
        )
        numbered = add(AgreementTarget, framework=framework, priority=priority, title=f"More {n}")
        line = add(
            Target,
            indicator=indicator,
            agreement_target=numbered,
            period="2007/08",
            without_lpsa=D("11"),
            with_lpsa=D("15"),
        )
        lines.append(line)
    put_at(framework, Stage.CLAIMING)
    for line in lines:
        verify(make_return(line, "2007/08", "14", status=FINAL, sent=True))


@pytest.mark.parametrize("name", ["claims", "claim", "claim_submit"])
def test_the_claim_pages_take_the_same_queries_whatever_the_number_of_lines(
    claiming, cast, login, django_assert_max_num_queries, name
):
    framework = claiming["framework"]
    sign_off_claim(claiming["final_claim"])
    client = login(cast["officer"])
    url = reverse("delivery:claims", args=[framework.slug]) if name == "claims" else claim_url(name, framework)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    more_lines(framework, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert response.status_code == 200
    assert len(large) == len(small)
    with django_assert_max_num_queries(45):
        client.get(url)


def test_the_evidence_kept_with_an_audit_sign_off_is_listed_and_downloads(delivery_world, cast, login):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    from delivery.evidence import evidence_add

    verification = delivery_world["verification"]
    kept = evidence_add(
        upload=SimpleUploadedFile("audit-letter.pdf", b"%PDF-1.4 letter"),
        user=cast["officer"].user,
        verification=verification,
    )
    client = login(cast["officer"])
    page = client.get(reverse("delivery:verify_figure", args=[verification.performance_return_id]))
    assert kept.get_absolute_url() in page.content.decode()
    download = client.get(kept.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content if download.streaming else [download.content]) == b"%PDF-1.4 letter"
