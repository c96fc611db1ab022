"""What each side sees of a target's negotiation, for the review page and the council's target page."""

from lpsa import permissions as perms
from lpsa.forms import NegotiationForm
from lpsa.models import NegotiationEntry, Submission
from priorities.models import Indicator, Target


def negotiation_rows(submission, snapshot_targets: list[dict], user) -> list[dict]:
    """Each submitted target with its negotiation: the log, what waits, and the user's forms."""
    framework = submission.framework
    ids = [t["id"] for t in snapshot_targets]
    entries: dict[int, list[NegotiationEntry]] = {}
    for entry in NegotiationEntry.objects.filter(target_id__in=ids).select_related("recorded_by", "answered_by"):
        entries.setdefault(entry.target_id, []).append(entry)
    negotiable = (
        perms.can_negotiate(user, framework)
        and submission.stage == Submission.Part.TWO
        and (perms.negotiated_submission(framework) or submission).pk == submission.pk
    )
    # The targets' agreement (not their content): an agreed target changed since is no longer agreed.
    live = {t.pk: t for t in Target.objects.filter(pk__in=ids).only("pk", "status", "interim_period", "indicator_id")}
    side = perms.side_of(user, framework)
    rows = []
    for submitted in snapshot_targets:
        log = entries.get(submitted["id"], [])
        waiting = next((e for e in log if e.is_open), None)
        target = live.get(submitted["id"])
        agreed = target is not None and target.status == Indicator.Status.AGREED and bool(log)
        if not negotiable or agreed:
            target = None  # no forms: nothing to negotiate here, or nothing left to
        rows.append(
            {
                "submitted": submitted,
                "log": log,
                "waiting": waiting,
                "agreed": agreed,
                "may_accept": target is not None and waiting is not None and waiting.kind != side,
                "form": NegotiationForm(
                    target=target, unit=submitted.get("unit", ""), interim_period=submitted["interim_period"]
                )
                if target is not None
                else None,
            }
        )
    return rows
