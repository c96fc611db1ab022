"""Pump-priming allocations saved at the same moment cannot together exceed the grant.

The grant is checked again when an allocation is saved, with the framework's row locked,
so of two allocations saved at once the second waits for the first and then counts it.
"""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.urls import reverse

from priorities.models import PumpPriming, Target
from tests.factories import add, make_tree


@pytest.fixture
def grant(framework, tree):
    framework.pump_priming_grant = Decimal("1000000")
    framework.save()
    return Target.objects.get()


def test_an_allocation_checked_before_another_was_saved_is_refused_when_saved(grant):
    first = PumpPriming(target=grant, amount=Decimal("600000"), spend_on="Youth workers", kind="revenue")
    second = PumpPriming(target=grant, amount=Decimal("600000"), spend_on="Street lighting", kind="capital")
    first.full_clean()
    second.full_clean()  # each was within the grant when it was checked

    first.save_checked(expected_version=None)
    with pytest.raises(ValidationError) as refused:
        second.save_checked(expected_version=None)

    assert refused.value.message_dict["amount"] == [
        "Only £400,000 of the £1,000,000 grant is left to allocate. Enter £400,000 or less."
    ]
    assert list(PumpPriming.objects.values_list("spend_on", flat=True)) == ["Youth workers"]


def test_an_allocation_saved_by_someone_else_during_the_check_is_counted(login, cast, grant, monkeypatch):
    real_clean = PumpPriming.clean

    def clean_then_someone_else_allocates(allocation):
        real_clean(allocation)
        if not PumpPriming.objects.exists():
            add(PumpPriming, target=grant, amount=Decimal("600000"), spend_on="Street lighting", kind="capital")

    monkeypatch.setattr(PumpPriming, "clean", clean_then_someone_else_allocates)
    response = login(cast["officer"]).post(
        reverse("priorities:pumppriming_create", args=[grant.pk]),
        {"amount": "600000", "spend_on": "Youth workers", "kind": "revenue", "version": ""},
    )

    assert response.status_code == 200
    assert "Only £400,000 of the £1,000,000 grant is left to allocate." in response.content.decode()
    assert list(PumpPriming.objects.values_list("spend_on", flat=True)) == ["Street lighting"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database cannot take writers from several threads; CI runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_two_allocations_saved_at_once_stay_within_the_grant(framework, group):
    make_tree(framework, group=group)
    framework.pump_priming_grant = Decimal("1000000")
    framework.save()
    target = Target.objects.get()
    barrier = threading.Barrier(2)
    outcomes: dict[str, str] = {}

    def allocate(spend_on: str) -> None:
        try:
            allocation = PumpPriming(
                target=Target.objects.get(pk=target.pk), amount=Decimal(600000), spend_on=spend_on, kind="revenue"
            )
            allocation.full_clean()
            barrier.wait()  # both have checked the grant before either saves
            with transaction.atomic():
                allocation.save_checked(expected_version=None)
            outcomes[spend_on] = "saved"
        except ValidationError:
            outcomes[spend_on] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=allocate, args=(name,)) for name in ("Youth workers", "Street lighting")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes.values()) == ["refused", "saved"], outcomes
    assert PumpPriming.objects.get().amount == Decimal("600000")
