"""Every page of the editor renders for an officer of the framework's council."""

import pytest
from django.urls import reverse

from priorities.models import Target


@pytest.mark.django_db
def test_every_page_renders_for_an_officer(login, cast, tree, framework):
    client = login(cast["officer"])
    area = tree.target_areas.get()
    indicator = area.indicators.get()
    target = indicator.targets.get()
    activity = tree.activities.get()
    urls = [
        reverse("priorities:dashboard"),
        reverse("priorities:framework", args=[framework.slug]),
        reverse("priorities:framework_edit", args=[framework.slug]),
        reverse("priorities:framework_partners", args=[framework.slug]),
        reverse("priorities:involvement_create", args=[framework.slug]),
        reverse("priorities:priority_create", args=[framework.slug]),
        reverse("priorities:priority", args=[tree.pk]),
        reverse("priorities:priority_edit", args=[tree.pk]),
        reverse("priorities:priority_delete", args=[tree.pk]),
        reverse("priorities:area_create", args=[tree.pk]),
        reverse("priorities:area_edit", args=[area.pk]),
        reverse("priorities:activity_create", args=[tree.pk]),
        reverse("priorities:activity_edit", args=[activity.pk]),
        reverse("priorities:indicator_create", args=[area.pk]),
        reverse("priorities:indicator", args=[indicator.pk]),
        reverse("priorities:indicator_edit", args=[indicator.pk]),
        reverse("priorities:target_create", args=[indicator.pk]),
        reverse("priorities:agreement_targets", args=[framework.slug]),
        reverse("priorities:agreementtarget_create", args=[framework.slug]),
        reverse("priorities:agreementtarget_edit", args=[target.agreement_target_id]),
        reverse("priorities:target_edit", args=[target.pk]),
        reverse("priorities:target_delete", args=[target.pk]),
        reverse("partners:organisations"),
        reverse("partners:working_groups"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
    assert Target.objects.count() == 1
