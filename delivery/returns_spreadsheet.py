"""Performance returns to and from spreadsheets (XLSX or CSV): one row per line and period.

An export has a row for every period each line's returns are due for, up to today, with
empty figures where nothing is returned yet, so the council can fill them in and import the
sheet back. Import follows the framework import's rules (``priorities.spreadsheet``, whose
file reading and safe writing it uses): every row is checked by the return's own rules
first, nothing is written unless every row is right, and the import is applied all at once
or not at all. Errors name the row and column.
"""

import csv
import datetime
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from openpyxl import Workbook

from delivery.models import PerformanceReturn
from delivery.periods import Period
from delivery.progress import periods_of
from priorities.agreement import framework_agreement
from priorities.models import EditConflict, Framework, Target
from priorities.spreadsheet import (
    MAX_BYTES,
    MAX_ROWS,
    Change,
    ImportConflict,
    Plan,
    RowError,
    SpreadsheetRefused,
    _cell,
    _csv_cell,
    _show,
    read_table,
)

__all__ = [
    "MAX_BYTES",
    "MAX_ROWS",
    "ImportConflict",
    "SpreadsheetRefused",
    "apply_import",
    "export_csv",
    "export_xlsx",
    "plan_import",
    "read_table",
]

# (column heading, what it holds); the first four say which line it is, for the reader.
COLUMNS = [
    ("Line ID", "line_id"),
    ("Numbered target", "numbered"),
    ("Indicator", "indicator"),
    ("Line label", "label"),
    ("Period", "period"),
    ("Actual value", "actual"),
    ("Estimate or final", "status"),
    ("Source", "source"),
    ("Date of the source", "source_date"),
    ("Note", "note"),
    ("Reason for change", "change_reason"),
]
HEADINGS = [heading for heading, _ in COLUMNS]
#: Columns an import needs; the others describe the line for whoever fills the sheet in.
NEEDED = ["Line ID", "Period", "Actual value", "Estimate or final", "Source", "Date of the source", "Note"]
LABELS = {name: heading for heading, name in COLUMNS}
WRITTEN = ["actual", "status", "source", "source_date", "note"]
STATUSES = {
    "estimate": PerformanceReturn.Status.ESTIMATE,
    "final": PerformanceReturn.Status.FINAL,
}
DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]00:00(?::00)?)?\Z")
IMPORTED = "Imported from a spreadsheet"


@dataclass
class ReturnsPlan(Plan):
    """An import's plan, with the rows it leaves alone counted."""

    unchanged: int = 0
    empty: int = 0

    @property
    def new(self) -> list[dict]:
        return [row for row in self.rows if row["pk"] is None]

    @property
    def changed(self) -> list[dict]:
        return [row for row in self.rows if row["pk"] is not None]


# --- export ------------------------------------------------------------------------------


def _agreement_lines(framework: Framework) -> list[tuple[int, Target]]:
    """The lines of the agreement's numbered targets, in order, with their target's number."""
    agreement = framework_agreement(framework)
    return [(numbered.item.number, line.target) for numbered in agreement.numbered for line in numbered.lines]


def export_rows(framework: Framework, returns) -> list[list]:
    """A row per line and period due up to today; ``returns`` are those the reader may see."""
    lines = _agreement_lines(framework)
    found = {(item.line_id, item.period): item for item in returns.filter(line_id__in=[line.pk for _, line in lines])}
    rows = []
    for number, line in lines:
        for period in periods_of(line, framework):
            item = found.get((line.pk, period.key))
            described = [line.pk, f"Target {number}", line.indicator.title, line.title, period.key]
            if item is None:
                rows.append([*described, "", "", "", "", "", ""])
                continue
            rows.append(
                [
                    *described,
                    _cell(item.actual),
                    item.get_status_display(),
                    item.source,
                    f"{item.source_date:%Y-%m-%d}" if item.source_date else "",
                    item.note,
                    "",  # the reason for a change, for whoever edits the file
                ]
            )
    return rows


