"""The claim as a PDF a director of finance signs, from its frozen figures.

It uses lpsa's machinery: ``StaticOnlyFetcher`` (nothing is fetched from the network), the
fonts set on ``html`` in the stylesheet (page-margin boxes do not inherit from body), a
failed part of the layout failing the render, and a bounded render in a child process
(``python -m delivery.claim_pdf SECONDS MEGABYTES``, the figures as JSON on standard input).
"""

import gc
import json
import logging
import os
import resource
import subprocess
import sys

from django.conf import settings
from django.template.loader import render_to_string

from lpsa.pdf import BASE_URL, RenderFailed, RenderStopped, _Errors

RENDER_FAILED = 3


def claim_context(figures: dict) -> dict:
    kind = figures.get("kind", "final")
    name = "Final reward claim" if kind == "final" else "Interim claim (payment on account)"
    return {
        "figures": figures,
        "kind_name": name,
        "document_title": f"{figures.get('council', '')}: Local Public Service Agreement, second generation. {name}",
    }


def render_claim_html(figures: dict) -> str:
    return render_to_string("delivery/claims/claim_pdf.html", claim_context(figures))


def render_claim_pdf(figures: dict) -> bytes:
    """The PDF of a claim's figures, tagged for screen readers (PDF/UA-1)."""
    import weasyprint

    from lpsa.pdf import StaticOnlyFetcher

    html = render_claim_html(figures)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=StaticOnlyFetcher(fail_on_errors=True))
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if collecting:
            gc.enable()
        logger.removeHandler(errors)
    if errors.messages:
        raise RenderFailed("; ".join(errors.messages))
    return pdf


def render_claim_pdf_bounded(figures: dict) -> bytes:
    """``render_claim_pdf`` in a child process stopped at PDF_RENDER_SECONDS or PDF_RENDER_MEMORY_MB."""
    if not settings.PDF_RENDER_IN_CHILD:
        return render_claim_pdf(figures)
    seconds, megabytes = settings.PDF_RENDER_SECONDS, settings.PDF_RENDER_MEMORY_MB
    try:
        done = subprocess.run(
            [sys.executable, "-m", "delivery.claim_pdf", str(seconds), str(megabytes)],
            input=json.dumps(figures).encode(),
            capture_output=True,
            timeout=seconds,
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "lpsa.settings")},
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        raise RenderStopped(
            f"The claim took longer than {seconds:,} seconds to render, so it was stopped."
        ) from expired
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode(errors="replace").strip()
    if done.returncode == RENDER_FAILED:
        raise RenderFailed(said)
    raise RenderStopped(
        f"The claim needed more than {megabytes:,} MB of memory or {seconds:,} seconds to render, so it was stopped "
        f"(exit status {done.returncode})."
    )


def main(seconds: int, megabytes: int) -> int:
    memory = megabytes * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds + 5, seconds + 10))
    import django

    django.setup()
    try:
        pdf = render_claim_pdf(json.load(sys.stdin))
    except RenderFailed as failed:
        sys.stderr.write(str(failed))
        return RENDER_FAILED
    sys.stdout.buffer.write(pdf)
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lpsa.settings")
    sys.exit(main(int(sys.argv[1]), int(sys.argv[2])))
