"""The data migration from sub-targets to numbered targets, forwards and back, on old-style rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("priorities", "0004_one_line_text")]
AFTER = [("priorities", "0007_lines_replace_sub_targets")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_rows(transactional_db):
    """A framework as it stood with sub-targets: one plain target, and one with two sub-targets."""
    apps = migrate(BEFORE)
    Organisation = apps.get_model("partners", "Organisation")
    Framework = apps.get_model("priorities", "Framework")
    Priority = apps.get_model("priorities", "Priority")
    TargetArea = apps.get_model("priorities", "TargetArea")
    Indicator = apps.get_model("priorities", "Indicator")
    Target = apps.get_model("priorities", "Target")
    council = Organisation.objects.create(name="Hampshire County Council", kind="county")
    framework = Framework.objects.create(
        council=council,
        title="Hampshire",
        slug="hampshire",
        stage_one_deadline=datetime.date(2004, 7, 31),
        stage_two_deadline=datetime.date(2004, 11, 30),
    )
    priority = Priority.objects.create(framework=framework, title="Skills", position=1)
    area = TargetArea.objects.create(priority=priority, title="Jobs", position=1)
    skills = Indicator.objects.create(target_area=area, title="Adults qualified", position=1)
    jobs = Indicator.objects.create(target_area=area, title="Employment rate", position=2)
    Target.objects.create(indicator=skills, period="2007/08", without_lpsa=1300, with_lpsa=1600, position=1)
    head = Target.objects.create(indicator=jobs, period="2007/08", without_lpsa=68, with_lpsa=71, position=1)
    Target.objects.create(
        indicator=jobs, parent=head, title="Women returners", period="2007/08", reward_share=70, position=1
    )
    Target.objects.create(
        indicator=jobs, parent=head, title="Older people", period="2007/08", reward_share=30, position=2
    )
    yield
    # Leave every app at its latest migration for the tests that follow.
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_top_level_targets_become_numbered_targets_and_sub_targets_weighted_lines_and_back(old_rows):
    apps = migrate(AFTER)
    AgreementTarget = apps.get_model("priorities", "AgreementTarget")
    numbered = list(AgreementTarget.objects.order_by("position"))
    assert [(n.position, n.title) for n in numbered] == [(1, "Adults qualified"), (2, "Employment rate")]
    lines = [
        (line.title, line.weight, line.without_lpsa, line.position) for line in numbered[1].lines.order_by("position")
    ]
    # The old parent keeps its figures as a line shown for information; the sub-targets keep their shares.
    assert lines == [
        ("Overall", Decimal("0.00"), Decimal("68.000"), 1),
        ("Women returners", Decimal("70.00"), None, 2),
        ("Older people", Decimal("30.00"), None, 3),
    ]
    assert numbered[0].lines.get().weight is None

    # Going back makes the lines sub-targets again (one test: each migration run costs seconds).
    apps = migrate(BEFORE)
    Target = apps.get_model("priorities", "Target")
    head = Target.objects.get(title="Overall")
    assert head.parent_id is None
    subs = {t.title: t.reward_share for t in Target.objects.filter(parent=head)}
    assert subs == {"Women returners": Decimal("70.00"), "Older people": Decimal("30.00")}
    assert Target.objects.get(indicator__title="Adults qualified").parent_id is None
