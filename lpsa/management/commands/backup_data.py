from pathlib import Path

from django.core.management.base import BaseCommand

from lpsa.backup import backup


class Command(BaseCommand):
    help = "Back up every row of the database and every stored PDF into one zip file."

    def add_arguments(self, parser):
        parser.add_argument("output", help="The zip file to write, such as lpsa-2004-11-30.zip.")

    def handle(self, *args, output, **options):
        held = backup(Path(output))
        self.stdout.write(f"Backed up {held['rows']:,} rows and {held['files']:,} stored files to {output}.")
