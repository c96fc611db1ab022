"""Indicators and targets to and from spreadsheets (XLSX or CSV), in one column layout.

An export can be edited and imported back. Import is all-or-nothing: every row is checked
first, and nothing is written unless every row is right. Errors name the row and column.
"""

import csv
import io
import time
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Prefetch
from openpyxl import Workbook, load_workbook

from priorities.models import Framework, Indicator, Target, TargetArea

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2000
# A workbook is a zip of XML parts. A sheet of MAX_ROWS rows, every text at its longest,
# is under 3 MB; the parser's time grows with the square of its longest tag, so each part
# is capped near that, and the whole workbook at a few parts' worth.
MAX_PART_BYTES = 5 * 1024 * 1024
MAX_UNPACKED_BYTES = 12 * 1024 * 1024
READ_SECONDS = 8

# (column heading, attribute of the indicator or target, kind)
COLUMNS = [
    ("Indicator ID", "indicator_id", "id"),
    ("Target area", "area", "text"),
    ("Indicator", "title", "text"),
    ("Unit", "unit", "text"),
    ("Direction", "direction", "direction"),
    ("Baseline year", "baseline_year", "text"),
    ("Baseline value", "baseline_value", "number"),
    ("Target ID", "target_id", "id"),
    ("Target label", "target_title", "text"),
    ("Final year", "period", "text"),
    ("Without LPSA2", "without_lpsa", "number"),
    ("With LPSA2", "with_lpsa", "number"),
    ("Interim year", "interim_period", "text"),
    ("Interim without LPSA2", "interim_without_lpsa", "number"),
    ("Interim with LPSA2", "interim_with_lpsa", "number"),
    ("Reason for change", "change_reason", "text"),
    # At the end, so the columns of exports made before them keep their places.
    ("Numbered target", "numbered", "numbered"),
    ("Weight (%)", "weight", "number"),
]
HEADINGS = [heading for heading, _, _ in COLUMNS]
# Columns read from each row: ours, and room for a few a user adds. A sheet can claim
# 16,384 columns, and every row read is as wide as the widest one asked for.
MAX_COLUMNS = len(COLUMNS) + 10
# Exports made before a column was added still import while it is not needed.
OPTIONAL_HEADINGS = {"Reason for change", "Numbered target", "Weight (%)"}
# A line's place in the agreement: written only when the file has the column, so an older
# export leaves every line in the numbered target it is in.
PLACE_FIELDS = {"Numbered target": "agreement_target_id", "Weight (%)": "weight"}
INDICATOR_FIELDS = ["title", "unit", "direction", "baseline_year", "baseline_value"]
TARGET_FIELDS = ["period", "without_lpsa", "with_lpsa", "interim_period", "interim_without_lpsa", "interim_with_lpsa"]
# Each figure's model field: its limits are checked before any sum is done with the figure.
FIGURE_FIELDS = {
    name: (Indicator if name in INDICATOR_FIELDS else Target)._meta.get_field(name)
    for _, name, kind in COLUMNS
    if kind == "number"
}
DIRECTIONS = {"higher": "higher", "higher is better": "higher", "lower": "lower", "lower is better": "lower"}


# Text starting with one of these is run as a formula by spreadsheet programs, even in a CSV.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

TOO_MANY_ROWS = f"The file has more than {MAX_ROWS} rows. Import {MAX_ROWS} rows at most at a time."


