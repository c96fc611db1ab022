"""Every URL of the site, asked for by every role: the status each one gets.

Adding a URL without a row here fails test_every_url_is_in_the_matrix, so nothing new
escapes the permission check.

The framework is a wider-area agreement: Hampshire leads it and Portsmouth, a unitary
council, co-signs it, so Portsmouth's officer (``cosignofficer``) gets what Hampshire's
officer gets; Kent's (``otherofficer``) signs nothing and finds nothing, and Kent's
administrator (``otheradmin``) manages Kent's accounts and finds none of Hampshire's.
"""

import hashlib

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from pytest_django.asserts import assertContains

from lpsa.models import Comment, DraftPdf, InboxItem, Milestone, NegotiationEntry, Submission
from lpsa.snapshot import framework_snapshot
from partners.models import Invitation, Person, WorkingGroup
from partners.services import person_invite
from priorities.models import DELIVERY_STAGES, Freedom, Involvement, PumpPriming, Stage
from tests.factories import make_framework, make_org, make_person, make_tree

ROLES = [
    "anonymous",
    "officer",
    "wglead",
    "chiefexec",
    "reviewer",
    "admin",
    "otherofficer",
    "cosignofficer",
    "otheradmin",
]

# What each kind of page answers to each role, for GET.
READ = {
    "officer": 200,
    "wglead": 200,
    "chiefexec": 200,
    "admin": 200,
    "reviewer": 404,
    "otherofficer": 404,
    "cosignofficer": 200,
    "otheradmin": 404,
}
OPEN = dict.fromkeys(READ, 200)
STRUCTURE = {
    "officer": 200,
    "admin": 200,
    "wglead": 403,
    "chiefexec": 403,
    "reviewer": 404,
    "otherofficer": 404,
    "cosignofficer": 200,
    "otheradmin": 404,
}
MEASURES = {**STRUCTURE, "wglead": 200}
POST_ONLY = dict.fromkeys(READ, 405)
SUBMITTED = {**READ, "reviewer": 200}
REVIEWER_ONLY = {**dict.fromkeys(READ, 403), "reviewer": 200, "otherofficer": 404, "otheradmin": 404}
# Pages open to everyone, signed in or not: the invitation link and the forgotten-password pages.
PUBLIC = {**OPEN, "anonymous": 200}
# A council's own accounts: its administrators only, whichever council (each sees its own).
ADMINS = {**dict.fromkeys(READ, 403), "admin": 200, "otheradmin": 200}
# One of Hampshire's people: its administrator manages them; Hampshire's other people may not
# (403); anyone else finds nobody (404).
COLLEAGUE = {**dict.fromkeys(READ, 404), "officer": 403, "wglead": 403, "chiefexec": 403, "admin": 200}
# The site administrator's pages exist for nobody else.
SITE = dict.fromkeys(READ, 404)
#: Pages that are not about one council's things: the third council gets them as anyone does.
NOT_A_COUNCILS = (OPEN, PUBLIC, ADMINS)
# What only the lead council's administrators do to a framework, such as closing it.
MANAGE = {**STRUCTURE, "officer": 403, "cosignofficer": 403}
# Only the lead authority's chief executive approves: everyone else of the councils is refused.
CHECK_WAITING = {**dict.fromkeys(READ, 403), "chiefexec": 200, "reviewer": 404, "otherofficer": 404, "otheradmin": 404}
# Outside approval the chief executive is sent to the stages page, which says where it is.
CHECK = {**CHECK_WAITING, "chiefexec": 302}
# The officer's own inbox item: everyone else gets a 404, as if it did not exist.
OWN = {**dict.fromkeys(READ, 404), "officer": 200}
# Milestones are the council's own dates: its editors change them in every stage.
MILESTONES = STRUCTURE

