import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from lpsa.milestones import STAGE_DEADLINE_REMIND_DAYS, reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each framework's officers, and put in their inboxes, a reminder of each milestone the "
        "set number of days before it, and of each open stage deadline "
        f"{STAGE_DEADLINE_REMIND_DAYS} days before it. Run it daily; a reminder is never sent twice."
    )

    def add_arguments(self, parser):
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD), for testing.")

    def handle(self, *args, today=None, **options):
        if today:
            try:
                day = datetime.date.fromisoformat(today)
            except ValueError:
                raise CommandError(f"--today must be a date like 2004-07-31, not {today!r}.") from None
        else:
            day = timezone.localdate()
        sent = reminders_send(today=day)
        self.stdout.write(
            f"Queued {sent['milestones']} milestone reminder{'' if sent['milestones'] == 1 else 's'} and "
            f"{sent['deadlines']} stage deadline reminder{'' if sent['deadlines'] == 1 else 's'} for {day:%Y-%m-%d}."
        )
