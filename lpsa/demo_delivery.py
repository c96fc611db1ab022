"""The demo's Hampshire agreement carried into its second year of delivery.

The "hampshire" framework stays in Stage One drafting, where the drafting journeys start. Beside
it, "hampshire-delivery" is the same agreement (the same priorities, indicators, targets,
numbered targets, pump-priming and freedoms, made by the same functions) as it stands in
summer 2007: signed in March 2005, two years of performance returns in, rated red, amber or
green against its trajectories, with an interim claim for a payment on account submitted to
government and awaiting its decision.

Its history before signing is kept as the timeline's steps only: no Stage One or Stage Two
submission is made for it, so the reviewer's list of submitted frameworks still shows one
Hampshire submission at a time, and loading the demo renders no PDF.

Every figure is illustrative. They are chosen, line by line, so that the latest figures
show a mix of ratings: ``PROFILES`` says where each line's figures fall between its
trajectories without the agreement (0) and with it (1).
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

from delivery import claim_services, trajectory
from delivery.models import Claim, FreedomProgress, PartnerShare, PerformanceReturn, Verification
from delivery.periods import Frequency, Period, frequency_of, periods_between
from delivery.progress import year_end_period
from lpsa.factories import (
    make_evidence,
    make_framework,
    make_freedom_progress,
    make_partner_share,
    make_performance_return,
    make_spend,
    make_stage_change,
    make_trajectory_point,
    make_verification,
)
from lpsa.models import StageChange
from partners.models import Organisation, Person
from priorities.models import Framework, Freedom, Indicator, Involvement, PumpPriming, Stage, Target

SLUG = "hampshire-delivery"
TITLE = "Hampshire LPSA2 in delivery (the same agreement, carried into its second year)"
START, END = datetime.date(2005, 4, 1), datetime.date(2008, 3, 31)
SIGNED_ON = datetime.date(2005, 3, 14)
CLAIM_SUBMITTED = datetime.datetime(2007, 7, 16, 10, 30, tzinfo=datetime.UTC)


def utc(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)


#: How often some indicators are collected, as councils wrote it (the rest stay yearly).
FREQUENCIES = {
    "Incidents of anti-social behaviour reported to the police": "Quarterly, from police recorded incidents",
    "Repeat incidents of anti-social behaviour": "Monthly, reported each quarter",
    "Household waste recycled or composted": "Quarterly (WasteDataFlow returns)",
    "Residents who feel safe outside after dark": "Twice a year (the county's residents' survey)",
    "Emergency hospital admissions of people aged 75 and over": "Half-yearly, from Hospital Episode Statistics",
}

#: Where each indicator's figures come from.
SOURCES = {
    "Adults gaining a first level 2 qualification": "Learning and Skills Council, Hampshire and Isle of Wight",
    "Employment rate in the most disadvantaged wards": "Annual Population Survey, ward estimates",
    "Incidents of anti-social behaviour reported to the police": "Hampshire Constabulary incident records",
    "Emergency hospital admissions of people aged 75 and over": "Hospital Episode Statistics",
    "Household waste recycled or composted": "WasteDataFlow returns, Hampshire waste partnership",
    "Young people qualified to level 2 by age 19": "Department for Education and Skills, level 2 at 19",
    "New businesses still trading after three years": "VAT registrations and de-registrations",
    "Residents who feel safe outside after dark": "Hampshire residents' survey",
    "Repeat incidents of anti-social behaviour": "Hampshire Constabulary incident records",
    "Adults who volunteer at least once a month": "Hampshire residents' survey",
    "Farm holdings with a diversified enterprise": "Defra June agricultural survey",
    "Streets with unacceptable litter and detritus": "Local environmental quality surveys (BV199)",
}

#: Where each line's figures fall between its trajectories (0 without the agreement, 1 with
#: it), oldest period first; the last figure sets the rating: above 1 green, below 0 red,
#: between amber. By the line's label.
PROFILES = {
    "Adults gaining a first level 2 qualification": [1.3, 1.2],
    "Employment rate in the most disadvantaged wards: Women returners": [0.6, 0.5],
    "Employment rate in the most disadvantaged wards: Older people": [0.2, -0.4],
    "New businesses still trading after three years": [1.1, 1.4],
    "Incidents of anti-social behaviour reported to the police": [0.4, 0.7, 0.9, 1.1, 1.2, 1.3, 1.3, 1.2, 1.4],
    "Repeat incidents of anti-social behaviour": [0.3, 0.4, 0.2, 0.5, 0.6, 0.4, 0.5, 0.6, 0.5],
    "Residents who feel safe outside after dark": [0.8, 1.2, 1.3, 1.5],
    "Emergency hospital admissions of people aged 75 and over": [0.5, 0.2, -0.2, -0.5],
    "Adults who volunteer at least once a month": [1.5, 1.2],
    "Household waste recycled or composted": [0.9, 1.1, 1.2, 1.4, 1.3, 1.5, 1.6, 1.5, 1.7],
    "Farm holdings with a diversified enterprise": [0.5, 0.6],
    "Streets with unacceptable litter and detritus": [-0.3, -0.6],
    "Young people qualified to level 2 by age 19": [1.2, 0.5],
}

#: Points the council entered where the straight line did not fit: (line label, year, without, with).
ENTERED_POINTS = [
    # Garden-waste collections began in 2006, so the first year rose less than the straight line.
    ("Household waste recycled or composted", "2005/06", Decimal("32.0"), Decimal("33.5")),
    # The volunteering centres opened late in the first year.
    ("Adults who volunteer at least once a month", "2005/06", Decimal("21.2"), Decimal("21.8")),
]

NOTES = {
    ("Emergency hospital admissions of people aged 75 and over", "2006/07 H2"): (
        "The winter's flu outbreak raised admissions across the south east. The falls service is "
        "now visiting on weekends too."
    ),
    ("Streets with unacceptable litter and detritus", "2006/07"): (
        "Two districts changed their cleansing contracts in the year. The new contracts start in April 2007."
    ),
    ("Adults gaining a first level 2 qualification", "2006/07"): (
        "An estimate from the first nine months of the academic year. The council expects the "
        "audited figure in September."
    ),
    ("Household waste recycled or composted", "2006/07 Q4"): (
        "The first full quarter of garden-waste collections in every district."
    ),
}

AUDITOR = ("Neil Marsh", "Head of Internal Audit, Hampshire County Council")
SIGNATORY = ("Andrew Lloyd", "Director of Finance (section 151 officer)")


def _tiny_pdf() -> bytes:
    """A one-page PDF saying what it is, the same bytes every time."""
    text = b"BT /F1 12 Tf 72 720 Td (Illustrative evidence for the LPSA2 demo) Tj ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


TINY_PDF = _tiny_pdf()


def _csv(item: PerformanceReturn) -> bytes:
    return (
        f"period,actual,source\n{item.period},{item.actual},{item.source}\nnote,Illustrative figures for the demo,\n"
    ).encode()


def _places(line: Target) -> Decimal:
    """Figures as councils report them: whole numbers for counts, one decimal place otherwise."""
    baseline = line.effective_baseline_value or Decimal(0)
    return Decimal(1) if abs(baseline) >= 100 else Decimal("0.1")


def _periods(line: Target) -> list[Period]:
    """The line's periods of 2005/06 and 2006/07, and for quarterly lines the first of 2007/08."""
    frequency = frequency_of(line.indicator.collection_frequency)
    periods = [p for p in periods_between(START, END, frequency) if p.start_year <= 2006]
    if frequency == Frequency.QUARTER:
        periods.append(Period(2007, frequency, 1))
    return periods


