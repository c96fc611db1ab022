"""The demo data: Hampshire's July 2004 LPSA2 framework paper, and two small frameworks.

Beside Hampshire (a county with eleven districts): the Isle of Wight Council, a unitary
council with no districts, with a small framework of its own (its content illustrative), and
a fictional wider-area agreement that Borsetshire County Council leads and Felpersham City
Council, a fictional unitary council, co-signs.

Priorities, outcome statements, target areas and indicator activities are the paper's own
words (../shared/seeds/hampshire-lpsa2-framework-2004.txt). The paper names the four
districts that lead the priority working groups but not which leads which; they are given
here in the paper's order. Indicators and targets are illustrative, marked as such: the
paper has none yet, and so are the net budget requirement and stated reward, the pump-priming
grant and its lines, and the freedoms. The agreement's period is the usual three years from
April 2005; the population is the county's, about 1.24 million.
Deadlines are moved to the coming cycle so the countdown is meaningful.

Beside that draft, "hampshire-delivery" is the same agreement carried into its second year
of delivery (lpsa/demo_delivery.py), made from the same content functions.
"""

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from lpsa import demo_delivery
from lpsa.factories import (
    make_activity,
    make_framework,
    make_freedom,
    make_indicator,
    make_involvement,
    make_milestone,
    make_numbered_target,
    make_org,
    make_person,
    make_priority,
    make_pump_priming,
    make_target,
    make_target_area,
    make_user,
    make_working_group,
)
from partners.models import Organisation, Person, WorkingGroup
from partners.services import person_invite
from priorities.models import Framework, Freedom, Indicator, Involvement, Target, TargetArea

K = Organisation.Kind

HAMPSHIRE_DISTRICTS = [
    "Basingstoke and Deane Borough Council",
    "East Hampshire District Council",
    "Eastleigh Borough Council",
    "Fareham Borough Council",
    "Gosport Borough Council",
    "Hart District Council",
    "Havant Borough Council",
    "New Forest District Council",
    "Rushmoor Borough Council",
    "Test Valley Borough Council",
    "Winchester City Council",
]

# (title, outcome, lead district, [(area title, description)], [(activity, explorer?)])
HAMPSHIRE_PRIORITIES = [
    (
        "Tackling Barriers to Recruitment in Hampshire",
        "Increase the employment rates of disadvantaged groups and areas and significantly reduce the "
        "difference between their employment rates and the overall rate.",
        "Basingstoke and Deane Borough Council",
        [
            ("Targeted action to increase numbers achieving educational/skills qualifications", ""),
            ("Business Support", "Increase the number of enterprises and their longevity"),
            ("Employment Support", "Improve support for employment through increased childcare/ housing/transport"),
        ],
        [
            ("Training and retraining", False),
            ("Support for new industries", False),
            ("Skills development", False),
            ("Seed bed business follow on accommodation", False),
            ("Carer support", False),
            ("Targeted - Older people - Women - returners", False),
            ("Resource management", False),
            ("Key worker/affordable housing", False),
            ("Educational attainment", False),
            ("Broad band", False),
            ("Public transport", False),
            ("Improved transport provision", False),
        ],
    ),
    (
        "Helping People Feel Safe",
        "Reduce anti social behaviour",
        "Rushmoor Borough Council",
        [
            ("Creating an environment where people feel safe and deterring anti social behaviour", ""),
            ("Improve regulation/enforcement and provision of diversionary facilities", ""),
        ],
        [
            ("Graffiti (zero tolerance)", False),
            ("“Evening Economy”", False),
            ("Vehicle crime/abandoned", False),
            ("Enhanced recreational facilities", False),
            ("Anti-social behaviour", False),
            ("Community Wardens - ? infrastructure?", False),
        ],
    ),
    (
        "Promote Healthy Communities",
        "Improving the health of the people of Hampshire and increasing participation in local communities",
        "Havant Borough Council",
        [
            (
                "Reducing obesity levels in school age children OR reducing emergency hospital admission of older people",
                "",
            ),
            (
                "Increasing the number of volunteers/Increasing parental involvement in schools/increasing local "
                "involvement in community governance",
                "",
            ),
        ],
        [
            ("Market town/ parish plans/community involvement", True),
            ("Community capital/capacity", False),
            ("Health education", False),
            ("Hospital beds", False),
            ("Older people", False),
            ("School support to improve teaching", False),
            ("School engagement with parents", False),
            ("Multi agency approach to exclusions etc", False),
        ],
    ),
    (
        "[Sustain] Hampshire’s Unique Environment",
        "Maintaining the quality and environmental balance between rural and urban areas and making best use of "
        "natural resources",
        "Eastleigh Borough Council",
        [
            ("Protecting the countryside and making it work", ""),
            ("Environment Quality", "Making best use of natural resources"),
            ("Increasing the liveability of urban (and rural) areas.", ""),
        ],
        [
            ("Farm diversification", False),
            ("Enhance liveability", False),
            ("Sustainable local food", False),
            ("Street scene", False),
            ("Multi functional countryside", False),
            ("Street cleaning", False),
            ("Countryside - protect and make it work", False),
            ("Unfit housing", False),
            ("Resource Management", False),
            ("Degraded environment", False),
            ("Land Management", False),
            ("Pollution/air/water quality", False),
        ],
    ),
]