class SpreadsheetRefused(Exception):
    """The file as a whole cannot be read; the message says why in plain words."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class Change:
    row: int
    description: str


@dataclass
class Plan:
    """What an import would do, or why it cannot."""

    rows: list[dict] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


# --- export ------------------------------------------------------------------------------


def export_rows(framework: Framework) -> list[list]:
    indicators = (
        Indicator.objects.filter(target_area__priority__framework=framework)
        .select_related("target_area__priority")
        .prefetch_related(Prefetch("targets", queryset=Target.objects.select_related("agreement_target")))
        .order_by("target_area__priority__position", "target_area__position", "position", "pk")
    )
    rows = []
    for indicator in indicators:
        base = [
            indicator.pk,
            indicator.target_area.title,
            indicator.title,
            indicator.unit,
            indicator.get_direction_display(),
            indicator.baseline_year,
            _cell(indicator.baseline_value),
        ]
        targets = indicator.targets_in_order()
        if not targets:
            rows.append([*base, *[""] * 11])
        for target in targets:
            rows.append(
                [
                    *base,
                    target.pk,
                    target.title,
                    target.period,
                    _cell(target.without_lpsa),
                    _cell(target.with_lpsa),
                    target.interim_period,
                    _cell(target.interim_without_lpsa),
                    _cell(target.interim_with_lpsa),
                    "",  # the reason for a change, for whoever edits the file
                    target.agreement_target.number if target.agreement_target else "",
                    _cell(target.weight),
                ]
            )
    return rows


def _cell(value: Decimal | None):
    if value is None:
        return ""
    normal = value.normalize()
    return int(normal) if normal == normal.to_integral() else float(normal)


def export_xlsx(framework: Framework) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Indicators and targets"
    sheet.append(HEADINGS)
    for row in export_rows(framework):
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if cell.data_type == "f":  # openpyxl takes any text starting with "=" for a formula
                cell.data_type = "s"
    for column, heading in zip(sheet.columns, HEADINGS, strict=True):
        sheet.column_dimensions[column[0].column_letter].width = max(12, min(45, len(heading) + 4))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def export_csv(framework: Framework) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADINGS)
    writer.writerows([_csv_cell(value) for value in row] for row in export_rows(framework))
    return out.getvalue()


def _csv_cell(value):
    """Text that would run as a formula, with an apostrophe in front; import takes it off again.

    Text that already starts with apostrophes before such a character gets one more, so that
    taking one off always gives back what was exported.
    """
    if isinstance(value, str) and value.lstrip("'").startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _from_csv_cell(text: str) -> str:
    if text.startswith("'") and text.lstrip("'").startswith(FORMULA_STARTS):
        return text[1:]
    return text


# --- reading a file ----------------------------------------------------------------------


def read_table(name: str, data: bytes) -> list[list[str]]:
    """The file's cells as text, headings first. Refuses what it cannot read safely."""
    if len(data) > MAX_BYTES:
        raise SpreadsheetRefused(f"The file is {len(data) / 1024 / 1024:.1f} MB. Files can be 2 MB at most.")
    lower = name.lower()
    if lower.endswith(".csv"):
        return _read_csv(data)
    if lower.endswith((".xlsm", ".xltm", ".xls")):
        raise SpreadsheetRefused("Save the spreadsheet as an Excel workbook (.xlsx) without macros, or as CSV.")
    if lower.endswith(".xlsx"):
        return _read_xlsx(data)
    raise SpreadsheetRefused("Choose an Excel workbook (.xlsx) or a CSV file.")


def _read_csv(data: bytes) -> list[list[str]]:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SpreadsheetRefused("The CSV file is not in UTF-8. Save it as “CSV UTF-8” and try again.") from error
    if "\x00" in text:
        raise SpreadsheetRefused("This is not a CSV file. Choose an Excel workbook (.xlsx) or a CSV file.")
    rows: list[list[str]] = []
    # newline="" lets the reader take a lone carriage return (old Mac files) as a line end.
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        for row in reader:
            if len(rows) > MAX_ROWS:
                raise SpreadsheetRefused(TOO_MANY_ROWS)
            rows.append([_from_csv_cell(cell).strip() for cell in row[:MAX_COLUMNS]])
    except csv.Error as error:
        # The reader refuses a cell longer than its limit, far longer than any column takes.
        raise SpreadsheetRefused(
            f"Row {len(rows) + 1} has a cell of more than {csv.field_size_limit():,} characters, far more than "
            "any column takes. Check the file is an export of this framework."
        ) from error
    return rows