def _interim_levels(line: Target) -> None:
    """Interim levels for 2006/07 on the straight line, for the lines the paper gives none."""
    if line.interim_period:
        return
    baseline = Decimal(line.effective_baseline_value)
    places = _places(line)
    line.interim_period = "2006/07"
    line.interim_without_lpsa = (baseline + (line.without_lpsa - baseline) * Decimal("0.75")).quantize(
        places, ROUND_HALF_UP
    )
    line.interim_with_lpsa = (baseline + (line.with_lpsa - baseline) * Decimal("0.75")).quantize(places, ROUND_HALF_UP)


def create(*, hampshire: Organisation, people: dict[str, Person], content) -> Framework:
    """Make the framework in delivery, once. ``content`` makes the agreement's content, as for "hampshire"."""
    framework = Framework.objects.filter(slug=SLUG).first()
    if framework is not None:
        return framework
    framework = make_framework(
        hampshire,
        SLUG,
        title=TITLE,
        stage_one_deadline=datetime.date(2004, 7, 30),
        stage_two_deadline=datetime.date(2004, 11, 30),
        agreement_start=START,
        agreement_end=END,
        base_year="2004/05",
        net_budget_requirement=Decimal("1200000000"),
        stated_reward=Decimal("30000000"),
        population=1_240_000,
        pump_priming_grant=Decimal("1000000"),
        pump_priming_year="2005/06",
        pump_priming_conditions=(
            "Spent on the targets' plans by March 2007, with progress reported to government every six months."
        ),
    )
    content(framework)
    _agree(framework)
    _timeline(framework, people)
    Framework.objects.filter(pk=framework.pk).update(stage=Stage.IN_DELIVERY, signed_on=SIGNED_ON)
    framework.refresh_from_db()
    officer = people["officer"].user
    lines = _lines(framework)
    _trajectory(lines)
    returns = _returns(framework, lines, officer)
    _evidence_and_checks(returns, lines, officer)
    _money(framework, officer)
    _shares(framework)
    _interim_claim(framework, officer)
    return framework