ILLUSTRATIVE = "Illustrative figures for the demo, not Hampshire's own."

# The paper's own account of where the priorities come from (report, paragraph 5).
EVIDENCE = (
    "Based around the four key themes of the Hampshire Community Strategy, particularly where these reflect "
    "the key priorities from district level LSPs."
)

# (priority number, area number, indicator fields, [(target line fields, [])])
HAMPSHIRE_INDICATORS = [
    (
        1,
        1,
        {
            "title": "Adults gaining a first level 2 qualification",
            "definition": "Adults aged 19 and over in Hampshire who gain their first qualification at level 2.",
            "unit": "adults a year",
            "direction": Indicator.Direction.HIGHER,
            "data_source": ILLUSTRATIVE,
            "collection_frequency": "Annually",
            "baseline_year": "2003/04",
            "baseline_value": Decimal("1200"),
        },
        [
            (
                {
                    "period": "2007/08",
                    "without_lpsa": Decimal("1300"),
                    "with_lpsa": Decimal("1600"),
                    "interim_period": "2005/06",
                    "interim_without_lpsa": Decimal("1250"),
                    "interim_with_lpsa": Decimal("1400"),
                },
                [],
            )
        ],
    ),
    (
        1,
        3,
        {
            "title": "Employment rate in the most disadvantaged wards",
            "definition": "People of working age in employment, as a share of all people of working age, "
            "in the county's most disadvantaged wards.",
            "unit": "%",
            "direction": Indicator.Direction.HIGHER,
            "data_source": ILLUSTRATIVE,
            "collection_frequency": "Annually",
            "target_group": "Women returners; older people",
            "baseline_year": "2003/04",
            "baseline_value": Decimal("68.0"),
        },
        [
            (
                {
                    "title": "Women returners",
                    "period": "2007/08",
                    "without_lpsa": Decimal("60.0"),
                    "with_lpsa": Decimal("63.0"),
                    "baseline_year": "2003/04",
                    "baseline_value": Decimal("58.5"),
                },
                [],
            ),
            (
                {
                    "title": "Older people",
                    "period": "2007/08",
                    "without_lpsa": Decimal("65.0"),
                    "with_lpsa": Decimal("67.0"),
                    "baseline_year": "2003/04",
                    "baseline_value": Decimal("64.0"),
                },
                [],
            ),
        ],
    ),
    (
        2,
        1,
        {
            "title": "Incidents of anti-social behaviour reported to the police",
            "definition": "Incidents of anti-social behaviour recorded by the police, per 1,000 residents.",
            "unit": "incidents per 1,000 residents",
            "direction": Indicator.Direction.LOWER,
            "data_source": ILLUSTRATIVE,
            "collection_frequency": "Quarterly",
            "baseline_year": "2003/04",
            "baseline_value": Decimal("42.0"),
        },
        [({"period": "2007/08", "without_lpsa": Decimal("41.0"), "with_lpsa": Decimal("36.0")}, [])],
    ),
    (
        3,
        1,
        {
            "title": "Emergency hospital admissions of people aged 75 and over",
            "definition": "Emergency admissions to hospital of Hampshire residents aged 75 and over.",
            "unit": "admissions per 1,000 people aged 75+",
            "direction": Indicator.Direction.LOWER,
            "data_source": ILLUSTRATIVE,
            "collection_frequency": "Annually",
            "target_group": "Older people",
            "baseline_year": "2003/04",
            "baseline_value": Decimal("250"),
        },
        [({"period": "2007/08", "without_lpsa": Decimal("245"), "with_lpsa": Decimal("230")}, [])],
    ),
    (
        4,
        2,
        {
            "title": "Household waste recycled or composted",
            "definition": "The share of household waste that is recycled or composted.",
            "unit": "%",
            "direction": Indicator.Direction.HIGHER,
            "data_source": ILLUSTRATIVE,
            "collection_frequency": "Annually",
            "baseline_year": "2003/04",
            "baseline_value": Decimal("30.0"),
        },
        [({"period": "2007/08", "without_lpsa": Decimal("36.0"), "with_lpsa": Decimal("40.0")}, [])],
    ),
]


