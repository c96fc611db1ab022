"""One way to build the objects of the tool: for the tests, the demo and the national dataset.

Each ``make_<thing>()`` builds one object. It fills only the fields the model requires (a
title, a deadline, a period) with plain, valid values, and leaves every optional field at the
model's own default, so that what a caller does not pass is what the app itself would store.
Any field may be given as a keyword.

``save=False`` returns the object unsaved, for a caller that saves many at once with
``bulk_create`` (bench/national.py): such an object is built without a query, and its
``position`` is whatever the caller gives. Otherwise the object is saved as the app saves a
new one: framework content and delivery rows through ``save_checked()`` (which numbers the
item last among its siblings, and refuses while the framework is locked), the rest with
``save()``. ``clean=True`` runs the model's checks first, as a form would.

The names of organisations, people and items that must be unique default to numbered ones.
Plain functions, not factory_boy: each is a few lines, and what it fills in stays in view.
"""

import datetime
import itertools
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import models
from django.utils.text import slugify

from delivery.models import (
    Claim,
    Evidence,
    FreedomProgress,
    PartnerShare,
    PerformanceReturn,
    Spend,
    TrajectoryPoint,
    Verification,
)
from delivery.periods import Period
from lpsa.models import Comment, DepartmentSignOff, Milestone, StageChange, Submission
from partners.models import Organisation, Person, WorkingGroup
from priorities.models import (
    AgreementTarget,
    Framework,
    Freedom,
    Indicator,
    IndicatorActivity,
    Involvement,
    Priority,
    PumpPriming,
    Target,
    TargetArea,
    Versioned,
)

#: The password of the people made here unless another is given (None: no usable password).
PASSWORD = "test-pass-2004"

_numbers = itertools.count(1)


def _number() -> int:
    return next(_numbers)


def finish[M: models.Model](item: M, *, save: bool = True, clean: bool = False) -> M:
    """Check and save ``item`` as the app saves a new one (see the module's note); return it."""
    if clean:
        item.full_clean()
    if save:
        if isinstance(item, Versioned):
            item.save_checked(expected_version=None)
        else:
            item.save()
    return item


def add[M: models.Model](model: type[M], **fields: Any) -> M:
    """Any model's new object from exactly ``fields``, saved as the app saves one."""
    return finish(model(**fields))


# --- partners -------------------------------------------------------------------------------


def make_org(
    name: str | None = None,
    county: Organisation | None = None,
    kind: str = Organisation.Kind.DISTRICT,
    *,
    save: bool = True,
    **fields: Any,
) -> Organisation:
    """An organisation, by default a district of ``county``."""
    name = name or f"Organisation {_number()}"
    return finish(Organisation(name=name, kind=kind, county=county, **fields), save=save)


def make_county(name: str = "Hampshire County Council", *, save: bool = True, **fields: Any) -> Organisation:
    return make_org(name, None, Organisation.Kind.COUNTY, save=save, **fields)


def make_unitary(name: str = "Portsmouth City Council", *, save: bool = True, **fields: Any) -> Organisation:
    """A single-tier council: it signs on its own and has no districts."""
    return make_org(name, None, Organisation.Kind.UNITARY, save=save, **fields)


def make_user(username: str | None = None, *, password: str | None = PASSWORD, save: bool = True, **fields: Any):
    """An account; ``password=None`` gives it none that works (force_login needs none, and
    hashing thousands of passwords is slow)."""
    user = get_user_model()(username=username or f"user-{_number()}", **fields)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    return finish(user, save=save)


def make_person(
    username: str | None = None,
    organisation: Organisation | None = None,
    role: str = Person.Role.OFFICER,
    *,
    user=None,
    password: str | None = PASSWORD,
    first_name: str | None = None,
    last_name: str = "",
    email: str = "",
    save: bool = True,
    **fields: Any,
) -> Person:
    """Someone with an account, working for ``organisation`` in ``role``; a new account unless
    ``user`` is given, its first name by default the username's."""
    if organisation is None:
        organisation = make_county(f"Council {_number()}", save=save)
    if user is None:
        username = username or f"person-{_number()}"
        first_name = username.title() if first_name is None else first_name
        user = make_user(
            username, password=password, first_name=first_name, last_name=last_name, email=email, save=save
        )
    return finish(Person(user=user, organisation=organisation, role=role, **fields), save=save)


def make_working_group(
    council: Organisation,
    *,
    name: str | None = None,
    lead_organisation: Organisation | None = None,
    members: tuple | list = (),
    save: bool = True,
    **fields: Any,
) -> WorkingGroup:
    """A working group of ``council``, led by the council unless ``lead_organisation`` is given;
    ``members`` (organisations) are added once it is saved."""
    group = WorkingGroup(
        council=council,
        name=name or f"Working group {_number()}",
        lead_organisation=lead_organisation or council,
        **fields,
    )
    finish(group, save=save)
    if save and members:
        group.member_organisations.add(*members)
    return group


# --- the framework and its content ---------------------------------------------------------


