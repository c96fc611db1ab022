"""Markup and script typed into any text field comes back as text: on every page and in the PDF."""

import io
from decimal import Decimal

from django.urls import reverse
from pypdf import PdfReader

from lpsa.models import Comment
from lpsa.pdf import render_submission_pdf
from lpsa.snapshot import framework_snapshot
from partners.models import WorkingGroup
from priorities.models import (
    AgreementTarget,
    Freedom,
    Indicator,
    IndicatorActivity,
    Priority,
    PumpPriming,
    Target,
    TargetArea,
)
from tests.factories import add

PAYLOAD = '<script>alert("x")</script><b>bold</b>'
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;b&gt;bold&lt;/b&gt;"


def test_every_text_field_is_escaped_on_pages_and_shown_as_text_in_the_pdf(login, cast, framework, hampshire):
    group = WorkingGroup.objects.create(
        council=hampshire, name=f"Group {PAYLOAD}", lead_organisation=hampshire, subject=PAYLOAD
    )
    priority = add(
        Priority,
        framework=framework,
        title=f"P {PAYLOAD}",
        outcome=PAYLOAD,
        evidence=PAYLOAD,
        community_strategy_theme=PAYLOAD,
        target_groups=PAYLOAD,
        geography=PAYLOAD,
        leading_group=group,
    )
    area = add(TargetArea, priority=priority, title=f"A {PAYLOAD}", description=PAYLOAD)
    add(IndicatorActivity, priority=priority, title=f"Act {PAYLOAD}", department=PAYLOAD)
    indicator = add(
        Indicator,
        target_area=area,
        title=f"I {PAYLOAD}",
        definition=PAYLOAD,
        unit="%",
        data_source=PAYLOAD,
        data_collection_issues=PAYLOAD,
        geography=PAYLOAD,
        target_group=PAYLOAD,
        baseline_year="2003/04",
        baseline_value=Decimal("5"),
    )
    numbered = add(
        AgreementTarget, framework=framework, priority=priority, title=f"N {PAYLOAD}", lead_department=PAYLOAD
    )
    target = add(
        Target,
        indicator=indicator,
        agreement_target=numbered,
        title=f"T {PAYLOAD}",
        period="2007/08",
        without_lpsa=5,
        with_lpsa=6,
    )
    framework.pump_priming_grant = 1000
    framework.net_budget_requirement = 1_000_000
    framework.pump_priming_conditions = PAYLOAD
    framework.save()
    PumpPriming.objects.create(framework=framework, target=target, amount=10, spend_on=PAYLOAD, kind="capital")
    PumpPriming.objects.create(framework=framework, purpose=PAYLOAD, amount=10, spend_on=PAYLOAD, kind="revenue")
    Freedom.objects.create(target=target, request=PAYLOAD, kind=Freedom.Kind.STATUTORY, department=PAYLOAD)
    Comment.objects.create(framework=framework, indicator=indicator, author=cast["wglead"].user, text=PAYLOAD)

    client = login(cast["officer"])
    assert "<script>alert" not in client.get(reverse("priorities:dashboard")).content.decode()
    pages = [
        framework.get_absolute_url(),
        reverse("priorities:priority", args=[priority.pk]),
        reverse("priorities:indicator", args=[indicator.pk]),
        reverse("priorities:target", args=[target.pk]),
        reverse("priorities:money", args=[framework.slug]),
        reverse("priorities:agreement_targets", args=[framework.slug]),
        reverse("priorities:agreementtarget_edit", args=[numbered.pk]),
        reverse("priorities:freedoms", args=[framework.slug]),
        reverse("priorities:calculator", args=[framework.slug]),
        reverse("priorities:target_edit", args=[target.pk]),
        reverse("priorities:indicator_edit", args=[indicator.pk]),
        reverse("partners:working_groups"),
        reverse("partners:working_group", args=[group.pk]),
        reverse("lpsa:preview", args=[framework.slug]) + "?stage=two",
        reverse("lpsa:history", args=["indicator", indicator.pk]),
        reverse("lpsa:comment_reply", args=[Comment.objects.get().pk]),
    ]
    for url in pages:
        page = client.get(url).content.decode()
        assert "<script>alert" not in page, url
        assert "<b>bold</b>" not in page, url
        assert ESCAPED in page or "&lt;script&gt;" in page, url

    pdf = render_submission_pdf(framework_snapshot(framework), stage="two", version=None, approval=None)
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    # In the PDF the payload is printed as the characters that were typed.
    assert 'alert("x")' in text
    assert "<b>bold</b>" in text or "<b>bold" in text
