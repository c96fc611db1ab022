"""Who is told when a claim is submitted to government, and when government decides on it."""

from django.urls import reverse

from delivery.models import Claim
from lpsa import notify
from partners.models import Person

notify.KIND_NAMES.setdefault("claim_submitted", "Reward claim")
notify.KIND_NAMES.setdefault("claim_decided", "Reward claim")


def _claim(pk: int) -> Claim | None:
    return Claim.objects.select_related("framework__council", "submitted_by", "decided_by").filter(pk=pk).first()


@notify.notification("claim_submitted")
def claim_submitted(claim_id: int) -> list[notify.Notice]:
    """Tell government's reviewers that a council has submitted a claim for them to decide on."""
    claim = _claim(claim_id)
    if claim is None or claim.submitted_at is None:
        return []
    framework = claim.framework
    path = reverse("delivery:claim", args=[framework.slug, claim.kind])
    what = claim.get_kind_display().lower()
    subject = f"{notify._isolated(framework.council.name)} submitted its {what}"
    summary = f"{notify._isolated(framework.council.name)} claims £{claim.total:,} of reward grant ({what})."
    body = f"{summary}\n\nRead it and accept it or return it with reasons at {notify._link(path)}\n"
    people = notify._reviewers()
    return notify._each(notify._users(people, leaving_out=claim.submitted_by), subject, body, path, summary, framework)


@notify.notification("claim_decided")
def claim_decided(claim_id: int) -> list[notify.Notice]:
    """Tell the council's officers and administrators what government decided."""
    claim = _claim(claim_id)
    if claim is None or claim.decided_at is None:
        return []
    framework = claim.framework
    path = reverse("delivery:claim", args=[framework.slug, claim.kind])
    what = claim.get_kind_display().lower()
    if claim.status == Claim.Status.RETURNED:
        subject = f"Government returned your {what}"
        summary = f"Government returned the {what} with reasons: {claim.decision_note}"
    else:
        subject = f"Government accepted your {what}"
        summary = f"Government accepted the {what} of £{claim.total:,}."
    body = f"{summary}\n\nSee it at {notify._link(path)}\n"
    people = notify._people(framework, {Person.Role.OFFICER, Person.Role.ADMINISTRATOR})
    return notify._each(notify._users(people, leaving_out=claim.decided_by), subject, body, path, summary, framework)
