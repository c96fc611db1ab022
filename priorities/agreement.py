"""A framework's numbered targets with their lines and each line's share of the reward."""

from dataclasses import dataclass, field
from decimal import Decimal

from priorities import reward
from priorities.models import AgreementTarget, Framework, Target


@dataclass
class Line:
    """One line of a numbered target: an indicator's figures, with its share of the reward."""

    target: Target
    share: Decimal | None

    @property
    def label(self) -> str:
        return self.target.label


@dataclass
class Numbered:
    """A numbered target of the agreement and its lines, in order."""

    item: AgreementTarget
    lines: list[Line] = field(default_factory=list)
    share: Decimal | None = None

    @property
    def weight_problem(self) -> str | None:
        return self.item.weight_problem([line.target for line in self.lines])


@dataclass
class Agreement:
    numbered: list[Numbered]
    # Lines not yet in any numbered target: they earn nothing until they are.
    unassigned: list[Target]

    @property
    def lines(self) -> list[Line]:
        return [line for numbered in self.numbered for line in numbered.lines]


def framework_agreement(framework: Framework) -> Agreement:
    """The framework's numbered targets and lines, in two queries whatever its size.

    A signed agreement's content is fixed, so one framework object reads it once: a delivery
    page asks for it for its ratings, its readiness and its claim.
    """
    if framework.is_signed:
        cached = framework.__dict__.get("_signed_agreement")
        if cached is None:
            cached = framework.__dict__["_signed_agreement"] = _read_agreement(framework)
        return cached
    return _read_agreement(framework)


def _read_agreement(framework: Framework) -> Agreement:
    items = list(framework.agreement_targets.select_related("priority", "lead_partner"))
    targets = sorted(
        Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator__target_area__priority"
        ),
        key=Target.display_key,
    )
    lines_of: dict[int, list[Target]] = {item.pk: [] for item in items}
    unassigned = []
    by_pk = {item.pk: item for item in items}
    for target in targets:
        if target.agreement_target_id in lines_of:
            target.agreement_target = by_pk[target.agreement_target_id]
            lines_of[target.agreement_target_id].append(target)
        else:
            unassigned.append(target)
    share_of = reward.shares(lines_of, framework.potential_reward)
    each = reward.target_share(framework.potential_reward, len(items))
    numbered = [Numbered(item, [Line(t, share_of.get(t.pk)) for t in lines_of[item.pk]], each) for item in items]
    return Agreement(numbered, unassigned)