def _agree(framework: Framework) -> None:
    """Every indicator and target as agreed with government, each line with interim levels."""
    lines = list(
        Target.objects.filter(indicator__target_area__priority__framework=framework).select_related("indicator")
    )
    for line in lines:
        _interim_levels(line)
        line.status = Indicator.Status.AGREED
    Target.objects.bulk_update(lines, ["interim_period", "interim_without_lpsa", "interim_with_lpsa", "status"])
    indicators = Indicator.objects.filter(target_area__priority__framework=framework)
    indicators.update(status=Indicator.Status.AGREED)
    for title, frequency in FREQUENCIES.items():
        indicators.filter(title=title).update(collection_frequency=frequency)
    Freedom.objects.filter(target__indicator__target_area__priority__framework=framework).update(
        status=Freedom.Status.AGREED
    )
    Involvement.objects.filter(framework=framework).exclude(role=Involvement.Role.ACCOUNTABLE_BODY).update(
        status=Involvement.Status.INVOLVED
    )


# (action, from, to, who, day, reason)
STEPS = [
    ("start_consultation", Stage.ONE_DRAFTING, Stage.ONE_CONSULTATION, "officer", datetime.date(2004, 6, 14), ""),
    (
        "ask_approval_one",
        Stage.ONE_CONSULTATION,
        Stage.ONE_AWAITING_APPROVAL,
        "officer",
        datetime.date(2004, 7, 12),
        "Cabinet agreed the four priorities on 6 July. Please approve.",
    ),
    ("approve_one", Stage.ONE_AWAITING_APPROVAL, Stage.ONE_SUBMITTED, "chiefexec", datetime.date(2004, 7, 20), ""),
    ("agree_one", Stage.ONE_SUBMITTED, Stage.ONE_AGREED, "reviewer", datetime.date(2004, 9, 10), ""),
    ("start_two", Stage.ONE_AGREED, Stage.TWO_DRAFTING, "officer", datetime.date(2004, 9, 20), ""),
    (
        "ask_approval_two",
        Stage.TWO_DRAFTING,
        Stage.TWO_AWAITING_APPROVAL,
        "officer",
        datetime.date(2004, 11, 15),
        "The lead partners have agreed every target. Please approve.",
    ),
    ("approve_two", Stage.TWO_AWAITING_APPROVAL, Stage.TWO_SUBMITTED, "chiefexec", datetime.date(2004, 11, 25), ""),
    ("open_negotiation", Stage.TWO_SUBMITTED, Stage.TWO_NEGOTIATION, "reviewer", datetime.date(2004, 12, 6), ""),
    ("agree_two", Stage.TWO_NEGOTIATION, Stage.TWO_AGREED, "reviewer", datetime.date(2005, 2, 18), ""),
    ("sign", Stage.TWO_AGREED, Stage.SIGNED, "officer", SIGNED_ON, ""),
    ("start_delivery", Stage.SIGNED, Stage.IN_DELIVERY, "officer", START, ""),
]