# URL name -> (how to find its arguments in the fixture world, expected statuses).
MATRIX = {
    "priorities:dashboard": (lambda w: [], OPEN),
    "priorities:help": (lambda w: [], OPEN),
    "priorities:glossary": (lambda w: [], OPEN),
    "priorities:framework": (lambda w: [w["framework"].slug], READ),
    "priorities:framework_create": (lambda w: [], ADMINS),
    "priorities:framework_edit": (lambda w: [w["framework"].slug], STRUCTURE),
    "priorities:framework_close": (lambda w: [w["framework"].slug], MANAGE),
    "priorities:framework_reopen": (lambda w: [w["framework"].slug], POST_ONLY),
    "priorities:framework_partners": (lambda w: [w["framework"].slug], READ),
    "priorities:involvement_create": (lambda w: [w["framework"].slug], STRUCTURE),
    "priorities:involvement_edit": (lambda w: [w["involvement"].pk], STRUCTURE),
    "priorities:involvement_delete": (lambda w: [w["involvement"].pk], STRUCTURE),
    "priorities:priority_create": (lambda w: [w["framework"].slug], STRUCTURE),
    "priorities:priority": (lambda w: [w["priority"].pk], READ),
    "priorities:priority_edit": (lambda w: [w["priority"].pk], STRUCTURE),
    "priorities:priority_delete": (lambda w: [w["priority"].pk], STRUCTURE),
    "priorities:priority_move": (lambda w: [w["priority"].pk], POST_ONLY),
    "priorities:area_create": (lambda w: [w["priority"].pk], STRUCTURE),
    "priorities:area_edit": (lambda w: [w["area"].pk], STRUCTURE),
    "priorities:area_delete": (lambda w: [w["area"].pk], STRUCTURE),
    "priorities:area_move": (lambda w: [w["area"].pk], POST_ONLY),
    "priorities:activity_create": (lambda w: [w["priority"].pk], STRUCTURE),
    "priorities:activity_edit": (lambda w: [w["activity"].pk], STRUCTURE),
    "priorities:activity_delete": (lambda w: [w["activity"].pk], STRUCTURE),
    "priorities:activity_move": (lambda w: [w["activity"].pk], POST_ONLY),
    "priorities:indicator_create": (lambda w: [w["area"].pk], MEASURES),
    "priorities:indicator": (lambda w: [w["indicator"].pk], READ),
    "priorities:indicator_edit": (lambda w: [w["indicator"].pk], MEASURES),
    "priorities:indicator_delete": (lambda w: [w["indicator"].pk], MEASURES),
    "priorities:indicator_move": (lambda w: [w["indicator"].pk], POST_ONLY),
    "priorities:target_create": (lambda w: [w["indicator"].pk], MEASURES),
    "priorities:target_edit": (lambda w: [w["target"].pk], MEASURES),
    "priorities:target_delete": (lambda w: [w["target"].pk], MEASURES),
    "priorities:target_move": (lambda w: [w["target"].pk], POST_ONLY),
    "priorities:target": (lambda w: [w["target"].pk], READ),
    "priorities:pumppriming_create": (lambda w: [w["target"].pk], MEASURES),
    "priorities:pumppriming_edit": (lambda w: [w["pumppriming"].pk], MEASURES),
    "priorities:pumppriming_delete": (lambda w: [w["pumppriming"].pk], MEASURES),
    "priorities:freedom_create": (lambda w: [w["target"].pk], MEASURES),
    "priorities:freedom_edit": (lambda w: [w["freedom"].pk], MEASURES),
    "priorities:freedom_delete": (lambda w: [w["freedom"].pk], MEASURES),
    "priorities:agreement_targets": (lambda w: [w["framework"].slug], READ),
    "priorities:agreementtarget_create": (lambda w: [w["framework"].slug], STRUCTURE),
    "priorities:agreementtarget_edit": (lambda w: [w["numbered"].pk], STRUCTURE),
    "priorities:agreementtarget_delete": (lambda w: [w["numbered"].pk], STRUCTURE),
    "priorities:agreementtarget_move": (lambda w: [w["numbered"].pk], POST_ONLY),
    "priorities:money": (lambda w: [w["framework"].slug], READ),
    "priorities:untiedpumppriming_create": (lambda w: [w["framework"].slug], STRUCTURE),
    "priorities:calculator": (lambda w: [w["framework"].slug], READ),
    "priorities:freedoms": (lambda w: [w["framework"].slug], READ),
    "priorities:export_xlsx": (lambda w: [w["framework"].slug], READ),
    "priorities:export_csv": (lambda w: [w["framework"].slug], READ),
    "priorities:import": (lambda w: [w["framework"].slug], STRUCTURE),
    "lpsa:review_list": (lambda w: [], OPEN),
    # Every submission is government's to read, whatever stage the framework has reached since.
    "lpsa:review": (lambda w: [w["submission"].pk], SUBMITTED),
    "lpsa:review_comment": (lambda w: [w["submission"].pk, "indicator", w["indicator"].pk], REVIEWER_ONLY),
    "lpsa:department_sign_off": (lambda w: [w["submission"].pk, w["numbered"].pk], POST_ONLY),
    "lpsa:negotiate": (lambda w: [w["target"].pk], POST_ONLY),
    "lpsa:negotiation_accept": (lambda w: [w["entry"].pk], POST_ONLY),
    "lpsa:workflow": (lambda w: [w["framework"].slug], READ),
    # Reviewers read the threads opened with government on the submissions, not this page.
    "lpsa:comments": (lambda w: [w["framework"].slug], READ),
    "lpsa:search": (lambda w: [w["framework"].slug], READ),
    "lpsa:move": (lambda w: [w["framework"].slug, "start_consultation"], POST_ONLY),
    # The chief executive's check page: theirs alone; outside approval it sends them to the stages.
    "lpsa:approval_check": (lambda w: [w["framework"].slug], CHECK),
    # The confirmation after approval is the council's page of its submission.
    "lpsa:submitted": (lambda w: [w["submission"].pk], READ),
    "lpsa:preview": (lambda w: [w["framework"].slug], READ),
    "lpsa:draft_pdf": (lambda w: [w["framework"].slug], POST_ONLY),
    "lpsa:draft_progress": (lambda w: [w["framework"].slug, w["draft"].pk], READ),
    "lpsa:draft_file": (lambda w: [w["framework"].slug, w["draft"].pk], READ),
    "lpsa:submission_pdf": (lambda w: [w["submission"].pk], SUBMITTED),
    # The live framework's Word file is the council's; a submitted version's is government's too.
    "lpsa:draft_docx": (lambda w: [w["framework"].slug], READ),
    "lpsa:submission_docx": (lambda w: [w["submission"].pk], SUBMITTED),
    "lpsa:compare": (lambda w: [w["submission"].pk], READ),
    "lpsa:comment_create": (lambda w: ["indicator", w["indicator"].pk], READ),
    "lpsa:comment_reply": (lambda w: [w["comment"].pk], READ),
    "lpsa:comment_resolve": (lambda w: [w["comment"].pk], POST_ONLY),
    "lpsa:history": (lambda w: ["indicator", w["indicator"].pk], READ),
    "lpsa:inbox": (lambda w: [], OPEN),
    "lpsa:inbox_item": (lambda w: [w["inbox_item"].pk], OWN),
    "lpsa:milestones": (lambda w: [w["framework"].slug], READ),
    "lpsa:milestone_create": (lambda w: [w["framework"].slug], MILESTONES),
    "lpsa:milestone_edit": (lambda w: [w["milestone"].pk], MILESTONES),
    "lpsa:milestone_delete": (lambda w: [w["milestone"].pk], MILESTONES),
    "partners:organisations": (lambda w: [], OPEN),
    "partners:working_groups": (lambda w: [], OPEN),
    "partners:organisation_create": (lambda w: [], ADMINS),
    "partners:organisation_edit": (lambda w: [w["district"].pk], MANAGE),
    "partners:working_group": (lambda w: [w["group"].pk], {**READ, "wglead": 200}),
    "partners:people": (lambda w: [], ADMINS),
    "partners:invite": (lambda w: [], ADMINS),
    "partners:person": (lambda w: [w["colleague"].pk], COLLEAGUE),
    "partners:person_active": (lambda w: [w["colleague"].pk], POST_ONLY),
    "partners:invitation_send_again": (lambda w: [w["invitation"].pk], POST_ONLY),
    "partners:invitation_cancel": (lambda w: [w["invitation"].pk], POST_ONLY),
    "partners:councils": (lambda w: [], SITE),
    "partners:council_create": (lambda w: [], SITE),
    "partners:reviewer_invite": (lambda w: [], SITE),
    "account": (lambda w: [], OPEN),
    "password_change": (lambda w: [], OPEN),
    "password_change_done": (lambda w: [], OPEN),
    "accept_invitation": (lambda w: [w["invitation"].token()], PUBLIC),
    "password_reset": (lambda w: [], PUBLIC),
    "password_reset_done": (lambda w: [], PUBLIC),
    # A link that does not work says so: Django's page, asked for with a made-up token.
    "password_reset_confirm": (lambda w: ["MQ", "not-a-token"], PUBLIC),
    "password_reset_complete": (lambda w: [], PUBLIC),
    "partners:working_group_create": (lambda w: [], ADMINS),
    "partners:working_group_edit": (lambda w: [w["group"].pk], MANAGE),
    "partners:working_group_delete": (lambda w: [w["group"].pk], MANAGE),
}

