from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lpsa.pdf import render_submission_pdf
from lpsa.snapshot import framework_snapshot
from priorities.models import Framework


class Command(BaseCommand):
    help = (
        "Render a framework's submission document as a PDF, marked DRAFT, without a browser. "
        "For scripts and for checking the document."
    )

    def add_arguments(self, parser):
        parser.add_argument("framework", help="The framework's id or slug, such as hampshire.")
        parser.add_argument("output", help="Where to write the PDF.")
        parser.add_argument(
            "--stage",
            choices=["one", "two"],
            help="Stage One (the framework) or Stage Two (with targets). Defaults to the framework's own stage.",
        )

    def handle(self, *args, framework, output, stage, **options):
        lookup = {"pk": int(framework)} if framework.isdigit() else {"slug": framework}
        found = Framework.objects.select_related("council").filter(**lookup).first()
        if found is None:
            raise CommandError(f"There is no framework with the id or slug “{framework}”.")
        stage = stage or ("one" if found.in_stage_one else "two")
        pdf = render_submission_pdf(framework_snapshot(found), stage=stage, version=None, approval=None)
        Path(output).write_bytes(pdf)
        self.stdout.write(f"Wrote the Stage {stage.title()} draft of {found.title} to {output} ({len(pdf):,} bytes).")
