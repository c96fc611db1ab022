"""The submission document: one template for the browser preview and the PDF."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

import weasyprint
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

# The document's own address while WeasyPrint lays it out. Only its static files resolve.
BASE_URL = "https://lpsa.invalid/"
STATIC_PREFIX = BASE_URL + "static/"


@dataclass
class Approval:
    """Who approved the document, shown in the approval block of the cover."""

    name: str
    job_title: str
    at: datetime


class StaticOnlyFetcher(weasyprint.URLFetcher):
    """Resolve the site's static files from disk and refuse everything else.

    A document must never reach out to the network while it is being rendered.
    """

    def fetch(self, url, headers=None):
        if url.startswith(STATIC_PREFIX):
            path = finders.find(url.removeprefix(STATIC_PREFIX))
            if path:
                return super().fetch(f"file://{path}", headers)
        raise ValueError(f"The submission may only use the site's own static files, not {url}")


def submission_context(
    snapshot: dict, *, stage: str, version: int | None, approval: Approval | None, for_pdf: bool
) -> dict:
    framework = snapshot["framework"]
    priorities = snapshot["priorities"]
    targets = [
        (priority, indicator, target)
        for priority in priorities
        for area in priority["target_areas"]
        for indicator in area["indicators"]
        for target in indicator["targets"]
        if not target["parent"]
    ]
    budget = framework.get("net_budget_requirement")
    reward = Decimal(budget) * Decimal("0.025") if budget else None
    share = (reward / len(targets)).quantize(Decimal("1")) if reward is not None and targets else None
    stage_name = "Stage One: the framework" if stage == "one" else "Stage Two: indicators and targets"
    return {
        "snapshot": snapshot,
        "framework": framework,
        "priorities": priorities,
        "targets": targets,
        "stage": stage,
        "stage_name": stage_name,
        "version": version,
        "approval": approval,
        "draft": approval is None,
        "reward": reward,
        "share": share,
        "for_pdf": for_pdf,
        "static_prefix": STATIC_PREFIX if for_pdf else "/static/",
        "document_title": f"{framework['council']}: Local Public Service Agreement, second generation. {stage_name}",
    }


def render_submission_html(snapshot: dict, **kwargs) -> str:
    return render_to_string("lpsa/submission.html", submission_context(snapshot, **kwargs))


def render_submission_pdf(snapshot: dict, **kwargs) -> bytes:
    """The PDF of a framework snapshot, tagged for screen readers (PDF/UA-1)."""
    html = render_to_string("lpsa/submission.html", submission_context(snapshot, for_pdf=True, **kwargs))
    fetcher = StaticOnlyFetcher(fail_on_errors=True)
    document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
    return document.write_pdf(pdf_variant="pdf/ua-1")
