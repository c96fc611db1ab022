"""The words of an LPSA2 agreement, explained once for the help pages and linked from the pages that use them."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One glossary entry: its anchor on the glossary page, its name, and what it means."""

    slug: str
    name: str
    meaning: tuple[str, ...]


TERMS: tuple[Term, ...] = (
    Term(
        "stage-one",
        "Stage One",
        (
            "The first half of drafting: the council and its partners agree a framework of headline "
            "improvement priorities, each with its areas of focus and possible activities, and send it to "
            "government (the ODPM). In 2004 this was due by the end of July.",
        ),
    ),
    Term(
        "stage-two",
        "Stage Two",
        (
            "The second half: once government has agreed the framework, the detailed indicators and targets "
            "are drafted, approved by the chief executive and submitted (by November in 2004). Then the two "
            "sides negotiate the performance expected and the stretch until they agree.",
        ),
    ),
    Term(
        "line",
        "Line",
        (
            "One set of figures for an indicator: the year it runs to, the performance expected without the "
            "agreement and the target with it, and optionally an interim year. An indicator may have several "
            "lines, for example one for a group of people within it; two lines to the same year need a label "
            "to tell them apart.",
        ),
    ),
    Term(
        "numbered-target",
        "Numbered target",
        (
            "What the agreement itself counts, as in “Target 5: reduce anti-social behaviour”. It has a "
            "title, the priority it serves, a lead partner and a lead government department, and groups one "
            "or more lines. The reward is shared between numbered targets, and the agreement usually has "
            "about twelve.",
        ),
    ),
    Term(
        "performance-without",
        "Performance expected without the LPSA",
        (
            "What the indicator is expected to reach by the target year if the council and its partners carry "
            "on as they are, without the agreement's extra effort and money.",
        ),
    ),
    Term(
        "performance-with",
        "Performance target with the LPSA",
        (
            "What the council and its partners commit to reach by the target year with the agreement. It "
            "must be better than the performance expected without it, in the indicator's direction of "
            "improvement.",
        ),
    ),
    Term(
        "stretch",
        "Stretch",
        (
            "The improvement the agreement buys: the target with the LPSA minus the performance expected "
            "without it. It is worked out from the two figures and never typed in. A stretch pointing the "
            "wrong way (a worse result than without the agreement) is refused.",
        ),
    ),
    Term(
        "enhancement",
        "Enhancement",
        (
            "The agreement document's word for the stretch. For a percentage it is counted in percentage "
            "points: from 60% to 65% is an enhancement of 5 percentage points.",
        ),
    ),
    Term(
        "reward-grant",
        "Reward grant",
        (
            "What government pays if the stretch is achieved: up to 2.5% of the council's net budget "
            "requirement for the base year. It is split equally between the numbered targets, and a target's "
            "share between its lines unless they are weighted.",
            "Each target earns its share in proportion to the part of its stretch achieved, up to the whole "
            "share; below 60% it earns nothing. The reward is paid in two equal instalments in the two years "
            "after the agreement ends.",
        ),
    ),
    Term(
        "payment-on-account",
        "Payment on account",
        (
            "Part of the reward paid early: where an agreed interim level is met, a fifth of the target's "
            "share may be paid before the agreement ends. It counts towards the final reward.",
        ),
    ),
    Term(
        "pump-priming-grant",
        "Pump-priming grant",
        (
            "Money government pays at the start to help the council and its partners begin the work that "
            "will reach the targets: about £1 million for a typical council. Each part of it is allocated to a "
            "target, or to the agreement as a whole, with what it will be spent on, as capital or revenue.",
        ),
    ),
    Term(
        "freedoms-and-flexibilities",
        "Freedoms and flexibilities",
        (
            "What the council asks government to relax or allow so that it can reach a target: a statutory "
            "or administrative requirement, or extra borrowing. Each request names the department asked and "
            "where it stands: requested, agreed, refused or delivered. The first round of agreements granted "
            "about a thousand of them.",
        ),
    ),
    Term(
        "explorer-partnership",
        "Explorer partnership",
        (
            "An arrangement offered in the second round in which a government department works alongside "
            "the council and its partners on a particular target, rather than only agreeing it and waiting "
            "for the result. Councils marked the activities where they would welcome one as candidate "
            "explorer partnerships; Hampshire's 2004 framework flagged several.",
        ),
    ),
    Term(
        "wider-area-agreement",
        "Wider-area agreement",
        (
            "An agreement covering more than one council's area. One council leads it and is the "
            "accountable body; the others co-sign. Their people work on it by their roles, and a numbered "
            "target may be limited to named areas.",
        ),
    ),
)

BY_SLUG: dict[str, Term] = {term.slug: term for term in TERMS}
