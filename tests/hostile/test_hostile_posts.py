"""Hostile and nonsense input to every form: never a server error, never a partial save.

Hypothesis sends each form many generated submissions: HOSTILE_EXAMPLES of them, 100 in an
ordinary run, 50 in CI (which has to stay under 20 minutes) and 1,000 with `make hostile`. They hold random text in every
script, control characters, very long strings, numbers in odd notations, markup and script
payloads, and values for fields that do not exist.
"""

import os

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lpsa.models import Comment
from priorities.models import Framework, Indicator, Priority, Target, TargetArea
from tests.factories import make_tree

EXAMPLES = int(os.getenv("HOSTILE_EXAMPLES", "100"))
PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "'; DROP TABLE priorities_priority; --",
    "\x00",
    "1e999999",
    "NaN",
    "-Infinity",
    "９９",
    "12,5",
    " ",
    "2007/08",
    "9" * 40,
    "x" * 100_001,
]
values = st.one_of(
    st.text(max_size=300),
    st.sampled_from(PAYLOADS),
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.just(""),
)

# Each form: URL name, how to find its argument, and the fields it takes.
FORMS = {
    "priority_create": (
        "priorities:priority_create",
        "slug",
        [
            "title",
            "outcome",
            "evidence",
            "leading_group",
            "affects_accessibility",
            "target_groups",
            "geography",
            "version",
        ],
    ),
    "priority_edit": ("priorities:priority_edit", "priority", ["title", "outcome", "evidence", "version"]),
    "area_create": ("priorities:area_create", "priority", ["title", "description", "version"]),
    "activity_create": (
        "priorities:activity_create",
        "priority",
        ["title", "target_area", "explorer_partnership", "department", "version"],
    ),
    "indicator_create": (
        "priorities:indicator_create",
        "area",
        [
            "title",
            "definition",
            "unit",
            "direction",
            "measures",
            "data_source",
            "baseline_year",
            "baseline_value",
            "status",
            "version",
        ],
    ),
    "target_create": (
        "priorities:target_create",
        "indicator",
        [
            "title",
            "period",
            "without_lpsa",
            "with_lpsa",
            "interim_period",
            "interim_without_lpsa",
            "interim_with_lpsa",
            "version",
        ],
    ),
    "target_edit": (
        "priorities:target_edit",
        "target",
        ["period", "without_lpsa", "with_lpsa", "reward_share", "change_reason", "version"],
    ),
    "framework_edit": (
        "priorities:framework_edit",
        "slug",
        [
            "title",
            "stage_one_deadline",
            "stage_two_deadline",
            "base_year",
            "net_budget_requirement",
            "pump_priming_grant",
            "version",
            "stage",
        ],
    ),
    "involvement_create": (
        "priorities:involvement_create",
        "slug",
        ["organisation", "role", "status", "consulted_on", "answered_on", "answer", "notes", "version"],
    ),
    "pumppriming_create": ("priorities:pumppriming_create", "target", ["amount", "spend_on", "version"]),
    "freedom_create": (
        "priorities:freedom_create",
        "target",
        ["request", "kind", "department", "status", "review_date", "version"],
    ),
    "comment_create": ("lpsa:comment_create", "comment_subject", ["text", "next"]),
    "move": ("lpsa:move", "move", ["reason", "declaration"]),
    "sign_in": ("login", None, ["username", "password", "next"]),
}


@pytest.fixture
def world(framework, group):
    make_tree(framework, group=group)
    framework.pump_priming_grant = 1_000_000
    framework.save()
    return {
        "slug": [framework.slug],
        "priority": [Priority.objects.get().pk],
        "area": [TargetArea.objects.get().pk],
        "indicator": [Indicator.objects.get().pk],
        "target": [Target.objects.first().pk],
        "comment_subject": ["indicator", Indicator.objects.get().pk],
        "move": [framework.slug, "start_consultation"],
    }


def submissions(fields):
    known = st.fixed_dictionaries({name: values for name in fields})
    extra = st.dictionaries(st.text(min_size=1, max_size=20), values, max_size=3)
    return st.tuples(known, extra).map(lambda pair: {**pair[1], **pair[0]})


@pytest.mark.parametrize("form", FORMS, ids=list(FORMS))
def test_no_form_gives_a_server_error_whatever_is_posted(form, cast, world):
    name, argument, fields = FORMS[form]
    url = reverse(name, args=world[argument] if argument else [])
    client = Client()
    if form != "sign_in":
        client.force_login(cast["officer"].user, backend="django.contrib.auth.backends.ModelBackend")
    framework_title = Framework.objects.get().title

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(data=submissions(fields))
    def post(data):
        response = client.post(url, data)
        assert response.status_code in {200, 302, 400, 403, 404, 409, 429}, (response.status_code, data)

    post()
    # Whatever went through went through whole: every row still passes its own rules.
    for model in (Priority, TargetArea, Indicator, Target):
        for item in model.objects.all():
            item.full_clean()
    assert Framework.objects.get().stage == "one_drafting" or form == "move"
    assert Comment.objects.filter(text="").count() == 0
    assert Framework.objects.get().title == framework_title or form == "framework_edit"
