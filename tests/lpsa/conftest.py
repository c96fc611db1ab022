import datetime

import pytest

from priorities.models import Involvement
from tests.factories import make_tree


@pytest.fixture
def ready(framework, group, district):
    """A framework that passes every readiness check of both stages."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.stage_one_deadline = datetime.date(2004, 7, 31)
    framework.save()
    return framework


@pytest.fixture
def at_stage(ready):
    """Put the framework at a stage directly, as the setting for one move."""

    def put(stage: str):
        ready.stage = stage
        ready.save(update_fields=["stage"])
        return ready

    return put