def _more(priority: int, area: int, title: str, definition: str, unit: str, direction: str, figures) -> tuple:
    """One more illustrative indicator with a single target: (baseline, without, with)."""
    baseline, without, with_lpsa = (Decimal(str(n)) for n in figures)
    fields = {
        "title": title,
        "definition": definition,
        "unit": unit,
        "direction": direction,
        "data_source": ILLUSTRATIVE,
        "collection_frequency": "Annually",
        "baseline_year": "2003/04",
        "baseline_value": baseline,
    }
    return (priority, area, fields, [({"period": "2007/08", "without_lpsa": without, "with_lpsa": with_lpsa}, [])])


HIGHER, LOWER = Indicator.Direction.HIGHER, Indicator.Direction.LOWER
HAMPSHIRE_INDICATORS += [
    _more(
        1,
        1,
        "Young people qualified to level 2 by age 19",
        "Young people who reach level 2 by their 19th birthday, as a share of their year group.",
        "%",
        HIGHER,
        (70, 72, 76),
    ),
    _more(
        1,
        2,
        "New businesses still trading after three years",
        "Businesses registered for VAT in the county that are still registered three years later.",
        "%",
        HIGHER,
        (60, 61, 65),
    ),
    _more(
        2,
        1,
        "Residents who feel safe outside after dark",
        "Residents who say they feel fairly or very safe outside in their area after dark.",
        "%",
        HIGHER,
        (52, 53, 58),
    ),
    _more(
        2,
        2,
        "Repeat incidents of anti-social behaviour",
        "Incidents at an address or place that had one in the previous twelve months.",
        "incidents a year",
        LOWER,
        (3400, 3300, 2900),
    ),
    _more(
        3,
        2,
        "Adults who volunteer at least once a month",
        "Adults who gave unpaid help to a group or club at least once a month in the last year.",
        "%",
        HIGHER,
        (21, 22, 25),
    ),
    _more(
        4,
        1,
        "Farm holdings with a diversified enterprise",
        "Farm holdings with income from a non-farming enterprise on the holding.",
        "%",
        HIGHER,
        (28, 30, 34),
    ),
    _more(
        4,
        3,
        "Streets with unacceptable litter and detritus",
        "Surveyed streets falling below an acceptable standard of cleanliness.",
        "%",
        LOWER,
        (18, 17, 12),
    ),
]