def _read_xlsx(data: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = archive.namelist()
    except zipfile.BadZipFile as error:
        raise SpreadsheetRefused("This is not an Excel workbook. Choose an .xlsx file or a CSV file.") from error
    if any(n.lower().endswith("vbaproject.bin") for n in names):
        raise SpreadsheetRefused("The workbook contains macros, which are not accepted. Save it as .xlsx or CSV.")
    # A small file that unpacks to something huge is refused before it is opened. The sizes
    # are the zip's own, and zipfile stops any part at its stated size.
    sizes = [info.file_size for info in archive.infolist()]
    if max(sizes, default=0) > MAX_PART_BYTES or sum(sizes) > MAX_UNPACKED_BYTES:
        raise SpreadsheetRefused(
            "The workbook is too large once unpacked. Import fewer rows at a time, "
            "and keep only the indicators and targets in it."
        )
    deadline = time.monotonic() + READ_SECONDS
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:
        raise SpreadsheetRefused("The workbook could not be read. Save it again as .xlsx and try again.") from error
    rows: list[list[str]] = []
    try:
        # The sheet is parsed lazily, so a damaged one only shows while its rows are read.
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows(max_row=MAX_ROWS + 2, max_col=MAX_COLUMNS, values_only=True):
            if len(rows) > MAX_ROWS:
                raise SpreadsheetRefused(TOO_MANY_ROWS)
            if time.monotonic() > deadline:
                raise SpreadsheetRefused(
                    "The workbook took too long to read. Save it again as .xlsx with only the indicators "
                    "and targets in it, or import fewer rows at a time."
                )
            rows.append(["" if cell is None else _text(cell) for cell in row])
    except SpreadsheetRefused:
        raise
    except Exception as error:
        where = f" after row {len(rows)}" if rows else ""
        raise SpreadsheetRefused(
            f"The workbook could not be read{where}. Save it again as .xlsx and try again."
        ) from error
    finally:
        workbook.close()
    return rows


def _text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


# --- planning and applying an import -----------------------------------------------------


def plan_import(framework: Framework, table: list[list[str]]) -> Plan:
    """Check every row and say what the import would change; write nothing."""
    plan = Plan()
    if not table or not any(table[0]):
        plan.errors.append(RowError(1, "", "The file is empty. Start from an export of this framework."))
        return plan
    headings = [h.strip().lower() for h in table[0]]
    missing = [h for h in HEADINGS if h.lower() not in headings and h not in OPTIONAL_HEADINGS]
    if missing:
        plan.errors += [RowError(1, h, f"The column “{h}” is missing. Start from an export.") for h in missing]
        return plan
    index = {h: headings.index(h.lower()) for h in HEADINGS if h.lower() in headings}
    # The rules of a target look up its framework through its indicator and target area.
    areas = {
        a.title.strip().lower(): a
        for a in TargetArea.objects.filter(priority__framework=framework).select_related("priority__framework")
    }
    indicators = {
        i.pk: i
        for i in Indicator.objects.filter(target_area__priority__framework=framework).select_related(
            "target_area__priority__framework"
        )
    }
    targets = {t.pk: t for t in Target.objects.filter(indicator__target_area__priority__framework=framework)}
    numbered = {item.number: item for item in framework.agreement_targets.all()}
    first_rows: dict[object, tuple[int, dict]] = {}
    for number, cells in enumerate(table[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        row = _parse_row(number, cells, index, plan)
        if row is not None:
            _check_row(number, row, areas, indicators, targets, numbered, plan)
        if row is not None and "_indicator" in row:
            _check_same_indicator(number, row, first_rows, plan)
    return plan


def _indicator_key(row: dict):
    """What tells one row's indicator from another's: its ID, or a new one's area and title."""
    if row["indicator_id"] is not None:
        return row["indicator_id"]
    return (row["area"].lower(), row["_indicator"]["title"])


def _check_same_indicator(number: int, row: dict, first_rows: dict, plan: Plan) -> None:
    # Rows are written in order, so a row that describes its indicator differently from an
    # earlier row would silently undo it, and leave that row's target checked against
    # figures the indicator no longer has.
    first_number, first = first_rows.setdefault(_indicator_key(row), (number, row))
    if first_number == number:
        return
    for heading, name, _ in COLUMNS:
        if name in INDICATOR_FIELDS and first["_indicator"][name] != row["_indicator"][name]:
            plan.errors.append(
                RowError(
                    number,
                    heading,
                    f"Row {first_number} gives this indicator {_shown_field(name, first['_indicator'][name])}, "
                    f"this row {_shown_field(name, row['_indicator'][name])}. "
                    f"Give every row of one indicator the same “{heading}”.",
                )
            )


def _shown_field(name: str, value) -> str:
    if name == "direction":
        return f"“{Indicator.Direction(value).label}”"
    return _show(value) if value in (None, "") else f"“{_show(value)}”"


def _parse_row(number: int, cells: list[str], index: dict, plan: Plan) -> dict | None:
    row, ok = {}, True
    for heading, name, kind in COLUMNS:
        column = index.get(heading)
        raw = cells[column].strip() if column is not None and column < len(cells) else ""
        if kind == "number" and raw:
            try:
                value = Decimal(raw.replace(",", ""))
                if not value.is_finite():
                    raise InvalidOperation
            except InvalidOperation:
                plan.errors.append(
                    RowError(number, heading, f"“{raw}” is not a number. Enter a figure like 42 or 12.5.")
                )
                ok = False
                continue
            try:
                # 1E+999999999 is a Decimal, but one that overflows as soon as it is subtracted.
                FIGURE_FIELDS[name].run_validators(value)
            except ValidationError as error:
                plan.errors += [RowError(number, heading, message) for message in error.messages]
                ok = False
                continue
            row[name] = value
        elif kind == "id" and raw:
            if not raw.isdigit():
                plan.errors.append(
                    RowError(number, heading, f"“{raw}” is not an ID from an export. Leave it empty for a new one.")
                )
                ok = False
                continue
            row[name] = int(raw)
        elif kind == "numbered" and raw:
            number_given = raw.removeprefix("Target").strip()
            if not number_given.isdigit():
                plan.errors.append(
                    RowError(number, heading, f"“{raw}” is not the number of a numbered target. Enter a number like 5.")
                )
                ok = False
                continue
            row[name] = int(number_given)
        elif kind == "direction" and raw:
            if raw.lower() not in DIRECTIONS:
                plan.errors.append(RowError(number, heading, "Enter “Higher is better” or “Lower is better”."))
                ok = False
                continue
            row[name] = DIRECTIONS[raw.lower()]
        else:
            row[name] = None if kind in ("number", "id", "numbered") else raw
    row["_places"] = [heading for heading in PLACE_FIELDS if heading in index]
    return row if ok else None


def _check_row(number, row, areas, indicators, targets, numbered, plan: Plan) -> None:
    # The indicator: an existing one by its ID, or a new one in a named target area.
    if row["indicator_id"] is not None:
        indicator = indicators.get(row["indicator_id"])
        if indicator is None:
            plan.errors.append(
                RowError(number, "Indicator ID", "There is no indicator with this ID in this framework.")
            )
            return
        before = {name: getattr(indicator, name) for name in INDICATOR_FIELDS}
    else:
        area = areas.get((row["area"] or "").lower())
        if area is None:
            plan.errors.append(
                RowError(number, "Target area", f"There is no target area called “{row['area']}” in this framework.")
            )
            return
        indicator = Indicator(target_area=area)
        before = None
    updated = Indicator(pk=indicator.pk, target_area=indicator.target_area)
    for name in INDICATOR_FIELDS:
        value = row[name] if row[name] not in (None, "") else (getattr(indicator, name) if indicator.pk else "")
        if name == "baseline_value" and value == "":
            value = None
        setattr(updated, name, value if value is not None or name == "baseline_value" else "")
    if not updated.direction:
        updated.direction = Indicator.Direction.HIGHER
    if not _valid(
        number,
        updated,
        {
            "title": "Indicator",
            "unit": "Unit",
            "baseline_year": "Baseline year",
            "baseline_value": "Baseline value",
            "direction": "Direction",
        },
        plan,
        exclude=["target_area"],
    ):
        return
    row["_indicator"] = {name: getattr(updated, name) for name in INDICATOR_FIELDS}
    row["_indicator_version"] = indicator.version if indicator.pk else None
    if before is None:
        plan.changes.append(Change(number, f"New indicator “{updated.title}” in “{row['area']}”."))
    else:
        for name in INDICATOR_FIELDS:
            if before[name] != getattr(updated, name):
                plan.changes.append(
                    Change(
                        number,
                        f"“{indicator.title}”: {name.replace('_', ' ')} {_show(before[name])} → {_show(getattr(updated, name))}.",
                    )
                )
    # The target: an existing one by its ID, a new one when figures are given, or none.
    has_target = row["target_id"] is not None or any(row[n] not in (None, "") for n in TARGET_FIELDS)
    if has_target:
        if row["target_id"] is not None:
            target = targets.get(row["target_id"])
            if target is None:
                plan.errors.append(RowError(number, "Target ID", "There is no target with this ID for this indicator."))
                return
            if target.indicator_id != indicator.pk:  # a new indicator's pk is None, so it matches no target
                message = "This target belongs to another indicator. Leave “Target ID” empty for a new target."
                plan.errors.append(RowError(number, "Target ID", message))
                return
        else:
            target = Target()
        # What the file does not carry (its numbered target, weight, own baseline) stays as it is.
        probe = Target(
            pk=target.pk,
            title=row["target_title"] or target.title,
            agreement_target_id=target.agreement_target_id,
            weight=target.weight,
            baseline_year=target.baseline_year,
            baseline_value=target.baseline_value,
        )
        probe.indicator = updated
        probe._change_reason = row["change_reason"]
        for name in TARGET_FIELDS:
            setattr(probe, name, row[name] if row[name] is not None else ("" if "period" in name else None))
        places = [PLACE_FIELDS[heading] for heading in row["_places"]]
        if "agreement_target_id" in places:
            if row["numbered"] is not None and row["numbered"] not in numbered:
                message = f"There is no Target {row['numbered']} in this framework. Add it on the numbered targets page first."
                plan.errors.append(RowError(number, "Numbered target", message))
                return
            probe.agreement_target = numbered.get(row["numbered"])
        if "weight" in places:
            probe.weight = row["weight"]
        labels = {h: n for h, n, _ in COLUMNS}
        labels = {n: h for h, n in labels.items()}
        labels["title"] = "Target label"
        labels["agreement_target"] = "Numbered target"
        if not _valid(number, probe, labels, plan, exclude=["indicator", "agreement_target"]):
            return
        row["_target"] = {name: getattr(probe, name) for name in [*TARGET_FIELDS, "title", *places]}
        row["_target_version"] = target.version if target.pk else None
        if not target.pk:
            plan.changes.append(Change(number, f"New target to {probe.period} for “{updated.title}”."))
        else:
            if "agreement_target_id" in places and probe.agreement_target_id != target.agreement_target_id:
                now = probe.agreement_target or "no numbered target"
                plan.changes.append(Change(number, f"“{updated.title}”, {target}: moves to {now}."))
            if "weight" in places and probe.weight != target.weight:
                change = f"weight {_show(target.weight)} → {_show(probe.weight)}"
                plan.changes.append(Change(number, f"“{updated.title}”, {target}: {change}."))
            for name in TARGET_FIELDS:
                if getattr(target, name) != getattr(probe, name):
                    plan.changes.append(
                        Change(
                            number,
                            f"“{updated.title}”, {target}: {_lower_first(labels[name])} {_show(getattr(target, name))} → {_show(getattr(probe, name))}.",
                        )
                    )
    plan.rows.append(row)


def _valid(number: int, item, labels: dict, plan: Plan, *, exclude: list[str]) -> bool:
    try:
        item.full_clean(exclude=[*exclude, "position", "version"], validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            for message in messages:
                plan.errors.append(RowError(number, labels.get(name, name), message))
        return False
    return True


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _show(value) -> str:
    if value in (None, ""):
        return "(empty)"
    if isinstance(value, Decimal):
        text = format(value.normalize(), "f")
        return text
    return str(value)


class ImportConflict(Exception):
    """Someone changed the framework between the preview and the import."""


@transaction.atomic
def apply_import(framework: Framework, rows: list[dict]) -> int:
    """Write a checked plan. Everything or nothing: any change since the preview undoes it all."""
    areas = {a.title.strip().lower(): a for a in TargetArea.objects.filter(priority__framework=framework)}
    done: dict[object, Indicator] = {}
    written = 0
    for row in rows:
        fields = row["_indicator"]
        key = _indicator_key(row)
        indicator = done.get(key)
        if indicator is None and row["indicator_id"] is not None:
            indicator = Indicator.objects.select_for_update().get(
                pk=row["indicator_id"], target_area__priority__framework=framework
            )
            if indicator.version != row["_indicator_version"]:
                raise ImportConflict(f"Someone changed the indicator “{indicator.title}” since the preview.")
        elif indicator is None:
            indicator = Indicator(target_area=areas[row["area"].lower()])
        changed = [n for n in INDICATOR_FIELDS if getattr(indicator, n) != fields[n]]
        if changed or indicator.pk is None:
            for name in changed:
                setattr(indicator, name, fields[name])
            indicator._change_reason = "Imported from a spreadsheet"
            indicator.save_checked(expected_version=indicator.version if indicator.pk else None, fields=changed)
            written += 1
        done[key] = indicator
        if "_target" in row:
            written += _apply_target(indicator, row)
    return written


def _apply_target(indicator: Indicator, row: dict) -> int:
    values = row["_target"]
    reason = row["change_reason"] or "Imported from a spreadsheet"
    if row["target_id"] is None:
        target = Target(indicator=indicator, **values)
        target._change_reason = reason
        target.save_checked(expected_version=None)
        return 1
    target = Target.objects.select_for_update().get(pk=row["target_id"], indicator=indicator)
    target.indicator = indicator  # one copy, so what the target's save changes in it is seen by later rows
    if target.version != row["_target_version"]:
        raise ImportConflict(f"Someone changed the target “{target}” since the preview.")
    changed = [name for name in values if getattr(target, name) != values[name]]
    if not changed:
        return 0
    for name in changed:
        setattr(target, name, values[name])
    target._change_reason = reason
    target.save_checked(expected_version=target.version, fields=changed)
    return 1
