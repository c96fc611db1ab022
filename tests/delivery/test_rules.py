"""The rules of delivery, each kept beside its model so that every write path obeys it."""

import datetime
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from delivery.evidence import evidence_add
from delivery.models import (
    FreedomProgress,
    NotInThisStage,
    PartnerShare,
    PerformanceReturn,
    Spend,
    TrajectoryPoint,
    Verification,
)
from priorities.models import AgreementSigned, FrameworkClosed, Priority, Stage, Target
from tests.delivery.conftest import make_return, put_at


def errors_of(item) -> dict:
    with pytest.raises(ValidationError) as caught:
        item.full_clean()
    return caught.value.message_dict


class TestSignedContent:
    def test_once_signed_no_target_changes(self, agreement, lines):
        line = lines[0]
        line.with_lpsa = D("60")
        with pytest.raises(AgreementSigned):
            line.save_checked(expected_version=line.version, fields=["with_lpsa"])
        assert Target.objects.get(pk=line.pk).with_lpsa == D("55")

    def test_once_signed_no_priority_is_added(self, agreement):
        with pytest.raises(AgreementSigned):
            Priority(framework=agreement, title="Late", outcome="x", evidence="y").save_checked(expected_version=None)


class TestReturns:
    def test_a_return_is_for_a_period_of_the_indicators_frequency(self, lines):
        annual, quarterly = lines
        assert (
            "collected yearly"
            in errors_of(PerformanceReturn(line=annual, period="2005/06 Q1", actual=1, source="x"))["period"][0]
        )
        assert (
            "collected quarterly, so enter a period like 2005/06 Q1"
            in errors_of(PerformanceReturn(line=quarterly, period="2005/06", actual=1, source="x"))["period"][0]
        )

    def test_a_return_is_for_a_period_of_the_agreement(self, lines):
        message = errors_of(PerformanceReturn(line=lines[0], period="2009/10", actual=1, source="x"))["period"][0]
        assert message.startswith("The period is outside the agreement, which runs from 1 April 2005 to 31 March 2008")

    def test_a_return_needs_its_figure_and_source(self, lines):
        problems = errors_of(PerformanceReturn(line=lines[0], period="2005/06"))
        assert problems["actual"] == ["Enter the actual value, as a number."]
        assert problems["source"] == ["Enter where the figure comes from, such as a survey or a system."]

    def test_an_estimate_changes_freely_and_a_final_figure_only_with_a_reason_kept_in_history(self, lines):
        item = make_return(lines[0], "2005/06", "51")
        item.actual = D("51.2")
        item.full_clean()
        item.save_checked(expected_version=item.version, fields=["actual"])
        item.status = PerformanceReturn.Status.FINAL
        item.full_clean()
        item.save_checked(expected_version=item.version, fields=["status"])
        item.actual = D("51.4")
        assert errors_of(item)["change_reason"] == [
            "Say why this final figure is changing. It is kept with the change."
        ]
        item._change_reason = "Audit corrected the survey weighting."
        item.full_clean()
        item.save_checked(expected_version=item.version, fields=["actual"])
        assert item.history.first().history_change_reason == "Audit corrected the survey weighting."
        assert PerformanceReturn.objects.get(pk=item.pk).actual == D("51.4")

    def test_returns_are_made_only_in_delivery_and_claiming(self, agreement, lines):
        put_at(agreement, Stage.SIGNED)
        item = PerformanceReturn(line=lines[0], period="2005/06", actual=1, source="x")
        with pytest.raises(NotInThisStage, match="Performance returns can be changed only while the agreement is at"):
            item.save_checked(expected_version=None)
        assert not PerformanceReturn.objects.exists()

    def test_a_closed_agreement_takes_no_returns(self, agreement, lines, cast):
        agreement.closed_at = datetime.datetime(2007, 1, 1, tzinfo=datetime.UTC)
        agreement.save(update_fields=["closed_at"])
        with pytest.raises(FrameworkClosed):
            PerformanceReturn(line=lines[0], period="2005/06", actual=1, source="x").save_checked(expected_version=None)


