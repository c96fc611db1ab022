"""The admin edits items through the same model rules as the pages and the import."""

from decimal import Decimal

import pytest
from django.urls import reverse

from priorities.models import Indicator, PumpPriming, Stage, Target
from tests.factories import add


@pytest.fixture
def seen_target(framework, tree):
    framework.stage = Stage.TWO_SUBMITTED
    framework.save(update_fields=["stage"])
    return Target.objects.get()


def target_change(superuser_client, target, **changes):
    data = {
        "indicator": target.indicator_id,
        "title": target.title,
        "period": target.period,
        "without_lpsa": "51",
        "with_lpsa": "55",
        "interim_period": "",
        "interim_without_lpsa": "",
        "interim_with_lpsa": "",
        "agreement_target": target.agreement_target_id or "",
        "weight": "",
        "baseline_year": "",
        "baseline_value": "",
        "change_reason": "",
    }
    data.update(changes)
    return superuser_client.post(reverse("admin:priorities_target_change", args=[target.pk]), data)


def test_the_admin_asks_for_a_reason_when_figures_change_after_government_saw_them(superuser_client, seen_target):
    response = target_change(superuser_client, seen_target, with_lpsa="58")
    assert response.status_code == 200
    assert "Say why the figures are changing. Government has seen them." in response.content.decode()
    seen_target.refresh_from_db()
    assert seen_target.with_lpsa == Decimal("55")


def test_the_admin_keeps_the_reason_with_the_change(superuser_client, seen_target):
    response = target_change(superuser_client, seen_target, with_lpsa="58", change_reason="Corrected a typing error.")
    assert response.status_code == 302
    seen_target.refresh_from_db()
    assert seen_target.with_lpsa == Decimal("58")
    assert seen_target.history.latest().history_change_reason == "Corrected a typing error."


def test_a_figure_changed_in_the_admin_makes_an_agreed_target_proposed(superuser_client, agreed_target):
    response = target_change(superuser_client, agreed_target, with_lpsa="58", change_reason="Corrected.")
    assert response.status_code == 302
    agreed_target.refresh_from_db()
    assert agreed_target.status == Indicator.Status.PROPOSED
    assert Indicator.objects.get().status == Indicator.Status.PROPOSED


def framework_change(superuser_client, framework, **changes):
    """Post the admin's change form for the framework as it stands, with the given changes."""
    url = reverse("admin:priorities_framework_change", args=[framework.pk])
    form = superuser_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {name: "" if value is None else value for name, value in data.items()}
    data.update(changes)
    return superuser_client.post(url, data)


def test_the_admin_refuses_a_stated_reward_far_from_the_computed_one(superuser_client, framework):
    response = framework_change(
        superuser_client, framework, net_budget_requirement="132993000", stated_reward="3400000"
    )
    assert response.status_code == 200
    assert "is more than 1% away from the computed £3,324,825" in response.content.decode()
    framework.refresh_from_db()
    assert framework.stated_reward is None


def test_the_admin_cannot_lower_the_grant_below_what_is_allocated(superuser_client, framework, tree):
    framework.pump_priming_grant = 1000
    framework.save()
    add(PumpPriming, target=Target.objects.get(), amount=800, spend_on="Staff", kind="revenue")
    response = framework_change(superuser_client, framework, pump_priming_grant="500")
    assert response.status_code == 200
    assert "£800 of the pump-priming grant is already allocated." in response.content.decode()
    framework.refresh_from_db()
    assert framework.pump_priming_grant == 1000


def test_a_numbered_target_added_in_the_admin_is_numbered_after_the_others(superuser_client, framework, tree):
    from priorities.models import AgreementTarget

    response = superuser_client.post(
        reverse("admin:priorities_agreementtarget_add"),
        {"framework": framework.pk, "priority": tree.pk, "title": "Added in the admin", "lead_department": ""},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    added = AgreementTarget.objects.get(title="Added in the admin")
    assert added.number == AgreementTarget.objects.count()
    assert str(added) == f"Target {added.number}: Added in the admin"