# username, first name, last name, organisation, job title, role
ACCOUNTS = [
    ("officer", "Olivia", "Officer", "Hampshire County Council", "Policy officer", Person.Role.OFFICER),
    (
        "wglead",
        "Wendy",
        "Lead",
        "Basingstoke and Deane Borough Council",
        "Working-group lead",
        Person.Role.WORKING_GROUP_LEAD,
    ),
    ("chiefexec", "Charles", "Chief", "Hampshire County Council", "Chief executive", Person.Role.CHIEF_EXECUTIVE),
    ("reviewer", "Rita", "Reviewer", "Office of the Deputy Prime Minister", "LPSA negotiator", Person.Role.REVIEWER),
    ("admin", "Adam", "Admin", "Hampshire County Council", "System administrator", Person.Role.ADMINISTRATOR),
    ("otherofficer", "Oscar", "Other", "Borsetshire County Council", "Policy officer", Person.Role.OFFICER),
    ("cosignofficer", "Cora", "Cosign", "Felpersham City Council", "Policy officer", Person.Role.OFFICER),
    ("unitaryofficer", "Una", "Island", "Isle of Wight Council", "Policy officer", Person.Role.OFFICER),
]
# The site's own superuser, who creates councils in /admin/ and belongs to none. The council
# administrator above is not staff: the admin would show it every council's rows.
SITE_SUPERUSER = "siteadmin"


def coming_deadlines(today: datetime.date) -> tuple[datetime.date, datetime.date]:
    """The next end of July and the November after it: the two LPSA2 deadlines."""
    year = today.year if today <= datetime.date(today.year, 7, 31) else today.year + 1
    return datetime.date(year, 7, 31), datetime.date(year, 11, 30)


def org(name: str, kind: str, county: Organisation | None = None, short: str = "") -> Organisation:
    return Organisation.objects.filter(name=name).first() or make_org(name, county, kind, short_name=short)


def framework_once(slug: str, council: Organisation, **fields) -> tuple[Framework, bool]:
    """The framework ``slug``, made now if it is missing; and whether it was made."""
    found = Framework.objects.filter(slug=slug).first()
    if found is not None:
        return found, False
    return make_framework(council, slug, **fields), True


def group_once(council: Organisation, name: str, **fields) -> WorkingGroup:
    found = WorkingGroup.objects.filter(council=council, name=name).first()
    return found or make_working_group(council, name=name, **fields)


