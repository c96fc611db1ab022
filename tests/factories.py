"""Small factory functions for building frameworks in tests."""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model

from partners.models import Organisation, Person, WorkingGroup
from priorities.models import AgreementTarget, Framework, Indicator, IndicatorActivity, Priority, Target, TargetArea

PASSWORD = "test-pass-2004"


def make_county(name: str = "Hampshire County Council") -> Organisation:
    return Organisation.objects.create(name=name, kind=Organisation.Kind.COUNTY)


def make_unitary(name: str = "Portsmouth City Council") -> Organisation:
    """A single-tier council: it signs on its own and has no districts."""
    return Organisation.objects.create(name=name, kind=Organisation.Kind.UNITARY)


def make_org(name: str, county: Organisation | None, kind: str = Organisation.Kind.DISTRICT) -> Organisation:
    return Organisation.objects.create(name=name, kind=kind, county=county)


def make_person(username: str, organisation: Organisation, role: str) -> Person:
    user = get_user_model().objects.create_user(username=username, password=PASSWORD, first_name=username.title())
    return Person.objects.create(user=user, organisation=organisation, role=role)


def make_framework(council: Organisation, slug: str = "hampshire", **fields) -> Framework:
    defaults = {
        "title": f"{council.name} LPSA2",
        "stage_one_deadline": datetime.date(2004, 7, 31),
        "stage_two_deadline": datetime.date(2004, 11, 30),
    }
    defaults.update(fields)
    return Framework.objects.create(council=council, slug=slug, **defaults)


def add(model, **fields):
    item = model(**fields)
    item.save_checked(expected_version=None)
    return item


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
    """A framework's content, ``priorities`` wide, each level as many as asked."""
    made = []
    for p in range(priorities):
        priority = add(
            Priority,
            framework=framework,
            title=f"Priority {p + 1}",
            outcome="Better lives",
            evidence="Community strategy",
            leading_group=group,
        )
        made.append(priority)
        add(IndicatorActivity, priority=priority, title=f"Activity {p + 1}")
        for a in range(areas):
            area = add(TargetArea, priority=priority, title=f"Area {p + 1}.{a + 1}")
            for i in range(indicators):
                indicator = add(
                    Indicator,
                    target_area=area,
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
                        numbered = add(AgreementTarget, framework=framework, priority=priority, title=indicator.title)
                    add(
                        Target,
                        indicator=indicator,
                        agreement_target=numbered,
                        title=f"Line {t + 1}" if targets > 1 else "",
                        period="2007/08",
                        without_lpsa=Decimal("51"),
                        with_lpsa=Decimal(str(55 + t)),
                    )
    return made


def submit_stage_two(framework: Framework, chief_executive, *, department: str = "Home Office"):
    """Approve the framework at Stage Two (each numbered target led by ``department``) and open
    the negotiation; return the submission."""
    from lpsa.models import Submission
    from lpsa.workflow import framework_move
    from priorities.models import Stage

    framework.agreement_targets.update(lead_department=department)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_two", user=chief_executive.user, declared=True)
    framework.stage = Stage.TWO_NEGOTIATION
    framework.save(update_fields=["stage"])
    return Submission.objects.filter(framework=framework, stage="two").order_by("-version").first()


def settle_every_target(framework: Framework, submission, reviewer) -> None:
    """Every line agreed and every numbered target signed off by its department."""
    from lpsa.models import DepartmentSignOff

    Target.objects.filter(indicator__target_area__priority__framework=framework).update(status="agreed")
    for target in submission.snapshot["agreement_targets"]:
        DepartmentSignOff.objects.create(
            submission=submission,
            agreement_target_id=target["id"],
            department=target["lead_department"],
            signed_by=reviewer.user,
        )
