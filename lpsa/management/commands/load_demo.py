from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lpsa import demo


class Command(BaseCommand):
    help = (
        "Load Hampshire's July 2004 LPSA2 framework and one demo account per role. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo accounts share a published password, so load_demo only runs with DEBUG on.")
        rows = demo.load(password=settings.DEMO_PASSWORD)
        self.stdout.write("Demo data is loaded. Sign in at http://127.0.0.1:8000/ with one of these accounts:")
        self.stdout.write("")
        self.stdout.write(f"  {'username':<16}{'role':<22}organisation")
        for username, role, organisation in rows:
            self.stdout.write(f"  {username:<16}{role:<22}{organisation}")
        self.stdout.write("")
        self.stdout.write(f"  Password for every demo account: {settings.DEMO_PASSWORD}")
        self.stdout.write("  (development only; set DEMO_PASSWORD to change it)")
