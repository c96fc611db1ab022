"""Government's reviewer follows every link of the delivery pages it reads and reaches a page:
nothing it is shown leads to a council's draft (a 404 for it)."""

import re

import pytest
from django.urls import reverse

from priorities.models import Stage
from tests.delivery.conftest import put_at

HREF = re.compile(r'href="(/[^"#]*)')


@pytest.mark.parametrize("stage", [Stage.IN_DELIVERY, Stage.CLAIMING])
def test_every_link_a_reviewer_is_shown_in_delivery_leads_somewhere_it_may_go(stage, delivery_world, cast, login):
    w = delivery_world
    put_at(w["framework"], stage)
    client = login(cast["reviewer"])
    slug = w["framework"].slug
    pages = [
        reverse("delivery:index"),
        reverse("delivery:overview", args=[slug]),
        reverse("delivery:line", args=[w["line"].pk]),
        reverse("delivery:money", args=[slug]),
        reverse("delivery:claims", args=[slug]),
        reverse("delivery:claim", args=[slug, "interim"]),
        reverse("delivery:report", args=[slug]),
    ]
    dead = []
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        for link in set(HREF.findall(response.content.decode())):
            if link.startswith(("/static/", "/sign-out/")):
                continue
            status = client.get(link).status_code
            if status >= 400:
                dead.append(f"{page} links to {link}: {status}")
    assert dead == []
