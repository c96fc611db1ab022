"""Each kind of item declares what it hangs under consistently with its model."""

import pytest

from priorities.kinds import KINDS
from priorities.models import Framework


@pytest.mark.parametrize("name", sorted(KINDS))
def test_a_kind_hangs_under_a_known_kind_through_a_field_of_its_model(name):
    kind = KINDS[name]
    if kind.parent is None:
        assert kind.model._meta.get_field("framework").related_model is Framework
    else:
        assert kind.model._meta.get_field(kind.link).related_model is KINDS[kind.parent].model
    assert kind.form._meta.model is kind.model
