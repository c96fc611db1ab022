from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lpsa.backup import BackupFailed, backup


class Command(BaseCommand):
    help = "Back up every row of the database and every stored PDF into one zip file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="The zip file to write, such as lpsa-2004-11-30.zip.")

    def handle(self, *args, output, **options):
        try:
            held = backup(Path(output))
        except BackupFailed as failed:
            raise CommandError(str(failed)) from failed
        self.stdout.write(f"Backed up {held['rows']:,} rows and {held['files']:,} stored files to {output}.")
        if held["waiting_for_pdf"]:
            self.stdout.write(
                f"{held['waiting_for_pdf']} approved submission(s) had no PDF yet: restoring this backup renders them."
            )
