"""The claim as a PDF a director of finance signs, from its frozen figures.

It uses lpsa's machinery (lpsa/pdf.py): nothing is fetched from the network, a failed part
of the layout fails the render, and the render runs in a child process bounded in time and
memory. The fonts are set on ``html`` in the stylesheet (page-margin boxes do not inherit
from body).
"""

from django.template.loader import render_to_string

from lpsa.pdf import render_html_pdf, render_html_pdf_in_child


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
    return render_html_pdf(render_claim_html(figures))


def render_claim_pdf_bounded(figures: dict) -> bytes:
    """``render_claim_pdf`` in a child process, stopped at PDF_RENDER_SECONDS or PDF_RENDER_MEMORY_MB."""
    return render_html_pdf_in_child(render_claim_html(figures))
