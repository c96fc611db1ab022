"""Every change to what a framework's pages show gives the framework a new content version.

The cache of derived content (priorities/content.py) is keyed by that version, so a change
that did not bump it would leave pages showing content older than the last save.
"""

import datetime

import pytest
from django.apps import apps
from django.db import models, transaction

from lpsa.models import Comment, DepartmentSignOff, Milestone, NegotiationEntry, StageChange, Submission
from priorities import content
from priorities.models import Framework, Stage

# Rows no framework page derives anything from: work queues, reminders, people's own records
# and the history tables (which only the history pages read, uncached).
NOT_CONTENT = {
    "lpsa.DraftPdf",
    "lpsa.InboxItem",
    "lpsa.DeadlineReminder",
    "partners.Person",
    "partners.Invitation",
}
APPS = ("priorities", "lpsa", "delivery", "partners")
# Rows that cannot be deleted while the framework's other rows refer to them.
PROTECTED = {"lpsa.Submission", "partners.Organisation"}


def _leads_to_a_framework(model, seen=()) -> bool:
    if model is Framework:
        return True
    return any(
        field.many_to_one or field.one_to_one
        for field in model._meta.concrete_fields
        if field.is_relation
        and field.related_model is not model
        and field.related_model not in seen
        and field.related_model._meta.app_label in APPS
        and _leads_to_a_framework(field.related_model, (*seen, model))
    )


def test_every_model_that_belongs_to_a_framework_bumps_its_version():
    missing = [
        model._meta.label
        for app in APPS
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.startswith(f"{app}.Historical")
        and model._meta.label not in NOT_CONTENT
        and _leads_to_a_framework(model)
        and model._meta.label not in content.PATHS
    ]
    assert missing == [], "Register these in priorities/content.py (or say why they are not content)"


def _version(framework) -> int:
    return Framework.objects.values_list("content_version", flat=True).get(pk=framework.pk)


@pytest.fixture
def one_of_everything(delivery_world, cast):
    """delivery_world, with the workflow's records too."""
    framework = delivery_world["framework"]
    officer = cast["officer"].user
    line = delivery_world["line"]
    submission = Submission.objects.create(
        framework=framework, stage="two", version=1, approved_by=officer, snapshot={"framework": {}}
    )
    DepartmentSignOff.objects.create(
        submission=submission, agreement_target_id=line.agreement_target_id, signed_by=officer
    )
    NegotiationEntry.objects.create(target=line, kind="government", without_lpsa=51, with_lpsa=56, recorded_by=officer)
    Comment.objects.create(framework=framework, indicator=line.indicator, author=officer, text="Check this")
    StageChange.objects.create(
        framework=framework, action="x", from_stage=Stage.ONE_DRAFTING, to_stage=Stage.ONE_DRAFTING, by=officer
    )
    Milestone.objects.create(framework=framework, title="Board", due_on=datetime.date(2006, 1, 1))
    return framework


@pytest.mark.parametrize(
    "label",
    sorted(
        set(content.OWN_PATHS)
        | {
            "lpsa.StageChange",
            "lpsa.Comment",
            "lpsa.Submission",
            "lpsa.DepartmentSignOff",
            "lpsa.NegotiationEntry",
            "lpsa.Milestone",
            "delivery.TrajectoryPoint",
            "delivery.PerformanceReturn",
            "delivery.Evidence",
            "delivery.Spend",
            "delivery.FreedomProgress",
            "delivery.Claim",
            "delivery.Payment",
            "delivery.Verification",
            "delivery.PartnerShare",
        }
    ),
)
def test_saving_or_deleting_a_row_gives_its_framework_a_new_version(one_of_everything, label):
    framework = one_of_everything
    model = apps.get_model(label)
    assert label in content.PATHS
    rows = [row for row in model.objects.all() if framework.pk in _frameworks_of(row)]
    if label == "delivery.Payment" and not rows:
        from delivery.models import Claim, Payment

        claim = Claim.objects.get(framework=framework, kind=Claim.Kind.INTERIM)
        rows = [
            Payment.objects.create(
                claim=claim, what=Payment.What.ON_ACCOUNT, capital=0, revenue=1, paid_on=datetime.date(2007, 7, 1)
            )
        ]
    assert rows, f"the world has no {label} of the framework"
    row = rows[0]

    before = _version(framework)
    row.save()
    after_save = _version(framework)
    assert after_save != before

    if label == "priorities.Framework":
        return  # deleting it leaves no version to compare
    if label in PROTECTED:
        with pytest.raises(models.ProtectedError), transaction.atomic():
            model.objects.get(pk=row.pk).delete()
        return
    with transaction.atomic():
        model.objects.get(pk=row.pk).delete()
        assert _version(framework) != after_save
        transaction.set_rollback(True)


def _frameworks_of(row) -> set[int]:
    chosen = content.frameworks_of(row)
    if isinstance(chosen, set):
        return chosen
    return set(Framework.objects.filter(chosen).values_list("pk", flat=True)) if chosen is not None else set()


def test_renaming_a_partner_gives_every_framework_it_is_named_on_a_new_version(framework, district, portsmouth):
    framework.co_signatories.add(portsmouth)
    for organisation in (framework.council, district, portsmouth):
        before = _version(framework)
        organisation.name += " (renamed)"
        organisation.save()
        assert _version(framework) != before, organisation


def test_a_change_of_links_gives_a_new_version(framework, portsmouth):
    before = _version(framework)
    framework.co_signatories.add(portsmouth)
    assert _version(framework) != before


def test_a_change_to_one_framework_leaves_the_others_as_they_were(framework, tree, portsmouth):
    other = Framework.objects.create(
        council=portsmouth,
        title="Portsmouth",
        slug="portsmouth",
        stage_one_deadline=datetime.date(2005, 7, 31),
        stage_two_deadline=datetime.date(2005, 11, 30),
    )
    before = _version(other)
    indicator = tree.target_areas.first().indicators.first()
    indicator.title = "Changed"
    indicator.save()
    assert _version(other) == before


def test_a_version_is_never_used_twice_even_after_a_rollback(framework):
    seen = {_version(framework)}
    for _ in range(5):
        try:
            with transaction.atomic():
                framework.title += "!"
                framework.save()
                seen.add(_version(framework))
                raise RuntimeError("roll back")
        except RuntimeError:
            pass
        framework.refresh_from_db()
        framework.title += "?"
        framework.save()
        seen.add(_version(framework))
    assert len(seen) == 11


def test_a_cached_result_is_made_again_once_the_content_changes(framework):
    calls = []

    def compute():
        calls.append(1)
        return framework.title

    assert content.derived(framework, "test", compute) == framework.title
    assert content.derived(framework, "test", compute) == framework.title
    assert len(calls) == 1
    framework.title = "A new title"
    framework.save()
    assert content.derived(framework, "test", compute) == "A new title"
    assert len(calls) == 2