@transaction.atomic
def load(*, password: str) -> list[tuple[str, str, str]]:
    """Create whatever of the demo is missing; return (username, role, organisation) rows."""
    hampshire = org("Hampshire County Council", K.COUNTY, short="Hampshire")
    districts = {name: org(name, K.DISTRICT, hampshire) for name in HAMPSHIRE_DISTRICTS}
    hsp = org("Hampshire Strategic Partnership", K.LSP, hampshire)
    lsps = [
        org(
            f"{name.split(' Borough')[0].split(' District')[0].split(' City')[0]} Local Strategic Partnership",
            K.LSP,
            hampshire,
        )
        for name in HAMPSHIRE_DISTRICTS
    ]
    police = org("Hampshire Constabulary", K.POLICE, hampshire)
    health = org("Hampshire primary care trusts", K.HEALTH, hampshire)
    voluntary = org("Hampshire voluntary and community sector", K.VOLUNTARY, hampshire)
    housing = org("HIOW Strategic Housing Officers’ Group", K.OTHER, hampshire)
    # Not taking part in the framework yet, so that “Add a partner” has one to offer.
    org("Hampshire Fire and Rescue Service", K.OTHER, hampshire)
    org("Office of the Deputy Prime Minister", K.GOVERNMENT, short="ODPM")
    borsetshire = org("Borsetshire County Council", K.COUNTY, short="Borsetshire")
    borchester = org("Borchester District Council", K.DISTRICT, borsetshire)
    felpersham = org("Felpersham City Council", K.UNITARY, short="Felpersham")
    wight = org("Isle of Wight Council", K.UNITARY, short="Isle of Wight")
    org("Isle of Wight Local Strategic Partnership", K.LSP, wight)

    people = _accounts(password)
    _site_superuser(password)
    _pending_invitation(people["admin"], districts["Winchester City Council"])

    groups = []
    for title, _, lead, _, _ in HAMPSHIRE_PRIORITIES:
        groups.append(
            group_once(
                hampshire,
                f"{title} working group",
                lead_organisation=districts[lead],
                remit=WorkingGroup.Remit.PRIORITY,
            )
        )
    groups[0].lead_person = people["wglead"]
    groups[0].save(update_fields=["lead_person"])
    groups[0].member_organisations.add(hampshire, districts["Basingstoke and Deane Borough Council"], voluntary)
    for name, lead, subject in [
        ("Accessibility group", hampshire, "Accessibility"),
        ("HIOW Strategic Housing Officers’ Group", housing, "Housing"),
        ("Management issues group", hampshire, "Management issues"),
    ]:
        group_once(hampshire, name, lead_organisation=lead, remit=WorkingGroup.Remit.CROSS_CUTTING, subject=subject)

    stage_one, stage_two = coming_deadlines(timezone.localdate())
    framework, created = framework_once(
        "hampshire",
        hampshire,
        title="Hampshire second-generation Local Public Service Agreement",
        stage_one_deadline=stage_one,
        stage_two_deadline=stage_two,
        agreement_start=datetime.date(2005, 4, 1),
        agreement_end=datetime.date(2008, 3, 31),
        base_year="2004/05",
        # Illustrative money, so the reward and pump-priming pages have something to show.
        net_budget_requirement=Decimal("1200000000"),
        stated_reward=Decimal("30000000"),
        population=1_240_000,
        pump_priming_grant=Decimal("1000000"),
        pump_priming_year="2005/06",
        pump_priming_conditions=(
            "Spent on the targets' plans by March 2007, with progress reported to government every six months."
        ),
    )
    if created:
        _hampshire_content(framework, groups)
        _hampshire_money(framework)
        _hampshire_numbered_targets(framework)
        _hampshire_milestones(framework, today=timezone.localdate())
        _hampshire_involvements(framework, hampshire, districts, hsp, lsps, police, health, voluntary)

    def same_agreement(carried: Framework) -> None:
        _hampshire_content(carried, groups)
        _hampshire_money(carried)
        _hampshire_numbered_targets(carried)
        _hampshire_involvements(carried, hampshire, districts, hsp, lsps, police, health, voluntary)

    demo_delivery.create(hampshire=hampshire, people=people, content=same_agreement)

    other, created = framework_once(
        "borsetshire",
        borsetshire,
        title="Borsetshire and Felpersham LPSA2 framework (fictional)",
        stage_one_deadline=stage_one,
        stage_two_deadline=stage_two,
    )
    if created:
        _wider_area_content(other, borsetshire, borchester, felpersham)
    island, created = framework_once(
        "isle-of-wight",
        wight,
        title="Isle of Wight LPSA2 framework (illustrative)",
        stage_one_deadline=stage_one,
        stage_two_deadline=stage_two,
    )
    if created:
        priority = make_priority(
            island,
            title="A thriving island economy",
            outcome="More islanders in work all year round, not only in the summer season.",
        )
        make_target_area(priority, title="Year-round employment")
        make_involvement(island, wight, Involvement.Role.ACCOUNTABLE_BODY)
    rows = [(u, str(p.get_role_display()), p.organisation.name) for u, p in people.items()]
    return [*rows, (SITE_SUPERUSER, "Site superuser", "None: creates councils at /partners/councils/")]


