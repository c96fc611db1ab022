"""The submission document: one template for the browser preview and the PDF."""

import gc
import json
import logging
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import weasyprint
from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from lpsa import render_child
from partners.permissions import person_of
from priorities.charts import chart_description, target_chart_data_uri
from priorities.period import AgreementPeriod
from priorities.reward import potential_reward, shares, target_share

# The document's own address while WeasyPrint lays it out. Only its static files resolve.
BASE_URL = "https://lpsa.invalid/"
STATIC_PREFIX = BASE_URL + "static/"

logger = logging.getLogger(__name__)


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
        if url.startswith("data:image/svg+xml;base64,"):
            # The charts, drawn on the server and embedded in the document.
            return super().fetch(url, headers)
        if url.startswith(STATIC_PREFIX):
            path = finders.find(url.removeprefix(STATIC_PREFIX))
            if path:
                return super().fetch(f"file://{path}", headers)
        raise ValueError(f"The submission may only use the site's own static files, not {url}")


def approval_of(submission) -> Approval:
    """The approval block of a submission's document: who approved it, as what, and when."""
    approver = submission.approved_by
    person = person_of(approver)
    return Approval(
        name=approver.get_full_name() or approver.username,
        job_title=person.job_title if person else "",
        at=submission.approved_at,
    )


def _number(value) -> Decimal | None:
    return None if value in (None, "") else Decimal(value)


def agreement_parties(snapshot: dict) -> list[str]:
    """The partners who sign up to the agreement with the council: those taking part.

    The snapshot holds each involvement's role and status as displayed; the accountable
    body is the council itself, named apart.
    """
    return [
        partner["organisation"]
        for partner in snapshot.get("partners", [])
        if partner["status"] == "Involved" and partner["role"] != "Accountable body"
    ]


def _as_objects(indicator: dict, target: dict) -> tuple[SimpleNamespace, SimpleNamespace]:
    """Snapshot rows as the attribute-style objects the chart and reward code read.

    A line with a baseline of its own is charted from it rather than from its indicator's.
    """
    own = target.get("baseline_value") not in (None, "")
    ind = SimpleNamespace(
        title=indicator["title"],
        unit=indicator["unit"],
        baseline_year=target["baseline_year"] if own else indicator["baseline_year"],
        baseline_value=_number(target["baseline_value"] if own else indicator["baseline_value"]),
    )
    tgt = SimpleNamespace(
        pk=target["id"],
        weight=_number(target.get("weight")),
        period=target["period"],
        without_lpsa=_number(target["without_lpsa"]),
        with_lpsa=_number(target["with_lpsa"]),
        interim_period=target["interim_period"],
        interim_without_lpsa=_number(target["interim_without_lpsa"]),
        interim_with_lpsa=_number(target["interim_with_lpsa"]),
    )
    return ind, tgt


def numbered_targets(snapshot: dict) -> list[dict]:
    """The snapshot's numbered targets, each with the ids of its lines.

    A snapshot taken before numbered targets existed made every top-level target a unit of
    the reward, its sub-targets its lines: it is read that way, so its figures stay as sent.
    """
    if "agreement_targets" in snapshot:
        return snapshot["agreement_targets"]
    numbered = []
    for priority in snapshot["priorities"]:
        for area in priority["target_areas"]:
            for indicator in area["indicators"]:
                for target in indicator["targets"]:
                    if target.get("parent"):
                        continue
                    subs = [t["id"] for t in indicator["targets"] if t.get("parent") == target["id"]]
                    numbered.append(
                        {
                            "id": target["id"],
                            "number": len(numbered) + 1,
                            "title": indicator["title"] + (f": {target['title']}" if target["title"] else ""),
                            "priority_number": priority["number"],
                            "lead_partner": "",
                            "lead_department": "",
                            "lines": subs or [target["id"]],
                        }
                    )
    return numbered


def _period(framework: dict) -> AgreementPeriod | None:
    """The agreement's period from a snapshot, if it holds both dates (older ones hold neither)."""
    start, end = framework.get("agreement_start"), framework.get("agreement_end")
    if not start or not end:
        return None
    return AgreementPeriod(date.fromisoformat(start), date.fromisoformat(end))


