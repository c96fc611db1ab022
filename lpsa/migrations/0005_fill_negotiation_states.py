"""Earlier negotiation rows become answered offers: an "agreed" row was government's offer,
accepted when it was recorded; every row before the last of a target was answered by the next."""

from django.db import migrations


def fill(apps, schema_editor):
    Entry = apps.get_model("lpsa", "NegotiationEntry")
    previous = {}
    for entry in Entry.objects.order_by("target_id", "recorded_at", "pk"):
        if entry.kind == "agreed":
            entry.kind = "government"
            entry.state = "accepted"
            entry.answered_by_id = entry.recorded_by_id
            entry.answered_at = entry.recorded_at
            entry.save(update_fields=["kind", "state", "answered_by", "answered_at"])
        before = previous.get(entry.target_id)
        if before is not None and before.state == "open":
            before.state = "revised" if before.kind == entry.kind else "countered"
            before.answered_at = entry.recorded_at
            before.save(update_fields=["state", "answered_at"])
        previous[entry.target_id] = entry


def unfill(apps, schema_editor):
    Entry = apps.get_model("lpsa", "NegotiationEntry")
    Entry.objects.filter(state="accepted").update(kind="agreed")


class Migration(migrations.Migration):
    dependencies = [("lpsa", "0004_trust_fields")]

    operations = [migrations.RunPython(fill, unfill)]