def _timeline(framework: Framework, people: dict[str, Person]) -> None:
    StageChange.objects.bulk_create(
        make_stage_change(
            framework,
            by=people[who].user,
            action=action,
            from_stage=before,
            to_stage=after,
            at=utc(day),
            reason=reason,
            save=False,
        )
        for action, before, after, who, day, reason in STEPS
    )


def _lines(framework: Framework) -> dict[str, Target]:
    return {
        line.label: line
        for line in Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator"
        )
    }


def _trajectory(lines: dict[str, Target]) -> None:
    for label, year, without, with_lpsa in ENTERED_POINTS:
        make_trajectory_point(lines[label], year=year, without_lpsa=without, with_lpsa=with_lpsa, clean=True)


def _figure(line: Target, period: Period, share: float, points) -> Decimal:
    without, with_lpsa = trajectory.expected_on(line, period.last_day, points)
    value = without + (with_lpsa - without) * Decimal(str(share))
    return value.quantize(_places(line), ROUND_HALF_UP)


def _returns(framework: Framework, lines: dict[str, Target], officer) -> list[PerformanceReturn]:
    """Each line's returns: 2005/06 final and sent; 2006/07 final and sent where the interim
    claim needs it, an estimate not yet sent otherwise; the newest quarter an estimate."""
    made = []
    for label, line in lines.items():
        points = trajectory.points(line, list(line.trajectory.all()))
        periods = _periods(line)
        profile = PROFILES[label]
        interim = year_end_period(line, line.interim_period)
        for period, share in zip(periods, profile, strict=True):
            final = period.start_year == 2005 or (
                period.start_year == 2006 and interim is not None and interim.start_year == 2006
            )
            source_date = period.last_day + datetime.timedelta(days=75 if final else 40)
            sent = {"sent_at": utc(source_date + datetime.timedelta(days=10)), "sent_by": officer} if final else {}
            item = make_performance_return(
                line,
                period=period.key,
                actual=_figure(line, period, share, points),
                status=PerformanceReturn.Status.FINAL if final else PerformanceReturn.Status.ESTIMATE,
                source=SOURCES[line.indicator.title],
                source_date=source_date,
                note=NOTES.get((label, period.key), ""),
                entered_by=officer,
                clean=True,
                **sent,
            )
            made.append(item)
    return made


def _evidence_and_checks(returns: list[PerformanceReturn], lines: dict[str, Target], officer) -> None:
    """The auditor's check of every final figure the interim claim counts, and a few files."""
    counted = {
        (line.pk, year_end_period(line, line.interim_period).key) for line in lines.values() if line.interim_period
    }
    checks = []
    for item in returns:
        if (item.line_id, item.period) in counted:
            checks.append(
                make_verification(
                    performance_return=item,
                    verifier_name=AUDITOR[0],
                    verifier_title=AUDITOR[1],
                    verified_on=item.source_date + datetime.timedelta(days=20),
                    note="Checked against the source data and the partner's own records.",
                    recorded_by=officer,
                )
            )
    finals = [item for item in returns if item.is_final]
    for item in finals[::9]:
        _keep(item, f"{item.line.indicator.title[:40]} {item.period}.pdf", TINY_PDF, officer)
    for item in finals[4::11]:
        _keep(item, f"{item.line.indicator.title[:40]} {item.period}.csv", _csv(item), officer)
    _keep(checks[0], "Internal audit note on the interim figures.pdf", TINY_PDF, officer)


def _keep(owner: PerformanceReturn | Verification, name: str, data: bytes, officer) -> None:
    """A small evidence file, stored as an upload is."""
    make_evidence(owner, name=name.replace("/", "-"), data=data, uploaded_by=officer)


