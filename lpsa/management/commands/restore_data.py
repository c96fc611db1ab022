from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lpsa.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = (
        "Restore a backup made by backup_data: every row and every stored PDF, checking each "
        "approved PDF against its recorded hash. Refuses a database that already has frameworks "
        "unless --replace is given, which empties it first."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup", help="The zip file made by backup_data.")
        parser.add_argument("--replace", action="store_true", help="Empty this database first.")

    def handle(self, *args, backup, replace, **options):
        if not Path(backup).exists():
            raise CommandError(f"There is no file {backup}.")
        try:
            done = restore(Path(backup), replace=replace)
        except RestoreRefused as refused:
            raise CommandError(str(refused)) from refused
        self.stdout.write(
            f"Restored {done['frameworks']} frameworks, {done['submissions']} approved submissions "
            f"and {done['files']} stored files. Every approved PDF matches its hash."
        )
        if done["waiting_for_pdf"]:
            self.stdout.write(f"{done['waiting_for_pdf']} submission(s) without their PDF yet were queued to render.")