class TestMoney:
    def test_spend_cannot_pass_its_allocation(self, delivery_world):
        allocation = delivery_world["allocation"]  # £400,000, £150,000 of it spent in 2005/06
        problems = errors_of(Spend(allocation=allocation, year="2006/07", amount=250_001))
        assert problems["amount"] == ["Only £250,000 of this £400,000 allocation is left. Enter £250,000 or less."]
        Spend(allocation=allocation, year="2006/07", amount=250_000).full_clean()

    def test_spend_is_for_a_year_of_the_agreement(self, delivery_world):
        problems = errors_of(Spend(allocation=delivery_world["allocation"], year="2009/10", amount=1))
        assert problems["year"] == ["Choose a year of the agreement: 2005/06, 2006/07, 2007/08."]

    def test_a_freedom_delivered_has_its_date_and_one_waiting_has_none(self, delivery_world):
        freedom = delivery_world["freedom"]
        progress = delivery_world["progress"]
        progress.delivered = FreedomProgress.Delivered.DELIVERED
        assert errors_of(progress)["delivered_on"] == ["Enter the date it was delivered."]
        waiting = FreedomProgress(freedom=freedom, delivered_on=datetime.date(2006, 1, 1))
        assert "Leave the date empty" in errors_of(waiting)["delivered_on"][0]

    def test_top_slices_leave_something_and_contributions_add_to_no_more_than_all(self, delivery_world, district):
        framework = delivery_world["framework"]
        council = framework.council
        problems = errors_of(PartnerShare(framework=framework, organisation=council, basis="contribution", percent=61))
        assert problems["percent"][0].startswith("Contributions would add up to 101% of what is left after top-slices")
        slice_all = PartnerShare(framework=framework, organisation=council, basis="top_slice", percent=100)
        assert "leaving nothing to share by contribution" in errors_of(slice_all)["percent"][0]


class TestAudit:
    def test_only_a_final_figure_is_verified(self, delivery_world):
        check = Verification(
            performance_return=delivery_world["draft_return"],
            verifier_name="Ann",
            verifier_title="Auditor",
            verified_on=datetime.date(2006, 6, 1),
        )
        assert errors_of(check)["verified_on"] == ["Only a final figure is verified. Mark the figure final first."]

    def test_a_trajectory_point_keeps_the_direction_of_improvement(self, delivery_world):
        point = TrajectoryPoint(line=delivery_world["line"], year="2006/07", without_lpsa=D("52"), with_lpsa=D("51"))
        assert "higher is better" in errors_of(point)["with_lpsa"][0]


class TestEvidence:
    def upload(self, name, data):
        return SimpleUploadedFile(name, data)

    def test_a_pdf_is_kept_and_named_as_uploaded(self, delivery_world, cast):
        item = evidence_add(
            upload=self.upload("C:\\audit\\letter.pdf", b"%PDF-1.4 letter"),
            user=cast["officer"].user,
            performance_return=delivery_world["sent_return"],
        )
        assert item.name == "letter.pdf"
        assert item.file.read() == b"%PDF-1.4 letter"

    @pytest.mark.parametrize(
        ("name", "data", "message"),
        [
            ("figures.exe", b"MZ", "The file must be a PDF, an Excel spreadsheet"),
            ("letter.pdf", b"<html>", "The file's name says it is a PDF, but it is not one."),
            ("sheet.xlsx", b"PK\x03\x04 not a real package", "it is not one"),
            ("data.csv", b"\x00\x01\x02", "it is not one"),
            ("empty.pdf", b"", "The file is empty."),
        ],
    )
    def test_a_file_that_is_not_evidence_is_refused_and_nothing_kept(self, delivery_world, cast, name, data, message):
        target = delivery_world["sent_return"]
        before = target.evidence.count()
        with pytest.raises(ValidationError, match=message):
            evidence_add(upload=self.upload(name, data), user=cast["officer"].user, performance_return=target)
        assert target.evidence.count() == before

    def test_a_file_over_the_size_limit_is_refused(self, delivery_world, cast, settings):
        settings.EVIDENCE_MAX_BYTES = 1024 * 1024
        with pytest.raises(ValidationError, match="smaller than 1 MB"):
            evidence_add(
                upload=self.upload("big.pdf", b"%PDF-" + b"0" * (1024 * 1024)),
                user=cast["officer"].user,
                performance_return=delivery_world["sent_return"],
            )

    def test_no_more_than_the_limit_of_files_back_one_figure(self, delivery_world, cast, settings):
        settings.EVIDENCE_MAX_FILES = 2  # the world's sent return has one already
        target = delivery_world["sent_return"]
        evidence_add(upload=self.upload("b.pdf", b"%PDF-1"), user=cast["officer"].user, performance_return=target)
        with pytest.raises(ValidationError, match="Up to 2 files can back one figure"):
            evidence_add(upload=self.upload("c.pdf", b"%PDF-1"), user=cast["officer"].user, performance_return=target)


class TestSentReturns:
    def test_a_sent_return_that_changes_goes_back_to_the_council_until_it_is_sent_again(self, delivery_world):
        item = delivery_world["sent_return"]  # final and sent
        item.note = "Checked again."
        item.full_clean()
        item.save_checked(expected_version=item.version, fields=["note"])
        stored = PerformanceReturn.objects.get(pk=item.pk)
        assert (stored.sent_at, stored.sent_by, stored.note) == (None, None, "Checked again.")

    def test_a_save_that_changes_nothing_government_reads_keeps_it_sent(self, delivery_world):
        item = delivery_world["sent_return"]
        item.save_checked(expected_version=item.version, fields=["note"])
        assert PerformanceReturn.objects.get(pk=item.pk).sent_at is not None