def make_framework(council: Organisation, slug: str | None = None, *, save: bool = True, **fields: Any) -> Framework:
    """A framework in Stage One drafting, with the first round's deadlines of 2004."""
    defaults = {
        "title": f"{council.name} LPSA2",
        "stage_one_deadline": datetime.date(2004, 7, 31),
        "stage_two_deadline": datetime.date(2004, 11, 30),
    }
    slug = slug or slugify(council.short_name or council.name)
    return finish(Framework(council=council, slug=slug, **(defaults | fields)), save=save)


def make_involvement(
    framework: Framework,
    organisation: Organisation,
    role: str = Involvement.Role.DISTRICT,
    *,
    save: bool = True,
    **fields: Any,
) -> Involvement:
    return finish(Involvement(framework=framework, organisation=organisation, role=role, **fields), save=save)


def make_priority(framework: Framework, *, save: bool = True, **fields: Any) -> Priority:
    fields.setdefault("title", f"Priority {_number()}")
    return finish(Priority(framework=framework, **fields), save=save)


def make_target_area(priority: Priority, *, save: bool = True, **fields: Any) -> TargetArea:
    fields.setdefault("title", f"Target area {_number()}")
    return finish(TargetArea(priority=priority, **fields), save=save)


def make_activity(priority: Priority, *, save: bool = True, **fields: Any) -> IndicatorActivity:
    fields.setdefault("title", f"Activity {_number()}")
    return finish(IndicatorActivity(priority=priority, **fields), save=save)


def make_indicator(target_area: TargetArea, *, save: bool = True, **fields: Any) -> Indicator:
    fields.setdefault("title", f"Indicator {_number()}")
    return finish(Indicator(target_area=target_area, **fields), save=save)


def make_numbered_target(
    framework: Framework, priority: Priority | None = None, *, save: bool = True, **fields: Any
) -> AgreementTarget:
    """One of the agreement's numbered targets, serving ``priority`` (or ``priority_id``)."""
    if priority is not None:
        fields["priority"] = priority
    if "title" not in fields:
        fields["title"] = f"Numbered target {_number()}"
    return finish(AgreementTarget(framework=framework, **fields), save=save)


def make_target(indicator: Indicator, *, save: bool = True, **fields: Any) -> Target:
    """A target line of ``indicator``, to 2007/08 unless another ``period`` is given."""
    fields.setdefault("period", "2007/08")
    return finish(Target(indicator=indicator, **fields), save=save)


def make_pump_priming(
    framework: Framework | None = None, *, target: Target | None = None, save: bool = True, **fields: Any
) -> PumpPriming:
    """A line of the pump-priming grant: for ``target``, or for the agreement as a whole."""
    if framework is None:
        framework = target.framework
    defaults = {"amount": Decimal(100_000), "spend_on": "Outreach workers.", "kind": PumpPriming.Kind.REVENUE}
    if target is None:
        defaults["purpose"] = "Co-ordination"
    return finish(PumpPriming(framework=framework, target=target, **(defaults | fields)), save=save)


def make_freedom(target: Target, *, save: bool = True, **fields: Any) -> Freedom:
    defaults = {"request": "Pool the partners' budgets for this target.", "kind": Freedom.Kind.ADMINISTRATIVE}
    return finish(Freedom(target=target, **(defaults | fields)), save=save)


def make_tree(
    framework: Framework,
    *,
    priorities: int = 1,
    areas: int = 1,
    indicators: int = 1,
    targets: int = 1,
    group: WorkingGroup | None = None,
    numbered_targets: bool = True,
) -> list[Priority]:
    """A framework's content, ``priorities`` wide, each level as many as asked, every field a
    readiness check asks for filled; each line its own numbered target unless told not to."""
    made = []
    for p in range(priorities):
        priority = make_priority(
            framework,
            title=f"Priority {p + 1}",
            outcome="Better lives",
            evidence="Community strategy",
            leading_group=group,
        )
        made.append(priority)
        make_activity(priority, title=f"Activity {p + 1}")
        for a in range(areas):
            area = make_target_area(priority, title=f"Area {p + 1}.{a + 1}")
            for i in range(indicators):
                indicator = make_indicator(
                    area,
                    title=f"Indicator {p + 1}.{a + 1}.{i + 1}",
                    definition="People in work",
                    data_source="Census",
                    baseline_year="2003/04",
                    baseline_value=Decimal("50"),
                )
                for t in range(targets):
                    # Each line its own numbered target, as a one-indicator target of an agreement.
                    numbered = None
                    if numbered_targets:
                        numbered = make_numbered_target(framework, priority, title=indicator.title)
                    make_target(
                        indicator,
                        agreement_target=numbered,
                        title=f"Line {t + 1}" if targets > 1 else "",
                        period="2007/08",
                        without_lpsa=Decimal("51"),
                        with_lpsa=Decimal(str(55 + t)),
                    )
    return made


# --- the workflow: stage moves, milestones, comments, submissions ----------------------------