def _line(priority: dict, indicator: dict, target: dict, share: Decimal | None = None) -> dict:
    """One line of Schedule 1 as the document shows it, with the baseline it is measured from:
    its own where it has one, else its indicator's."""
    own = target.get("baseline_value") not in (None, "")
    return {
        "label": indicator["title"] + (f": {target['title']}" if target["title"] else ""),
        "priority": priority,
        "indicator": indicator,
        "target": target,
        "share": share,
        "own_baseline": own,
        "baseline_value": target["baseline_value"] if own else indicator["baseline_value"],
        "baseline_year": (target.get("baseline_year") or "") if own else indicator["baseline_year"],
    }


def submission_context(
    snapshot: dict, *, stage: str, version: int | None, approval: Approval | None, for_pdf: bool
) -> dict:
    framework = snapshot["framework"]
    priorities = snapshot["priorities"]
    rows = [
        (priority, indicator, target)
        for priority in priorities
        for area in priority["target_areas"]
        for indicator in area["indicators"]
        for target in indicator["targets"]
    ]
    by_id = {row[2]["id"]: row for row in rows}
    objects = {row[2]["id"]: _as_objects(row[1], row[2]) for row in rows}
    reward = potential_reward(_number(framework.get("net_budget_requirement")))
    numbered = [dict(item, lines=[pk for pk in item["lines"] if pk in by_id]) for item in numbered_targets(snapshot)]
    share_of = shares({item["id"]: [objects[pk][1] for pk in item["lines"]] for item in numbered}, reward)
    share = target_share(reward, len(numbered))
    in_numbered = {pk for item in numbered for pk in item["lines"]}
    charts, freedoms, allocations = [], [], []
    priority_of = {priority["id"]: priority for priority in priorities}
    for item in numbered:
        item["share"] = share
        item["priority"] = priority_of.get(item.get("priority_id")) or next(
            (p for p in priorities if p["number"] == item.get("priority_number")), None
        )
        item["rows"] = [_line(*by_id[pk], share=share_of.get(pk)) for pk in item["lines"]]
        for position, line in enumerate(item["rows"], start=1):
            line["number"] = f"{item['number']}.{position}"
            ind, tgt = objects[line["target"]["id"]]
            # A line weighted 0 is shown for information but not scored, so it has no chart.
            if stage == "two" and tgt.weight != 0 and tgt.with_lpsa is not None:
                charts.append(
                    {
                        "number": len(charts) + 1,
                        "label": line["label"],
                        "line": line["number"],
                        "unit": line["indicator"]["unit"],
                        "priority": line["priority"]["number"],
                        "src": target_chart_data_uri(tgt, ind),
                        "alt": chart_description(tgt, ind),
                    }
                )
    for _priority, indicator, target in rows:
        label = indicator["title"] + (f": {target['title']}" if target["title"] else "")
        freedoms += [{"label": label, **freedom} for freedom in target.get("freedoms", [])]
        allocations += [{"label": label, **allocation} for allocation in target.get("pump_priming", [])]
    # Lines for the agreement as a whole (snapshots before them have none) come after the targets'.
    allocations += [{"label": a["purpose"], "untied": True, **a} for a in snapshot.get("pump_priming", [])]
    grant = _number(framework.get("pump_priming_grant"))
    allocated = sum((Decimal(a["amount"]) for a in allocations), Decimal(0))
    capital = sum((Decimal(a["amount"]) for a in allocations if a.get("kind") == "Capital"), Decimal(0))
    revenue = sum((Decimal(a["amount"]) for a in allocations if a.get("kind") == "Revenue"), Decimal(0))
    stage_name = "Stage One: the framework" if stage == "one" else "Stage Two: indicators and targets"
    return {
        "snapshot": snapshot,
        "framework": framework,
        # The councils that sign, lead first; a snapshot from before co-signatories names its council only.
        "signatories": framework.get("signatories") or [framework["council"]],
        "priorities": priorities,
        "numbered": numbered,
        "unassigned": [by_id[row[2]["id"]] for row in rows if row[2]["id"] not in in_numbered],
        "unassigned_lines": [_line(*row) for row in rows if row[2]["id"] not in in_numbered],
        "rows": rows,
        "stage": stage,
        "stage_name": stage_name,
        "version": version,
        "approval": approval,
        "draft": approval is None,
        "reward": reward,
        "share": share,
        "charts": charts,
        "freedoms": freedoms,
        "allocations": allocations,
        "grant": grant,
        "allocated": allocated,
        "unallocated": (grant - allocated) if grant is not None else None,
        "capital": capital,
        "revenue": revenue,
        "stated_reward": _number(framework.get("stated_reward")),
        "period": _period(framework),
        "parties": agreement_parties(snapshot),
        "for_pdf": for_pdf,
        "static_prefix": STATIC_PREFIX if for_pdf else "/static/",
        "document_title": f"{framework['council']}: Local Public Service Agreement, second generation. {stage_name}",
    }