# Moving is a POST; these are the statuses for a POST with a direction.
MOVE_POST = {
    **{k: 302 for k in READ},
    "wglead": 403,
    "chiefexec": 403,
    "reviewer": 404,
    "otherofficer": 404,
    "otheradmin": 404,
}
MOVE_MEASURES_POST = {**MOVE_POST, "wglead": 302}

# The sign-in pages are checked in tests/lpsa/test_sign_in.py, health in test_health.py.
NOT_OURS = {"login", "logout", "health"}


def named_patterns(patterns=None, namespace: str = "") -> set[str]:
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_patterns(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def money_and_freedoms(framework, target) -> dict:
    framework.pump_priming_grant = 1_000_000
    framework.save()
    return {
        "pumppriming": PumpPriming.objects.create(
            framework=framework, target=target, amount=1000, spend_on="Youth workers", kind="revenue"
        ),
        "freedom": Freedom.objects.create(target=target, request="Relax a rule", kind=Freedom.Kind.STATUTORY),
    }


def make_draft(framework, user) -> DraftPdf:
    draft = DraftPdf(framework=framework, stage="one", requested_by=user)
    draft.pdf.save("draft.pdf", ContentFile(b"%PDF-1.7 stand-in"), save=False)
    draft.save()
    return draft


def make_submission(framework, user) -> Submission:
    """A stored submission for permission checks; its behaviour is tested in tests/lpsa."""
    data = b"%PDF-1.7 stand-in"
    submission = Submission(
        framework=framework,
        stage="one",
        version=Submission.objects.filter(framework=framework).count() + 1,
        approved_by=user,
        snapshot=framework_snapshot(framework),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    submission.pdf.save("stand-in.pdf", ContentFile(data))
    return submission


@pytest.fixture
def everyone(cast):
    """The shared cast, and Kent's administrator, made as Kent's officer is."""
    kent = cast["otherofficer"].organisation
    return {**cast, "otheradmin": make_person("otheradmin", kent, Person.Role.ADMINISTRATOR)}


def make_invitation(organisation, by) -> Invitation:
    return person_invite(
        by=by.user,
        name="Ivy Invited",
        email=f"ivy@{organisation.pk}.example.org",
        organisation=organisation,
        role=Person.Role.OFFICER,
        send_email=False,
    )


@pytest.fixture
def world(framework, tree, group, district, everyone, portsmouth):
    cast = everyone
    framework.co_signatories.add(portsmouth)
    area = tree.target_areas.get()
    indicator = area.indicators.get()
    return {
        **money_and_freedoms(framework, indicator.targets.get()),
        "draft": make_draft(framework, cast["officer"].user),
        "submission": make_submission(framework, cast["chiefexec"].user),
        "comment": Comment.objects.create(
            framework=framework, indicator=indicator, author=cast["officer"].user, text="Is this right?"
        ),
        "entry": NegotiationEntry.objects.create(
            target=indicator.targets.get(),
            kind="council",
            without_lpsa=1,
            with_lpsa=2,
            recorded_by=cast["officer"].user,
        ),
        "inbox_item": InboxItem.objects.create(
            recipient=cast["officer"].user, kind="comment_added", subject="Officer's own", framework=framework
        ),
        "milestone": Milestone.objects.create(framework=framework, title="Cabinet", due_on="2004-07-14"),
        "framework": framework,
        "priority": tree,
        "area": area,
        "activity": tree.activities.get(),
        "indicator": indicator,
        "target": indicator.targets.get(),
        "numbered": indicator.targets.get().agreement_target,
        "group": group,
        "district": district,
        "involvement": Involvement.objects.create(
            framework=framework, organisation=district, role=Involvement.Role.DISTRICT
        ),
        "colleague": cast["officer"],
        "invitation": make_invitation(district, cast["admin"]),
    }


def test_every_url_is_in_the_matrix():
    """The delivery pages are in their own matrix, asked in every stage of delivery."""
    from tests.delivery.test_delivery_matrix import ROWS as DELIVERY

    assert named_patterns() - NOT_OURS == set(MATRIX) | set(DELIVERY)


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_from_every_url(role, everyone, world, login):
    client = login(everyone.get(role))
    wrong = []
    for name, (arguments, expected) in MATRIX.items():
        url = reverse(name, args=arguments(world))
        response = client.get(url)
        want = expected.get("anonymous", 302) if role == "anonymous" else expected[role]
        if response.status_code != want:
            wrong.append(f"{name} {url}: got {response.status_code}, expected {want}")
        elif role == "anonymous" and want == 302:
            assert response.url.startswith(reverse("login")), url
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_the_expected_status_when_moving_items(role, everyone, world, login):
    client = login(everyone.get(role))
    kinds = [("priority", MOVE_POST), ("area", MOVE_POST), ("indicator", MOVE_MEASURES_POST)]
    for kind, expected in [*kinds, ("agreementtarget", MOVE_POST)]:
        item = world["numbered" if kind == "agreementtarget" else kind]
        url = reverse(f"priorities:{kind}_move", args=[item.pk])
        response = client.post(url, {"direction": "down"})
        assert response.status_code == (302 if role == "anonymous" else expected[role]), (kind, role)


@pytest.mark.parametrize("role", ["officer", "wglead", "chiefexec", "admin", "cosignofficer"])
def test_nothing_of_another_council_is_visible(role, everyone, login, world):
    """Hampshire's people, and those of the council co-signing with it, get 404 for every
    page of a framework that neither signs."""
    cast = everyone
    kent = make_framework(cast["otherofficer"].organisation, slug="kent")
    priority = make_tree(kent)[0]
    area = priority.target_areas.get()
    indicator = area.indicators.get()
    other_indicator = indicator
    other_world = {
        **money_and_freedoms(kent, indicator.targets.get()),
        "draft": make_draft(kent, cast["otherofficer"].user),
        "submission": make_submission(kent, cast["otherofficer"].user),
        "comment": Comment.objects.create(
            framework=kent, indicator=other_indicator, author=cast["otherofficer"].user, text="Kent only"
        ),
        "entry": NegotiationEntry.objects.create(
            target=indicator.targets.get(),
            kind="council",
            without_lpsa=1,
            with_lpsa=2,
            recorded_by=cast["otherofficer"].user,
        ),
        "inbox_item": InboxItem.objects.create(
            recipient=cast["otherofficer"].user, kind="comment_added", subject="Kent's own", framework=kent
        ),
        "milestone": Milestone.objects.create(framework=kent, title="Kent cabinet", due_on="2004-07-14"),
        "framework": kent,
        "priority": priority,
        "area": area,
        "activity": priority.activities.get(),
        "indicator": indicator,
        "target": indicator.targets.get(),
        "numbered": indicator.targets.get().agreement_target,
        "involvement": Involvement.objects.create(
            framework=kent, organisation=kent.council, role=Involvement.Role.ACCOUNTABLE_BODY
        ),
        "colleague": cast["otherofficer"],
        "invitation": make_invitation(kent.council, cast["otheradmin"]),
        "district": make_org("Dover District Council", kent.council),
        "group": WorkingGroup.objects.create(council=kent.council, name="Kent group", lead_organisation=kent.council),
    }
    client = login(cast[role])
    for name, (arguments, expected) in MATRIX.items():
        if any(expected is kind for kind in NOT_A_COUNCILS) or name == "partners:working_group":
            continue
        url = reverse(name, args=arguments(other_world))
        status = client.get(url).status_code
        assert status in (404, 405), f"{role} got {status} from {url}"
    assert kent.title not in client.get(reverse("priorities:dashboard")).content.decode()


def test_a_reviewer_reads_only_the_submitted_version(cast, login, world):
    framework = world["framework"]
    framework.stage = "one_submitted"
    framework.save()
    client = login(cast["reviewer"])
    assert client.get(reverse("lpsa:review", args=[world["submission"].pk])).status_code == 200
    assert client.get(reverse("lpsa:submission_pdf", args=[world["submission"].pk])).status_code == 200
    assert client.get(reverse("lpsa:submission_docx", args=[world["submission"].pk])).status_code == 200
    # The live framework, which the council goes on editing, stays the council's.
    assert client.get(framework.get_absolute_url()).status_code == 404
    assert client.get(reverse("lpsa:draft_docx", args=[framework.slug])).status_code == 404
    assert client.get(reverse("priorities:target", args=[world["target"].pk])).status_code == 404


LOCKED = {Stage.ONE_AWAITING_APPROVAL, Stage.TWO_AWAITING_APPROVAL}


def _at(stage: str, expected: dict[str, int], role: str) -> int:
    """Editing pages refuse everyone while the chief executive is asked to approve, and once the
    agreement is signed (its delivery is recorded in the delivery pages instead)."""
    status = expected[role]
    if (stage in LOCKED or stage in DELIVERY_STAGES) and status == 200:
        return 403
    return status


STAGED = {
    "priorities:framework": (lambda w: [w["framework"].slug], READ, False),
    "priorities:framework_edit": (lambda w: [w["framework"].slug], STRUCTURE, True),
    "priorities:priority_edit": (lambda w: [w["priority"].pk], STRUCTURE, True),
    "priorities:indicator_edit": (lambda w: [w["indicator"].pk], MEASURES, True),
    "priorities:target": (lambda w: [w["target"].pk], READ, False),
    "priorities:target_edit": (lambda w: [w["target"].pk], MEASURES, True),
    "priorities:agreement_targets": (lambda w: [w["framework"].slug], READ, False),
    "priorities:agreementtarget_edit": (lambda w: [w["numbered"].pk], STRUCTURE, True),
    "priorities:pumppriming_create": (lambda w: [w["target"].pk], MEASURES, True),
    "priorities:import": (lambda w: [w["framework"].slug], STRUCTURE, True),
    "lpsa:workflow": (lambda w: [w["framework"].slug], READ, False),
    "lpsa:submitted": (lambda w: [w["submission"].pk], READ, False),
    "lpsa:comment_create": (lambda w: ["indicator", w["indicator"].pk], READ, False),
    "lpsa:comment_reply": (lambda w: [w["comment"].pk], READ, False),
    "lpsa:review": (lambda w: [w["submission"].pk], SUBMITTED, False),
    "lpsa:submission_pdf": (lambda w: [w["submission"].pk], SUBMITTED, False),
    "lpsa:submission_docx": (lambda w: [w["submission"].pk], SUBMITTED, False),
    "lpsa:draft_docx": (lambda w: [w["framework"].slug], READ, False),
    "lpsa:review_comment": (lambda w: [w["submission"].pk, "indicator", w["indicator"].pk], REVIEWER_ONLY, False),
    "lpsa:milestones": (lambda w: [w["framework"].slug], READ, False),
    # Not locked for approval: the council's own dates are no part of what is approved.
    "lpsa:milestone_create": (lambda w: [w["framework"].slug], MILESTONES, False),
    "lpsa:milestone_edit": (lambda w: [w["milestone"].pk], MILESTONES, False),
}


# In each stage the world is made once and every role asks in turn: the world is the costly part.
SIGNED_IN = [r for r in ROLES if r != "anonymous"]


@pytest.mark.parametrize("stage", list(Stage))
def test_each_role_gets_the_expected_status_in_every_stage(stage, everyone, world, login):
    """Views × roles × stages: government keeps every submission, and nobody edits a locked framework."""
    framework = world["framework"]
    framework.stage = stage
    framework.save(update_fields=["stage"])
    wrong = []
    for role in SIGNED_IN:
        client = login(everyone[role])
        for name, (arguments, expected, edits) in STAGED.items():
            url = reverse(name, args=arguments(world))
            want = _at(stage, expected, role) if edits else expected[role]
            got = client.get(url).status_code
            if got != want:
                wrong.append(f"{role}: {name} at {stage}: got {got}, expected {want}")
    assert wrong == []


@pytest.mark.parametrize("stage", list(Stage))
def test_the_check_page_answers_each_role_in_every_stage(stage, everyone, world, login):
    """Only the lead's chief executive checks and approves, and only while approval waits."""
    framework = world["framework"]
    framework.stage = stage
    framework.save(update_fields=["stage"])
    wrong = []
    for role in SIGNED_IN:
        response = login(everyone[role]).get(reverse("lpsa:approval_check", args=[framework.slug]))
        want = (CHECK_WAITING if stage in LOCKED else CHECK)[role]
        if response.status_code != want:
            wrong.append(f"{role} at {stage}: got {response.status_code}, expected {want}")
        elif want == 302 and response.url != reverse("lpsa:workflow", args=[framework.slug]):
            wrong.append(f"{role} at {stage}: sent to {response.url}, not the stages page")
    assert wrong == []


@pytest.mark.parametrize("stage", sorted(LOCKED))
def test_a_locked_framework_refuses_edits_posted_to_it(stage, cast, world, login):
    framework = world["framework"]
    framework.stage = stage
    framework.save(update_fields=["stage"])
    target = world["target"]
    client = login(cast["officer"])
    response = client.post(
        reverse("priorities:target_edit", args=[target.pk]),
        {"period": "2007/08", "without_lpsa": "51", "with_lpsa": "99", "version": target.version},
    )
    assertContains(response, "waits for the chief executive&#x27;s approval", status_code=403)
    target.refresh_from_db()
    assert target.with_lpsa != 99
    move = client.post(reverse("priorities:priority_move", args=[world["priority"].pk]), {"direction": "down"})
    assert move.status_code == 403
    page = client.get(framework.get_absolute_url())
    assertContains(page, "Locked for approval")
    assertContains(page, "withdraw the request")


@pytest.mark.parametrize("stage", sorted(DELIVERY_STAGES))
def test_a_signed_agreement_refuses_edits_of_its_content(stage, cast, world, login):
    framework = world["framework"]
    framework.stage = stage
    framework.save(update_fields=["stage"])
    target = world["target"]
    client = login(cast["officer"])
    response = client.post(
        reverse("priorities:target_edit", args=[target.pk]),
        {"period": "2007/08", "without_lpsa": "51", "with_lpsa": "99", "version": target.version},
    )
    assertContains(response, "This agreement is signed, so its priorities, indicators, targets", status_code=403)
    target.refresh_from_db()
    assert target.with_lpsa != 99
    assert (
        client.post(reverse("priorities:priority_move", args=[world["priority"].pk]), {"direction": "down"}).status_code
        == 403
    )


@pytest.fixture
def kent_people(cast):
    """Every council role at Kent, which signs neither with Hampshire nor with Portsmouth."""
    from partners.models import Person
    from tests.factories import make_person

    kent = cast["otherofficer"].organisation
    ashford = make_org("Ashford Borough Council", kent)
    return {
        "officer": cast["otherofficer"],
        "admin": make_person("kentadmin", kent, Person.Role.ADMINISTRATOR),
        "chiefexec": make_person("kentchief", kent, Person.Role.CHIEF_EXECUTIVE),
        "wglead": make_person("kentlead", ashford, Person.Role.WORKING_GROUP_LEAD),
    }


@pytest.mark.parametrize("role", ["officer", "admin", "chiefexec", "wglead"])
def test_a_third_council_reaches_a_two_authority_framework_by_no_url(role, kent_people, login, world):
    """Kent's people get a 404 (or 405 for a GET of a POST-only URL) from every URL of the
    Hampshire and Portsmouth framework, asked for or posted to, and change nothing."""
    framework = world["framework"]
    before = (framework.version, framework.stage, world["target"].version, Comment.objects.count())
    client = login(kent_people[role])
    wrong = []
    for name, (arguments, expected) in MATRIX.items():
        if any(expected is kind for kind in NOT_A_COUNCILS):
            continue
        url = reverse(name, args=arguments(world))
        got = client.get(url).status_code
        posted = client.post(url, {"direction": "down", "text": "Kent was here", "version": 1}).status_code
        if got not in (404, 405) or posted != 404:
            wrong.append(f"{name}: GET {got}, POST {posted}")
    assert wrong == []
    framework.refresh_from_db()
    world["target"].refresh_from_db()
    assert (framework.version, framework.stage, world["target"].version, Comment.objects.count()) == before
    dashboard = client.get(reverse("priorities:dashboard")).content.decode()
    assert framework.title not in dashboard


def test_another_councils_administrator_changes_nothing_of_hampshires_accounts(everyone, login, world):
    """Kent's administrator finds none of Hampshire's people or invitations, and posting to
    them changes nothing."""
    colleague, invitation = world["colleague"], world["invitation"]
    before = (colleague.role, colleague.user.is_active, invitation.key, invitation.cancelled_at)
    client = login(everyone["otheradmin"])
    posts = {
        reverse("partners:person", args=[colleague.pk]): {"role": Person.Role.ADMINISTRATOR},
        reverse("partners:person_active", args=[colleague.pk]): {"active": "no"},
        reverse("partners:invitation_send_again", args=[invitation.pk]): {},
        reverse("partners:invitation_cancel", args=[invitation.pk]): {},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    people = client.get(reverse("partners:people")).content.decode()
    assert colleague.display_name not in people
    assert invitation.person.display_name not in people
    colleague.refresh_from_db()
    colleague.user.refresh_from_db()
    invitation.refresh_from_db()
    assert (colleague.role, colleague.user.is_active, invitation.key, invitation.cancelled_at) == before


def test_only_the_site_superuser_reaches_the_site_pages(login, world, client):
    from django.contrib.auth import get_user_model

    superuser = get_user_model().objects.create_superuser("site", "site@example.org", "x")
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    for name in ("partners:councils", "partners:council_create", "partners:reviewer_invite"):
        assert client.get(reverse(name)).status_code == 200, name
    # A superuser administers no council: a council's own pages are its administrators'.
    assert client.get(reverse("partners:people")).status_code == 403


@pytest.mark.parametrize("role", ["officer", "admin", "wglead", "cosignofficer"])
def test_a_closed_framework_refuses_every_edit_url(role, cast, world, login):
    """Closed, a framework's every editing page refuses everyone, asked for or posted to, and
    changes nothing; the workflow's moves and comments are refused too."""
    framework = world["framework"]
    framework.close(by=cast["admin"].user, reason="Replaced")
    before = (framework.version, world["target"].version, Comment.objects.count(), Involvement.objects.count())
    client = login(cast[role])
    wrong = []
    for name, (arguments, expected) in MATRIX.items():
        if not any(expected is kind for kind in (STRUCTURE, MEASURES)) or expected[role] != 200:
            continue
        url = reverse(name, args=arguments(world))
        got = client.get(url).status_code
        posted = client.post(url, {"title": "Changed", "text": "Changed", "version": 1}).status_code
        if (got, posted) != (403, 403):
            wrong.append(f"{name}: GET {got}, POST {posted}")
    for name, args in [
        ("lpsa:move", [framework.slug, "start_consultation"]),
        ("lpsa:comment_create", ["indicator", world["indicator"].pk]),
        ("lpsa:comment_reply", [world["comment"].pk]),
        ("lpsa:comment_resolve", [world["comment"].pk]),
        ("priorities:priority_move", [world["priority"].pk]),
    ]:
        posted = client.post(reverse(name, args=args), {"text": "Still here?", "direction": "down"}).status_code
        if posted != 403:
            wrong.append(f"{name}: POST {posted}")
    assert wrong == []
    framework.refresh_from_db()
    world["target"].refresh_from_db()
    after = (framework.version, world["target"].version, Comment.objects.count(), Involvement.objects.count())
    assert after == before
    assert framework.stage == Stage.ONE_DRAFTING
