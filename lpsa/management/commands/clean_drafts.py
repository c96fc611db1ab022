from django.conf import settings
from django.core.management.base import BaseCommand

from lpsa.services import draft_pdfs_clean


class Command(BaseCommand):
    help = (
        "Delete the draft PDFs asked for more than DRAFT_PDF_KEEP_HOURS ago (a day unless set), "
        "with their files. Run it daily; each new request also deletes its asker's old drafts."
    )

    def handle(self, *args, **options):
        deleted = draft_pdfs_clean()
        hours = settings.DRAFT_PDF_KEEP_HOURS
        self.stdout.write(f"Deleted {deleted:,} draft PDF{'' if deleted == 1 else 's'} older than {hours} hours.")
