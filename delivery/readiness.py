"""What still stops an agreement moving from one delivery stage to the next, in words, with links."""

import datetime

from django.urls import reverse

from lpsa.readiness import Blocker
from priorities.models import Framework


def _today() -> datetime.date:
    return datetime.date.today()


def signing_blockers(framework: Framework, priorities=None) -> list[Blocker]:
    problems = []
    if framework.agreement_start is None or framework.agreement_end is None:
        problems.append(
            Blocker(
                "Enter the start and end of the agreement on the framework's details page.",
                reverse("priorities:framework_edit", args=[framework.slug]),
            )
        )
    if framework.signed_on is None:
        problems.append(
            Blocker("Record the date the agreement was signed.", reverse("delivery:sign", args=[framework.slug]))
        )
    return problems


def delivery_blockers(framework: Framework, priorities=None) -> list[Blocker]:
    start = framework.agreement_start
    if start is not None and start > _today():
        return [Blocker(f"The agreement starts on {start:%-d %B %Y}. Delivery begins then.")]
    return []


def claiming_blockers(framework: Framework, priorities=None) -> list[Blocker]:
    """The agreement has ended and every scored line has its final figure for its final year."""
    from delivery.progress import missing_final_figures

    problems = []
    end = framework.agreement_end
    if end is not None and end >= _today():
        problems.append(Blocker(f"The agreement runs until {end:%-d %B %Y}. The final claim is made after it ends."))
    for line, period in missing_final_figures(framework):
        problems.append(
            Blocker(
                f"Return the final figure for {period.label} of “{line.label}”.",
                reverse("delivery:line", args=[line.pk]),
            )
        )
    return problems


def completion_blockers(framework: Framework, priorities=None) -> list[Blocker]:
    """Government has accepted the final claim and every payment it makes (or the repayment) is recorded."""
    from delivery.claims import payments_outstanding
    from delivery.models import Claim

    claim = framework.claims.filter(kind=Claim.Kind.FINAL).first()
    url = reverse("delivery:claim", args=[framework.slug, Claim.Kind.FINAL])
    if claim is None or claim.status in (Claim.Status.DRAFT, Claim.Status.RETURNED):
        return [Blocker("Submit the final claim to government.", url)]
    if claim.status == Claim.Status.SUBMITTED:
        return [Blocker("Government has not yet accepted the final claim.", url)]
    return [Blocker(f"Record the {what} once it is made.", url) for what in payments_outstanding(claim)]
