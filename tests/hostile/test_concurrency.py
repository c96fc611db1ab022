"""Many people saving the same target at once: one wins, the rest are told, nothing is lost."""

import threading
from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from priorities.models import Target
from tests.factories import make_tree

EDITORS = 8


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="The in-memory SQLite test database cannot take writers from several threads; CI runs this on PostgreSQL.",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_conflicting_saves_lose_no_update(cast, framework, group):
    make_tree(framework, group=group)
    target = Target.objects.get()
    url = reverse("priorities:target_edit", args=[target.pk])
    clients = []
    for _ in range(EDITORS):
        client = Client()
        client.force_login(cast["officer"].user, backend="django.contrib.auth.backends.ModelBackend")
        clients.append(client)
    barrier = threading.Barrier(EDITORS)
    outcomes: dict[int, int] = {}

    def save(number: int, client: Client) -> None:
        data = {"period": "2007/08", "without_lpsa": "51", "with_lpsa": str(60 + number), "version": "1"}
        try:
            barrier.wait()
            outcomes[number] = client.post(url, data).status_code
        finally:
            connection.close()

    threads = [threading.Thread(target=save, args=(n, c)) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    winners = [n for n, status in outcomes.items() if status == 302]
    assert len(outcomes) == EDITORS
    assert len(winners) == 1, outcomes
    assert sorted(status for status in outcomes.values() if status != 302) == [409] * (EDITORS - 1)
    target.refresh_from_db()
    # The one save that went through is the one in the database; every other editor was
    # shown the conflict with their figures still in the form.
    assert target.with_lpsa == Decimal(60 + winners[0])
    assert target.version == 2
    assert target.history.count() == 2