def export_xlsx(framework: Framework, returns) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Performance returns"
    sheet.append(HEADINGS)
    for row in export_rows(framework, returns):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                cell.data_type = "s"
    for column, heading in zip(sheet.columns, HEADINGS, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(12, min(45, len(heading) + 4))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_csv(framework: Framework, returns) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows([_csv_cell(value) for value in row] for row in export_rows(framework, returns))
    return out.getvalue()


# --- planning an import ------------------------------------------------------------------


def plan_import(framework: Framework, table: list[list[str]], allowed: set[int] | None = None) -> ReturnsPlan:
    """Check every row and say what the import would change; write nothing.

    ``allowed``: the priorities whose lines' returns the importer may enter (None for all:
    ``permissions.return_priority_ids``).
    """
    plan = ReturnsPlan()
    if not table or not any(table[0]):
        plan.errors.append(RowError(1, "", "The file is empty. Start from an export of the returns."))
        return plan
    headings = [heading.strip().lower() for heading in table[0]]
    missing = [heading for heading in NEEDED if heading.lower() not in headings]
    if missing:
        plan.errors += [RowError(1, h, f"The column “{h}” is missing. Start from an export.") for h in missing]
        return plan
    index = {heading: headings.index(heading.lower()) for heading in HEADINGS if heading.lower() in headings}
    # The rules of a return look up its line's indicator, target area, priority and framework.
    lines = {
        line.pk: line
        for line in Target.objects.filter(indicator__target_area__priority__framework=framework).select_related(
            "indicator__target_area__priority__framework"
        )
    }
    in_agreement = {line.pk for _, line in _agreement_lines(framework)}
    existing = {(item.line_id, item.period): item for item in PerformanceReturn.objects.filter(line_id__in=list(lines))}
    seen: dict[tuple[int, str], int] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(cell.strip() for cell in cells):
            continue
        values = {
            name: (cells[index[heading]].strip() if heading in index and index[heading] < len(cells) else "")
            for heading, name in COLUMNS
        }
        _check_row(number, values, lines, in_agreement, existing, seen, allowed, plan)
    return plan


def _error(plan: Plan, number: int, name: str, message: str) -> None:
    plan.errors.append(RowError(number, LABELS.get(name, name), message))


def _check_row(number, values, lines, in_agreement, existing, seen, allowed, plan: ReturnsPlan) -> None:
    raw_id = values["line_id"]
    if not raw_id.isdigit() or int(raw_id) not in lines or int(raw_id) not in in_agreement:
        _error(plan, number, "line_id", "There is no line with this ID in the agreement. Keep the IDs of an export.")
        return
    line = lines[int(raw_id)]
    if allowed is not None and line.indicator.target_area.priority_id not in allowed:
        _error(plan, number, "line_id", "You can enter returns only for the lines of priorities your group leads.")
        return
    try:
        period = Period.from_key(values["period"])
    except ValueError as problem:
        _error(plan, number, "period", str(problem))
        return
    key = (line.pk, period.key)
    if key in seen:
        _error(plan, number, "period", f"Row {seen[key]} is for the same line and period. Give each one row only.")
        return
    seen[key] = number
    stored = existing.get(key)
    if not values["actual"]:
        if stored is None and not any(values[name] for name in ("status", "source", "source_date", "note")):
            plan.empty += 1  # a period with no figure yet, left for later
            return
        if stored is not None:
            _error(
                plan,
                number,
                "actual",
                "The actual value is empty. An import cannot take a return away: enter its figure.",
            )
            return
    parsed = _parse(number, values, plan)
    if parsed is None:
        return
    item = _copy(stored) if stored is not None else PerformanceReturn(line=line, period=period.key)
    item.line = line
    for name, value in parsed.items():
        setattr(item, name, value)
    if stored is None and not values["status"]:
        item.status = PerformanceReturn.Status.ESTIMATE
    item._change_reason = values["change_reason"]
    try:
        item.full_clean(exclude=["version"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                _error(plan, number, name, message)
        return
    if stored is None:
        plan.changes.append(Change(number, f"New return for {line.label}, {period.label}: {_show(item.actual)}."))
        plan.rows.append(_planned(number, line, period, item, None, values["change_reason"]))
        return
    changed = [name for name in WRITTEN if getattr(stored, name) != getattr(item, name)]
    if not changed:
        plan.unchanged += 1
        return
    described = "; ".join(f"{_word(name)} {_shown(stored, name)} → {_shown(item, name)}" for name in changed)
    plan.changes.append(Change(number, f"{line.label}, {period.label}: {described}."))
    plan.rows.append(_planned(number, line, period, item, stored, values["change_reason"]))


def _copy(stored: PerformanceReturn) -> PerformanceReturn:
    item = PerformanceReturn()
    for field in PerformanceReturn._meta.concrete_fields:
        setattr(item, field.attname, getattr(stored, field.attname))
    return item


def _parse(number: int, values: dict, plan: Plan) -> dict | None:
    parsed, ok = {}, True
    raw = values["actual"]
    if raw:
        try:
            actual = Decimal(raw.replace(",", ""))
            if not actual.is_finite():
                raise InvalidOperation
            PerformanceReturn._meta.get_field("actual").run_validators(actual)
        except InvalidOperation:
            _error(plan, number, "actual", f"“{raw}” is not a number. Enter a figure like 42 or 12.5.")
            ok = False
        except ValidationError as error:
            for message in error.messages:
                _error(plan, number, "actual", message)
            ok = False
        else:
            parsed["actual"] = actual
    else:
        parsed["actual"] = None
    status = values["status"].lower()
    if status:
        if status not in STATUSES:
            _error(plan, number, "status", "Enter “Estimate” or “Final”.")
            ok = False
        else:
            parsed["status"] = STATUSES[status]
    parsed["source"] = values["source"]
    raw = values["source_date"]
    if raw:
        match = DATE.match(raw)
        try:
            if match is None:
                raise ValueError
            parsed["source_date"] = datetime.date(*(int(part) for part in match.groups()))
        except ValueError:
            _error(
                plan, number, "source_date", f"“{raw}” is not a date. Write it as year, month and day, like 2006-05-31."
            )
            ok = False
    else:
        parsed["source_date"] = None
    parsed["note"] = values["note"]
    return parsed if ok else None


def _word(name: str) -> str:
    return {
        "actual": "actual value",
        "status": "estimate or final",
        "source": "source",
        "source_date": "date of the source",
        "note": "note",
    }[name]


def _shown(item: PerformanceReturn, name: str) -> str:
    if name == "status":
        return item.get_status_display()
    if name == "source_date":
        return f"{item.source_date:%Y-%m-%d}" if item.source_date else "(empty)"
    if name == "note":
        return f"“{item.note}”" if item.note else "(empty)"
    return _show(getattr(item, name))


def _planned(number: int, line: Target, period: Period, item: PerformanceReturn, stored, reason: str) -> dict:
    return {
        "row": number,
        "line_id": line.pk,
        "period": period.key,
        "period_end": period.last_day,
        "pk": stored.pk if stored else None,
        "version": stored.version if stored else None,
        "values": {name: getattr(item, name) for name in WRITTEN},
        "changed": [name for name in WRITTEN if stored is None or getattr(stored, name) != getattr(item, name)],
        "reason": reason,
    }


# --- applying it -------------------------------------------------------------------------


def apply_import(framework: Framework, rows: list[dict], user) -> int:
    """Write a checked plan. Everything or nothing: any change since the preview undoes it all."""
    try:
        return _apply(framework, rows, user)
    except IntegrityError as error:
        # Someone entered a return for the same line and period since the preview.
        raise ImportConflict("Someone entered one of these returns since the preview.") from error
    except EditConflict as error:
        raise ImportConflict("Someone changed one of these returns since the preview.") from error


@transaction.atomic
def _apply(framework: Framework, rows: list[dict], user) -> int:
    lines = {
        line.pk: line
        for line in Target.objects.filter(
            pk__in=[row["line_id"] for row in rows], indicator__target_area__priority__framework=framework
        ).select_related("indicator__target_area__priority__framework")
    }
    written = 0
    for row in rows:
        line = lines[row["line_id"]]
        if row["pk"] is None:
            item = PerformanceReturn(line=line, period=row["period"], period_end=row["period_end"], entered_by=user)
            for name, value in row["values"].items():
                setattr(item, name, value)
            item._change_reason = row["reason"] or IMPORTED
            item.save_checked(expected_version=None)
        else:
            item = PerformanceReturn.objects.select_for_update().get(pk=row["pk"], line=line)
            if item.version != row["version"] or item.period != row["period"]:
                raise ImportConflict(
                    f"Someone changed the return for {line.label}, {item.period_label} since the preview."
                )
            item.line = line
            for name in row["changed"]:
                setattr(item, name, row["values"][name])
            item._change_reason = row["reason"] or IMPORTED
            item.save_checked(expected_version=item.version, fields=row["changed"])
        written += 1
    return written