def _hampshire_involvements(framework, hampshire, districts, hsp, lsps, police, health, voluntary) -> None:
    involved = [(hampshire, Involvement.Role.ACCOUNTABLE_BODY, Involvement.Status.INVOLVED)]
    involved += [(d, Involvement.Role.DISTRICT, Involvement.Status.INVOLVED) for d in districts.values()]
    involved += [(hsp, Involvement.Role.LSP, Involvement.Status.INVOLVED)]
    involved += [(lsp, Involvement.Role.LSP, Involvement.Status.INVITED) for lsp in lsps]
    involved += [
        (police, Involvement.Role.PUBLIC_BODY, Involvement.Status.INVITED),
        (health, Involvement.Role.PUBLIC_BODY, Involvement.Status.INVITED),
        (voluntary, Involvement.Role.VOLUNTARY, Involvement.Status.INVOLVED),
    ]
    Involvement.objects.bulk_create(
        make_involvement(framework, o, r, status=s, save=False, **_consultation(o, r, n))
        for n, (o, r, s) in enumerate(involved)
    )


def _hampshire_milestones(framework: Framework, *, today: datetime.date) -> None:
    """The council's own dates before its Stage One deadline, one of them overdue, and the
    officers' inbox reminder of that one, made as the daily reminders make it."""
    from lpsa import notify
    from lpsa.models import Milestone
    from lpsa.tasks import write_inbox

    deadline = framework.stage_one_deadline
    Milestone.objects.bulk_create(
        [
            make_milestone(
                framework,
                title="Cabinet approves the Stage One submission",
                kind=Milestone.Kind.CABINET,
                due_on=deadline - datetime.timedelta(days=14),
                note="Papers to Democratic Services three weeks before.",
                save=False,
            ),
            make_milestone(
                framework,
                title="Chief executive's sign-off meeting",
                kind=Milestone.Kind.SIGN_OFF,
                due_on=deadline - datetime.timedelta(days=7),
                save=False,
            ),
        ]
    )
    overdue = make_milestone(
        framework,
        title="Districts' comments on the draft priorities due",
        kind=Milestone.Kind.OTHER,
        due_on=today - datetime.timedelta(days=3),
        remind_days=7,
        reminded_on=today - datetime.timedelta(days=10),
    )
    write_inbox("milestone_due", notify.milestone_due(overdue.pk))


def _wider_area_content(framework: Framework, lead: Organisation, district: Organisation, co: Organisation) -> None:
    """A fictional agreement across a county and the unitary city beside it: each council's
    working group leads one priority, and the county's district takes part."""
    framework.set_co_signatories([co])
    villages = make_working_group(lead, name="Borsetshire villages group", lead_organisation=district)
    city = make_working_group(co, name="Felpersham city centre group", lead_organisation=co)
    for title, outcome, group, area in [
        ("Cleaner villages", "Less litter in villages.", villages, "Litter"),
        (
            "A safer city centre at night",
            "Fewer assaults in Felpersham's city centre at night.",
            city,
            "Night-time economy",
        ),
    ]:
        priority = make_priority(framework, title=title, outcome=outcome, evidence=EVIDENCE, leading_group=group)
        make_target_area(priority, title=area)
    Involvement.objects.bulk_create(
        [
            make_involvement(framework, lead, Involvement.Role.ACCOUNTABLE_BODY, save=False),
            make_involvement(framework, co, Involvement.Role.CO_SIGNATORY, save=False),
            make_involvement(framework, district, Involvement.Role.DISTRICT, save=False),
        ]
    )


def _accounts(password: str) -> dict[str, Person]:
    users = get_user_model()
    people = {}
    for username, first, last, organisation, job, role in ACCOUNTS:
        user = users.objects.filter(username=username).first()
        if user is None:
            email = f"{username}@lpsa-demo.example"
            user = make_user(username, password=password, first_name=first, last_name=last, email=email)
        elif user.is_staff or user.is_superuser:
            # Demo data loaded before the council administrator stopped being a superuser.
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        person = Person.objects.filter(user=user).first()
        if person is None:
            person = make_person(
                user=user, organisation=Organisation.objects.get(name=organisation), role=role, job_title=job
            )
        people[username] = person
    return people