def render_submission_html(snapshot: dict, **kwargs) -> str:
    return render_to_string("lpsa/submission.html", submission_context(snapshot, **kwargs))


class RenderFailed(Exception):
    """WeasyPrint reported an error (a chart it could not draw): the PDF would be incomplete."""


class _Errors(logging.Handler):
    def __init__(self):
        super().__init__(level=logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_submission_pdf(snapshot: dict, **kwargs) -> bytes:
    """The PDF of a framework snapshot, tagged for screen readers (PDF/UA-1)."""
    return render_html_pdf(
        render_to_string("lpsa/submission.html", submission_context(snapshot, for_pdf=True, **kwargs))
    )


def render_html_pdf(html: str) -> bytes:
    """A document's HTML laid out as a tagged PDF (PDF/UA-1), reaching only the site's static files.

    WeasyPrint logs, rather than raises, when it cannot draw part of a page; a document
    missing a chart must never be stored as approved, so any such error fails the render.
    """
    fetcher = StaticOnlyFetcher(fail_on_errors=True)
    errors = _Errors()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(errors)
    # The layout makes many short-lived cyclic objects; collecting them mid-render costs
    # about a quarter of the time, and a render's memory is freed as soon as it ends.
    collecting = gc.isenabled()
    gc.disable()
    try:
        document = weasyprint.HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher)
        pdf = document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if collecting:
            gc.enable()
        logger.removeHandler(errors)
    if errors.messages:
        raise RenderFailed("; ".join(errors.messages))
    return pdf


class RenderStopped(RenderFailed):
    """The render went past its time or memory limit and was stopped; the message says which."""


def render_submission_pdf_in_child(
    snapshot: dict, *, stage: str, version: int | None, approval: Approval | None
) -> bytes:
    """``render_submission_pdf`` in a child process (see ``render_job_in_child``)."""
    if not settings.PDF_RENDER_IN_CHILD:
        return render_submission_pdf(snapshot, stage=stage, version=version, approval=approval)
    job = {
        "snapshot": snapshot,
        "stage": stage,
        "version": version,
        "approval": None
        if approval is None
        else {"name": approval.name, "job_title": approval.job_title, "at": approval.at.isoformat()},
    }
    return render_job_in_child(job)


def render_html_pdf_in_child(html: str) -> bytes:
    """``render_html_pdf`` in a child process, for a document whose HTML is made already."""
    if not settings.PDF_RENDER_IN_CHILD:
        return render_html_pdf(html)
    return render_job_in_child({"html": html})


def render_job_in_child(job: dict) -> bytes:
    """Render a job (``lpsa/render_child.py``) in a child process, stopped at PDF_RENDER_SECONDS or PDF_RENDER_MEMORY_MB.

    A layout cannot be interrupted inside a thread, and the memory a large one takes stays
    with the process that made it. A child process can be killed on the clock, has its
    address space capped by the kernel (``lpsa/render_child.py``), and gives all its memory
    back when it ends. It costs the start of a Python process (about a second) per render.
    """
    seconds, megabytes = settings.PDF_RENDER_SECONDS, settings.PDF_RENDER_MEMORY_MB
    try:
        done = subprocess.run(
            [sys.executable, "-m", "lpsa.render_child", str(seconds), str(megabytes)],
            input=json.dumps(job).encode(),
            capture_output=True,
            timeout=seconds,
            cwd=settings.BASE_DIR,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "lpsa.settings")},
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        # subprocess.run has killed the child already.
        raise RenderStopped(
            f"The document took longer than {seconds:,} second{'s' if seconds != 1 else ''} to render, so it was stopped."
        ) from expired
    if done.returncode == 0:
        return done.stdout
    said = done.stderr.decode(errors="replace").strip()
    if done.returncode == render_child.RENDER_FAILED:
        raise RenderFailed(said)
    logger.warning("The PDF renderer ended with exit status %s: %s", done.returncode, said[-2000:])
    if done.returncode == -signal.SIGXCPU:
        raise RenderStopped(
            f"The document took more than {seconds:,} seconds of processor time to render, so it was stopped."
        )
    # Running out of memory ends the child with a MemoryError, or by a library that could not allocate.
    raise RenderStopped(
        f"The document needed more than {megabytes:,} MB of memory to render, so it was stopped "
        f"(or the renderer failed: exit status {done.returncode})."
    )