#: What each allocation spent: (2005/06, 2006/07) as shares of it; the co-ordination line by amount.
SPENT = [(Decimal("0.45"), Decimal("0.30")), (Decimal("0.5"), Decimal("0.25")), (Decimal("0.4"), Decimal("0.35"))]

# (request starts with, delivered, delivered on, answer, answered on)
FREEDOM_PROGRESS = [
    (
        "Let community wardens",
        FreedomProgress.Delivered.DELIVERED,
        datetime.date(2006, 1, 9),
        "The Home Office accredited the county's community wardens under the community safety "
        "accreditation scheme, so they can issue fixed penalty notices for litter and graffiti.",
        datetime.date(2005, 11, 28),
    ),
    (
        "Let Jobcentre Plus pool",
        FreedomProgress.Delivered.PARTLY,
        datetime.date(2006, 10, 2),
        "Jobcentre Plus may pool its fund in the four districts of the pilot, and will decide on the "
        "rest after a year.",
        datetime.date(2006, 9, 15),
    ),
    ("Borrow to build", FreedomProgress.Delivered.WAITING, None, "", None),
]


def _money(framework: Framework, officer) -> None:
    allocations = list(PumpPriming.objects.filter(framework=framework).order_by("pk"))
    for n, allocation in enumerate(allocations):
        first, second = SPENT[n % len(SPENT)]
        for year, share, note in [
            ("2005/06", first, "Staff in post from July 2005."),
            ("2006/07", second, "The second year's work, to the end of March 2007."),
        ]:
            amount = (allocation.amount * share).quantize(Decimal(1))
            make_spend(allocation, year=year, amount=amount, note=note if year == "2005/06" else "", clean=True)
    freedoms = {
        freedom.request: freedom
        for freedom in Freedom.objects.filter(target__indicator__target_area__priority__framework=framework)
    }
    for start, delivered, on, answer, answered in FREEDOM_PROGRESS:
        freedom = next(f for request, f in freedoms.items() if request.startswith(start))
        make_freedom_progress(
            freedom, delivered=delivered, delivered_on=on, answer=answer, answered_on=answered, clean=True
        )


# (organisation, basis, percent, note)
SHARES = [
    (
        "Hampshire voluntary and community sector",
        PartnerShare.Basis.TOP_SLICE,
        "5",
        "For the voluntary sector's part in every target.",
    ),
    ("Hampshire County Council", PartnerShare.Basis.CONTRIBUTION, "55", ""),
    ("Hampshire Constabulary", PartnerShare.Basis.CONTRIBUTION, "10", "Lead partner on anti-social behaviour."),
    ("Basingstoke and Deane Borough Council", PartnerShare.Basis.CONTRIBUTION, "10", ""),
    ("Rushmoor Borough Council", PartnerShare.Basis.CONTRIBUTION, "10", ""),
    ("Havant Borough Council", PartnerShare.Basis.CONTRIBUTION, "8", ""),
    ("Eastleigh Borough Council", PartnerShare.Basis.CONTRIBUTION, "7", ""),
]


def _shares(framework: Framework) -> None:
    organisations = {o.name: o for o in Organisation.objects.filter(name__in=[name for name, *_ in SHARES])}
    for name, basis, percent, note in SHARES:
        make_partner_share(framework, organisations[name], basis=basis, percent=Decimal(percent), note=note, clean=True)


def _interim_claim(framework: Framework, officer) -> None:
    """The interim claim, signed off by internal audit and submitted through the claims' own
    service, which freezes its figures and renders its PDF; dated as the demo's story has it."""
    claim = claim_services.claim_get_or_start(framework=framework, kind=Claim.Kind.INTERIM)
    claim_services.verification_record(
        user=officer,
        verifier_name="Sue Marsh",
        verifier_title="Head of Internal Audit",
        verified_on=CLAIM_SUBMITTED.date(),
        note="Checked every final figure the claim counts against the sources named.",
        claim=claim,
    )
    claim_services.claim_submit(
        framework=framework,
        kind=Claim.Kind.INTERIM,
        user=officer,
        signatory_name=SIGNATORY[0],
        signatory_title=SIGNATORY[1],
        at=CLAIM_SUBMITTED,
    )