#: A colleague the administrator has invited, who has not yet chosen a password, so the
#: people page shows an invitation waiting (and one to send again or cancel).
INVITED = ("Priya Patel", "priya.patel@lpsa-demo.example", "Community safety officer")


def _pending_invitation(admin: Person, organisation: Organisation) -> None:
    name, email, job = INVITED
    if get_user_model().objects.filter(username=email).exists():
        return
    # No e-mail: nobody reads the demo's addresses.
    person_invite(
        by=admin.user,
        name=name,
        email=email,
        organisation=organisation,
        role=Person.Role.WORKING_GROUP_LEAD,
        job_title=job,
        send_email=False,
    )


def _site_superuser(password: str) -> None:
    if not get_user_model().objects.filter(username=SITE_SUPERUSER).exists():
        make_user(
            SITE_SUPERUSER,
            password=password,
            email=f"{SITE_SUPERUSER}@lpsa-demo.example",
            first_name="Site",
            is_staff=True,
            is_superuser=True,
        )


# The agreement's numbered targets: (title, priority number, lead partner, lead department,
# [(indicator title, line label, weight)]). Target 4 bundles three indicators, as real
# agreements' targets often did; target 2 weights two lines of one indicator.
NUMBERED_TARGETS = [
    (
        "Raise the skills of young people and adults",
        1,
        "Hampshire County Council",
        "Department for Education and Skills",
        [
            ("Adults gaining a first level 2 qualification", "", None),
            ("Young people qualified to level 2 by age 19", "", None),
        ],
    ),
    (
        "More people in work in the most disadvantaged wards",
        1,
        "Hampshire County Council",
        "Department for Work and Pensions",
        [
            ("Employment rate in the most disadvantaged wards", "Women returners", Decimal(60)),
            ("Employment rate in the most disadvantaged wards", "Older people", Decimal(40)),
        ],
    ),
    (
        "More new businesses that last",
        1,
        "Basingstoke and Deane Borough Council",
        "Department of Trade and Industry",
        [("New businesses still trading after three years", "", None)],
    ),
    (
        "Reduce anti-social behaviour",
        2,
        "Hampshire Constabulary",
        "Home Office",
        [
            ("Incidents of anti-social behaviour reported to the police", "", None),
            ("Repeat incidents of anti-social behaviour", "", None),
            ("Residents who feel safe outside after dark", "", None),
        ],
    ),
    (
        "Fewer emergency admissions of older people",
        3,
        "Hampshire primary care trusts",
        "Department of Health",
        [("Emergency hospital admissions of people aged 75 and over", "", None)],
    ),
    (
        "More adults volunteering",
        3,
        "Hampshire voluntary and community sector",
        "Home Office",
        [("Adults who volunteer at least once a month", "", None)],
    ),
    (
        "Recycle more household waste",
        4,
        "Hampshire County Council",
        "Department for Environment, Food and Rural Affairs",
        [("Household waste recycled or composted", "", None)],
    ),
    (
        "A more diverse rural economy",
        4,
        "Hampshire County Council",
        "Department for Environment, Food and Rural Affairs",
        [("Farm holdings with a diversified enterprise", "", None)],
    ),
    (
        "Cleaner streets",
        4,
        "Hampshire County Council",
        "Department for Environment, Food and Rural Affairs",
        [("Streets with unacceptable litter and detritus", "", None)],
    ),
]

