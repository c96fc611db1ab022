"""Each top-level target becomes a numbered target of the agreement, its sub-targets its lines.

Before, every top-level target of every indicator was a unit of the reward, and a target
with sub-targets passed its share on to them. Now the unit is a numbered target with one
or more lines. A target with sub-targets keeps its own figures as a line weighted 0%
(shown, not scored), and its sub-targets carry the weights that reproduce their old
shares. Backwards, lines of one indicator in one numbered target become sub-targets again.
"""

from decimal import Decimal
from itertools import groupby

from django.db import migrations

TITLE_MAX = 200
DISPLAY_ORDER = [
    "indicator__target_area__priority__position",
    "indicator__target_area__position",
    "indicator__position",
    "indicator_id",
    "position",
    "pk",
]


def equal_weights(count: int) -> list[Decimal]:
    """Weights to two decimal places that add up to exactly 100, the last taking the remainder."""
    each = (Decimal(100) / count).quantize(Decimal("0.01"), rounding="ROUND_DOWN")
    return [each] * (count - 1) + [Decimal(100) - each * (count - 1)]


def to_numbered_targets(apps, schema_editor):
    Framework = apps.get_model("priorities", "Framework")
    Target = apps.get_model("priorities", "Target")
    AgreementTarget = apps.get_model("priorities", "AgreementTarget")
    for framework in Framework.objects.order_by("pk"):
        tops = (
            Target.objects.filter(indicator__target_area__priority__framework=framework, parent__isnull=True)
            .select_related("indicator__target_area")
            .order_by(*DISPLAY_ORDER)
        )
        places: dict[int, int] = {}
        for number, top in enumerate(tops, start=1):
            indicator = top.indicator
            title = indicator.title + (f": {top.title}" if top.title else "")
            numbered = AgreementTarget.objects.create(
                framework=framework,
                priority_id=indicator.target_area.priority_id,
                title=title[:TITLE_MAX],
                position=number,
            )
            subs = list(Target.objects.filter(parent=top).order_by("position", "pk"))
            shares = [sub.reward_share for sub in subs]
            if subs and not (all(share is not None for share in shares) and sum(shares) == 100):
                shares = equal_weights(len(subs))
            head = {"agreement_target": numbered}
            if subs:
                head.update(weight=Decimal(0), title=top.title or "Overall")
            for line, changes in [(top, head)] + [
                (sub, {"agreement_target": numbered, "weight": share, "parent": None})
                for sub, share in zip(subs, shares, strict=True)
            ]:
                # Lines of one indicator are now siblings, numbered in the order they were shown.
                places[indicator.pk] = places.get(indicator.pk, 0) + 1
                Target.objects.filter(pk=line.pk).update(position=places[indicator.pk], **changes)


def to_sub_targets(apps, schema_editor):
    Target = apps.get_model("priorities", "Target")
    AgreementTarget = apps.get_model("priorities", "AgreementTarget")
    for numbered in AgreementTarget.objects.order_by("pk"):
        lines = Target.objects.filter(agreement_target=numbered).order_by("indicator_id", "position", "pk")
        for indicator_id, group in groupby(lines, key=lambda line: line.indicator_id):
            group = list(group)
            if len(group) == 1:
                continue
            head = next((line for line in group if line.weight == 0), None)
            if head is None:
                head = Target.objects.create(
                    indicator_id=indicator_id,
                    title=numbered.title[:TITLE_MAX],
                    period=group[0].period,
                    position=group[0].position,
                )
            for place, line in enumerate((line for line in group if line.pk != head.pk), start=1):
                Target.objects.filter(pk=line.pk).update(
                    parent=head, reward_share=line.weight, title=line.title or f"Line {place}", position=place
                )


class Migration(migrations.Migration):
    dependencies = [
        ("priorities", "0005_agreement_targets"),
    ]

    operations = [migrations.RunPython(to_numbered_targets, to_sub_targets)]
