# The delivery tests' world has one of every delivery record; these tests use it too.
from tests.delivery.conftest import agreement, delivery_world, lines  # noqa: F401
