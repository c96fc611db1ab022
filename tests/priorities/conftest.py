"""Fixtures of the priorities tests; the shared cast is in tests/conftest.py."""

import pytest

from lpsa.models import NegotiationEntry
from lpsa.services import negotiation_accept, negotiation_offer
from priorities.models import Indicator, Stage, Target


@pytest.fixture
def superuser_client(client, django_user_model):
    """The Django superuser in the admin (the cast's "admin" is a council administrator)."""
    superuser = django_user_model.objects.create_superuser("superuser", "superuser@example.org", "x")
    client.force_login(superuser, backend="django.contrib.auth.backends.ModelBackend")
    return client


@pytest.fixture
def agreed_target(framework, tree, cast) -> Target:
    """The framework in negotiation, with its one target agreed at 51 without and 56 with LPSA2."""
    framework.stage = Stage.TWO_NEGOTIATION
    framework.save(update_fields=["stage"])
    target = Target.objects.get()
    offer = negotiation_offer(
        target=target, user=cast["reviewer"].user, side=NegotiationEntry.Side.GOVERNMENT, without_lpsa=51, with_lpsa=56
    )
    negotiation_accept(entry=offer, user=cast["officer"].user, side=NegotiationEntry.Side.COUNCIL)
    target.refresh_from_db()
    assert (target.status, target.indicator.status) == (Indicator.Status.AGREED, Indicator.Status.AGREED)
    return target
