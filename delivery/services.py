"""What the delivery pages change, each in one transaction that obeys the models' own rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from delivery.models import RETURN_STAGES, NotInThisStage, PerformanceReturn, TrajectoryPoint
from lpsa.models import StageChange
from lpsa.workflow import MoveRefused, framework_move
from priorities import content
from priorities.models import Framework, FrameworkClosed, Stage, Target


def stage_two_agreed_on(framework: Framework) -> datetime.date | None:
    """The day government agreed Stage Two, from the timeline, when it is recorded there."""
    change = StageChange.objects.filter(framework=framework, to_stage=Stage.TWO_AGREED).order_by("-at", "-pk").first()
    return timezone.localdate(change.at) if change else None


def signing_date_problem(framework: Framework, signed_on: datetime.date) -> str | None:
    if signed_on > datetime.date.today():
        return "The date the agreement was signed cannot be in the future."
    agreed = stage_two_agreed_on(framework)
    if agreed is not None and signed_on < agreed:
        return (
            f"The agreement cannot have been signed before government agreed Stage Two, "
            f"on {agreed:%-d %B %Y}. Enter that date or a later one."
        )
    return None


@transaction.atomic
def agreement_sign(framework: Framework, user, signed_on: datetime.date) -> StageChange:
    """Record the day the agreement was signed, and move it to “Agreement signed”, together.

    Refuses with ValidationError (the date), MoveRefused or PermissionDenied, changing nothing.
    """
    problem = signing_date_problem(framework, signed_on)
    if problem:
        raise ValidationError({"signed_on": problem})
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    if locked.is_closed:
        raise MoveRefused(["This framework is closed, so it cannot move on. Reopen it first."])
    if locked.stage != Stage.TWO_AGREED:
        raise MoveRefused([f"This framework has already moved on: it is now at “{locked.get_stage_display()}”."])
    Framework.objects.filter(pk=framework.pk).update(signed_on=signed_on)
    framework.signed_on = signed_on
    return framework_move(framework=framework, move_name="sign", user=user)


@transaction.atomic
def trajectory_save(line: Target, rows: dict[str, tuple]) -> None:
    """Keep the entered points of a line's trajectory: ``rows`` maps a year to (without, with, version).

    A year with both figures empty goes back to the straight line (its point, if any, is
    deleted); otherwise its point is created or changed, checked by the model's rules.
    """
    stored = {point.year: point for point in TrajectoryPoint.objects.filter(line=line)}
    problems = {}
    for year, (without, with_lpsa, version) in rows.items():
        point = stored.get(year)
        if without is None and with_lpsa is None:
            if point is not None:
                point.line = line
                point.refuse_if_locked()
                point.delete()
            continue
        if point is None:
            point = TrajectoryPoint(line=line, year=year)
        else:
            point.line = line
        point.without_lpsa, point.with_lpsa = without, with_lpsa
        try:
            point.full_clean(exclude=["line"])
        except ValidationError as error:
            problems.update({f"{year}:{name}": messages for name, messages in error.message_dict.items()})
            continue
        point.save_checked(expected_version=version if point.pk else None, fields=["without_lpsa", "with_lpsa"])
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def return_save(item: PerformanceReturn, *, user, expected_version: int | None, fields: list[str], reason: str = ""):
    """Create or change a return through the model's rules; a final figure's reason goes to its history."""
    item._change_reason = reason
    item.full_clean(exclude=["line", "entered_by"])
    creating = item.pk is None
    if creating:
        item.entered_by = user
    # simple-history reads the reason from the instance it records.
    item._change_reason = reason.strip() or None
    written = [*fields, "period_end"] if "period" in fields else fields
    item.save_checked(expected_version=expected_version, fields=written)
    return item


@transaction.atomic
def returns_send(framework: Framework, user, ids: list[int]) -> int:
    """Send government the council's returns not yet sent (those listed on the page confirmed)."""
    locked = Framework.objects.select_for_update().get(pk=framework.pk)
    if locked.is_closed:
        raise FrameworkClosed()
    if locked.stage not in RETURN_STAGES:
        raise NotInThisStage("Performance returns", RETURN_STAGES)
    waiting = PerformanceReturn.objects.filter(
        pk__in=ids, line__indicator__target_area__priority__framework=framework, sent_at__isnull=True
    )
    sent = waiting.update(sent_at=timezone.now(), sent_by=user)
    content.bump(framework.pk)  # update() sends no signal
    return sent
