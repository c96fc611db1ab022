"""A target agreed with government stays agreed only while its figures are the agreed ones.

Whatever changes its figures afterwards, other than the negotiation's agreement itself, puts
the target and its indicator back to proposed. The import and the admin are tested with
their other rules, in test_spreadsheets.py and test_admin_obeys_rules.py.
"""

import pytest
from django.urls import reverse

from priorities.models import Indicator, Target

PROPOSED, AGREED = Indicator.Status.PROPOSED, Indicator.Status.AGREED


def statuses(target: Target) -> tuple[str, str]:
    target.refresh_from_db()
    return target.status, Indicator.objects.get(pk=target.indicator_id).status


def target_data(target: Target, **changes) -> dict:
    data = {"title": "", "period": "2007/08", "without_lpsa": "51", "with_lpsa": "56", "version": str(target.version)}
    data.update(changes)
    return data


def test_a_figure_changed_on_the_target_page_makes_an_agreed_target_proposed(login, cast, agreed_target):
    url = reverse("priorities:target_edit", args=[agreed_target.pk])
    response = login(cast["officer"]).post(url, target_data(agreed_target, with_lpsa="58", change_reason="New data."))
    assert response.status_code == 302
    assert statuses(agreed_target) == (PROPOSED, PROPOSED)
    indicator = agreed_target.indicator
    indicator.refresh_from_db()
    assert indicator.history.latest().history_change_reason == "A target's figures changed after they were agreed."


@pytest.mark.parametrize(
    "change",
    [{"period": "2008/09"}, {"interim_period": "2005/06", "interim_without_lpsa": "51", "interim_with_lpsa": "53"}],
)
def test_a_changed_year_or_interim_level_also_undoes_the_agreement(login, cast, agreed_target, change):
    url = reverse("priorities:target_edit", args=[agreed_target.pk])
    response = login(cast["officer"]).post(url, target_data(agreed_target, change_reason="Moved.", **change))
    assert response.status_code == 302
    assert statuses(agreed_target) == (PROPOSED, PROPOSED)


def test_a_new_label_leaves_an_agreed_target_agreed(login, cast, agreed_target):
    url = reverse("priorities:target_edit", args=[agreed_target.pk])
    assert login(cast["officer"]).post(url, target_data(agreed_target, title="All residents")).status_code == 302
    assert statuses(agreed_target) == (AGREED, AGREED)