# (indicator title, or None for a line of the agreement as a whole; what such a line is for;
#  pump-priming amount; spent on; capital or revenue)
PUMP_PRIMING = [
    (
        "Adults gaining a first level 2 qualification",
        "",
        250000,
        "Outreach tutors in the most disadvantaged wards.",
        "revenue",
    ),
    (
        "Residents who feel safe outside after dark",
        "",
        200000,
        "Community wardens in town centres at night.",
        "revenue",
    ),
    (
        "Emergency hospital admissions of people aged 75 and over",
        "",
        300000,
        "Falls-prevention visits at home.",
        "revenue",
    ),
    ("Household waste recycled or composted", "", 150000, "Vehicles and bins to collect garden waste.", "capital"),
    (None, "Co-ordination", 100000, "A programme manager for the agreement's three years.", "revenue"),
]
# (indicator title, what is asked, kind, department, amount of extra borrowing)
FREEDOMS = [
    (
        "Employment rate in the most disadvantaged wards",
        "Let Jobcentre Plus pool its discretionary fund with the districts' employment support.",
        Freedom.Kind.ADMINISTRATIVE,
        "Department for Work and Pensions",
        None,
    ),
    (
        "Household waste recycled or composted",
        "Borrow to build a materials recycling facility ahead of the capital programme.",
        Freedom.Kind.BORROWING,
        "Office of the Deputy Prime Minister",
        Decimal(4_500_000),
    ),
    (
        "Incidents of anti-social behaviour reported to the police",
        "Let community wardens issue fixed penalty notices for litter and graffiti.",
        Freedom.Kind.STATUTORY,
        "Home Office",
        None,
    ),
]


def _hampshire_numbered_targets(framework: Framework) -> None:
    lines = {
        (t.indicator.title, t.title): t
        for t in Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator"
        )
    }
    for title, priority_number, lead, department, members in NUMBERED_TARGETS:
        numbered = make_numbered_target(
            framework,
            framework.priorities.get(position=priority_number),
            title=title,
            lead_partner=Organisation.objects.get(name=lead),
            lead_department=department,
        )
        for indicator_title, label, weight in members:
            line = lines[indicator_title, label]
            line.agreement_target, line.weight = numbered, weight
            line.save(update_fields=["agreement_target", "weight"])


def _hampshire_money(framework: Framework) -> None:
    targets = {
        t.indicator.title: t
        for t in Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator"
        )
    }
    for title, purpose, amount, spend_on, kind in PUMP_PRIMING:
        make_pump_priming(
            framework,
            target=targets[title] if title else None,
            purpose=purpose,
            amount=Decimal(amount),
            spend_on=spend_on,
            kind=kind,
        )
    for title, request, kind, department, borrowing in FREEDOMS:
        make_freedom(targets[title], request=request, kind=kind, department=department, borrowing_amount=borrowing)


DRAFT_SENT = datetime.date(2004, 6, 14)


def _consultation(organisation: Organisation, role: str, n: int) -> dict:
    """The partner consultation on Hampshire's draft: every partner sent it on 14 June, and the
    first seven districts and the voluntary sector's body have answered; the rest have not yet."""
    if role == Involvement.Role.ACCOUNTABLE_BODY:
        return {}
    fields = {"consulted_on": DRAFT_SENT}
    if n <= 7 or role == Involvement.Role.VOLUNTARY:
        fields["answered_on"] = DRAFT_SENT + datetime.timedelta(days=7 + n)
        fields["answer"] = (
            f"{organisation.name} supports the four headline priorities and will take part in the working "
            "group of its area. It asks that the district figures are shown beside the county's."
        )
    return fields


def _hampshire_content(framework: Framework, groups: list[WorkingGroup]) -> None:
    areas: dict[tuple[int, int], TargetArea] = {}
    for number, (title, outcome, _, area_rows, activities) in enumerate(HAMPSHIRE_PRIORITIES, start=1):
        priority = make_priority(
            framework, title=title, outcome=outcome, evidence=EVIDENCE, leading_group=groups[number - 1]
        )
        for area_number, (area_title, description) in enumerate(area_rows, start=1):
            areas[number, area_number] = make_target_area(priority, title=area_title, description=description)
        for activity, explorer in activities:
            make_activity(priority, title=activity, explorer_partnership=explorer)
    for priority_number, area_number, fields, targets in HAMPSHIRE_INDICATORS:
        indicator = make_indicator(areas[priority_number, area_number], is_illustrative=True, **fields)
        for target_fields, _ in targets:
            make_target(indicator, **target_fields)
