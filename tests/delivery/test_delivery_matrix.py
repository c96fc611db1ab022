"""Every delivery URL, asked for by every role in every stage of delivery: the status each gets.

Each part of delivery lists its URLs in its own module, ``tests/delivery/matrix_<part>.py``:

    ROWS = {
        "delivery:overview": (lambda w: [w["framework"].slug], READ),
        "delivery:return_edit": (lambda w: [w["draft_return"].pk], by_stage(RETURNS, RETURN_STAGES)),
    }

The first item gives the URL's arguments from ``delivery_world`` (tests/delivery/conftest.py),
the second what each role gets: a dict of role to status, the same in every stage of
delivery and a 404 to everyone before signing (Stage Two agreed: there is no delivery yet),
or a function of the stage giving that dict in every stage, before signing included (the
page that records the signing is one). Anonymous visitors are always sent to sign in. A closed framework's pages answer as they would in its stage, and every
change is refused (each part tests that with its own posts).
"""

import importlib
import pkgutil

import pytest
from django.urls import reverse

import tests.delivery
from priorities.models import DELIVERY_STAGES, Stage
from tests.delivery.conftest import put_at

ROLES = ["anonymous", "officer", "wglead", "chiefexec", "reviewer", "admin", "otherofficer", "cosignofficer"]

#: Stages the matrix asks in, before signing included.
STAGES = [Stage.TWO_AGREED, Stage.SIGNED, Stage.IN_DELIVERY, Stage.CLAIMING, Stage.COMPLETE]

NOBODY = dict.fromkeys(ROLES[1:], 404)
#: The council's people and government read it.
READ = {**NOBODY, "officer": 200, "wglead": 200, "chiefexec": 200, "admin": 200, "cosignofficer": 200, "reviewer": 200}
#: The council's people only (government's reviewers never see it: a draft, say).
COUNCIL = {**READ, "reviewer": 404}
#: What the council's officers and administrators record: the others of the council are refused.
RECORD = {**COUNCIL, "wglead": 403, "chiefexec": 403}
#: The same, where government's reviewers can see the thing but not change it.
RECORD_SEEN = {**RECORD, "reviewer": 403}
#: What a working-group lead may record too (the returns of their group's priority's lines).
RETURNS = {**RECORD, "wglead": 200}
#: Government's own decisions.
GOVERNMENT = {**READ, "officer": 403, "wglead": 403, "chiefexec": 403, "admin": 403, "cosignofficer": 403}
POST_ONLY = {**READ, **dict.fromkeys(["officer", "wglead", "chiefexec", "admin", "cosignofficer", "reviewer"], 405)}
COUNCIL_POST_ONLY = {**POST_ONLY, "reviewer": 404}


def by_stage(open_expected: dict, stages, closed_expected: dict | None = None):
    """``open_expected`` in ``stages``; elsewhere ``closed_expected`` (by default: read, so 403 for
    those who would have been allowed to record)."""
    if closed_expected is None:
        closed_expected = {role: 403 if status == 200 else status for role, status in open_expected.items()}

    def expected(stage):
        return open_expected if stage in stages else closed_expected

    return expected


def all_rows() -> dict:
    rows = {}
    for module in pkgutil.iter_modules(tests.delivery.__path__):
        if module.name.startswith("matrix_"):
            part = importlib.import_module(f"tests.delivery.{module.name}")
            overlap = set(rows) & set(part.ROWS)
            assert not overlap, f"{module.name} repeats {overlap}"
            rows.update(part.ROWS)
    return rows


ROWS = all_rows()


def expected_status(expected, stage, role) -> int:
    if role == "anonymous":
        return 302
    if callable(expected):
        return expected(stage)[role]
    return expected[role] if stage in DELIVERY_STAGES else 404


@pytest.mark.parametrize("stage", STAGES)
def test_each_role_gets_the_expected_status_from_every_delivery_url(stage, cast, delivery_world, login):
    """In each stage the world is made once and every role asks in turn (the world is the costly part)."""
    put_at(delivery_world["framework"], stage)
    wrong = []
    for role in ROLES:
        client = login(cast.get(role))
        for name, (arguments, expected) in ROWS.items():
            url = reverse(name, args=arguments(delivery_world))
            response = client.get(url)
            want = expected_status(expected, stage, role)
            if response.status_code != want:
                wrong.append(f"{role}: {name} {url}: got {response.status_code}, expected {want}")
            elif want == 302 and role == "anonymous" and not response.url.startswith(reverse("login")):
                wrong.append(f"anonymous: {name} {url}: sent to {response.url}, not to sign in")
    assert wrong == []