def make_stage_change(
    framework: Framework, *, by, action: str, from_stage: str, to_stage: str, save: bool = True, **fields: Any
) -> StageChange:
    """A step of the framework's timeline, recorded as it was made (the move itself is not made)."""
    change = StageChange(framework=framework, by=by, action=action, from_stage=from_stage, to_stage=to_stage, **fields)
    return finish(change, save=save)


def make_milestone(framework: Framework, *, save: bool = True, **fields: Any) -> Milestone:
    """A date the council set itself, by default a fortnight before the Stage One deadline."""
    fields.setdefault("title", f"Milestone {_number()}")
    fields.setdefault("due_on", framework.stage_one_deadline - datetime.timedelta(days=14))
    return finish(Milestone(framework=framework, **fields), save=save)


def make_comment(subject, author, *, save: bool = True, **fields: Any) -> Comment:
    """A comment on a priority, indicator or target, without telling anyone (the app's own
    ``lpsa.services.comment_create()`` tells the people concerned)."""
    kind = "priority" if isinstance(subject, Priority) else "indicator" if isinstance(subject, Indicator) else "target"
    fields.setdefault("text", "Is the baseline from the same survey as the final year's figure will be?")
    return finish(Comment(framework=subject.framework, author=author, **{kind: subject}, **fields), save=save)


def make_submission(
    framework: Framework, *, approved_by, stage: str = "one", snapshot: dict | None = None, save: bool = True, **fields
) -> Submission:
    """A submission row as approved, version 1 unless told; ``snapshot`` defaults to the framework's now."""
    if snapshot is None:
        from lpsa.snapshot import framework_snapshot

        snapshot = framework_snapshot(framework)
    fields.setdefault("version", 1)
    submission = Submission(framework=framework, stage=stage, approved_by=approved_by, snapshot=snapshot, **fields)
    return finish(submission, save=save)


def make_department_sign_off(
    submission: Submission, *, agreement_target_id: int, department: str, signed_by, save: bool = True, **fields
) -> DepartmentSignOff:
    sign_off = DepartmentSignOff(
        submission=submission,
        agreement_target_id=agreement_target_id,
        department=department,
        signed_by=signed_by,
        **fields,
    )
    return finish(sign_off, save=save)


# --- delivery ----------------------------------------------------------------------------------


def make_trajectory_point(
    line: Target, *, year: str, save: bool = True, clean: bool = False, **fields
) -> TrajectoryPoint:
    return finish(TrajectoryPoint(line=line, year=year, **fields), save=save, clean=clean)


def make_performance_return(
    line: Target, *, period: str, actual: Decimal, save: bool = True, clean: bool = False, **fields: Any
) -> PerformanceReturn:
    """A line's figure for ``period`` (a key like 2005/06 Q1), as the council's draft unless told."""
    fields.setdefault("period_end", Period.from_key(period).last_day)
    item = PerformanceReturn(line=line, period=period, actual=actual, **fields)
    return finish(item, save=save, clean=clean)


def make_verification(*, verifier_name: str = "Internal audit", save: bool = True, **fields: Any) -> Verification:
    """An auditor's check of a performance return or a claim (give one of them)."""
    fields.setdefault("verifier_title", "Head of Internal Audit")
    fields.setdefault("verified_on", datetime.date(2006, 6, 30))
    return finish(Verification(verifier_name=verifier_name, **fields), save=save)


def make_evidence(owner: PerformanceReturn | Verification, *, name: str, data: bytes, **fields: Any) -> Evidence:
    """A small evidence file kept with a return or a check, stored as an upload is (always saved)."""
    evidence = Evidence(name=name, size=len(data), **fields)
    if isinstance(owner, Verification):
        evidence.verification = owner
    else:
        evidence.performance_return = owner
    evidence.file.save(name, ContentFile(data), save=True)
    return evidence


def make_spend(
    allocation: PumpPriming, *, year: str, amount: Decimal, save: bool = True, clean: bool = False, **fields
) -> Spend:
    return finish(Spend(allocation=allocation, year=year, amount=amount, **fields), save=save, clean=clean)


def make_freedom_progress(freedom: Freedom, *, save: bool = True, clean: bool = False, **fields) -> FreedomProgress:
    return finish(FreedomProgress(freedom=freedom, **fields), save=save, clean=clean)


def make_partner_share(
    framework: Framework,
    organisation: Organisation,
    *,
    basis: str = PartnerShare.Basis.CONTRIBUTION,
    percent: Decimal = Decimal(10),
    save: bool = True,
    clean: bool = False,
    **fields: Any,
) -> PartnerShare:
    share = PartnerShare(framework=framework, organisation=organisation, basis=basis, percent=percent, **fields)
    return finish(share, save=save, clean=clean)


def make_claim(framework: Framework, kind: str = Claim.Kind.INTERIM, *, save: bool = True, **fields: Any) -> Claim:
    return finish(Claim(framework=framework, kind=kind, **fields), save=save)
