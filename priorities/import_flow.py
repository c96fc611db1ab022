"""The journey of every spreadsheet import: upload and check, preview, then import all or nothing.

The file checked is kept in the session between the preview and the confirmation, with the
changes it would make; if the data changed in between, the confirmation shows the new
changes instead of importing. The import's own module plans the rows (``plan``, raising
SpreadsheetRefused for a file it cannot read) and writes them (``apply``, raising
ImportConflict when a row changed meanwhile).
"""

import base64
from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.html import format_html

from priorities.forms import ImportForm
from priorities.spreadsheet import MAX_BYTES, ImportConflict, Plan, SpreadsheetRefused


def preview_then_import(
    request: HttpRequest,
    *,
    key: str,
    template: str,
    context: dict,
    plan: Callable[[str, bytes], Plan],
    apply: Callable[[list[dict]], int],
    done_url: str,
    cancel_url: str,
    changed: str,
    noun: str,
) -> HttpResponse:
    """Run one request of the journey. ``changed`` names what someone else may have changed
    since the preview ("the framework"); ``noun`` counts what was imported ("change")."""
    form = ImportForm()
    context = {**context, "form": form}
    action = request.POST.get("action")
    if request.method == "POST" and action == "cancel":
        request.session.pop(key, None)
        messages.success(request, "Nothing was imported.")
        return redirect(cancel_url)
    if request.method == "POST" and action == "confirm":
        stored = request.session.get(key)
        if stored is None:
            context["problem"] = "There is no checked file to import. Choose the file again."
            return render(request, template, context, status=400)
        name, data = stored["name"], base64.b64decode(stored["data"])
    elif request.method == "POST":
        form = ImportForm(request.POST, request.FILES)
        context["form"] = form
        if not form.is_valid():
            return render(request, template, context, status=400)
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error("file", f"The file is {upload.size / 1024 / 1024:.1f} MB. Files can be 2 MB at most.")
            return render(request, template, context, status=400)
        name, data = upload.name, upload.read()
    else:
        return render(request, template, context)
    try:
        planned = plan(name, data)
    except SpreadsheetRefused as refused:
        if form.is_bound:
            form.add_error("file", str(refused))
        else:
            context["problem"] = str(refused)
        return render(request, template, context, status=400)
    context["plan"] = planned
    if planned.errors:
        request.session.pop(key, None)
        return render(request, template, context, status=400)
    described = [f"{change.row}: {change.description}" for change in planned.changes]
    if action == "confirm" and described != stored["changes"]:
        # Someone changed the data since the preview: show what the file would do now.
        context["problem"] = (
            f"Someone changed {changed} since you checked the file, so nothing was imported. "
            "Check the changes again below."
        )
        action = None
    if action != "confirm":
        request.session[key] = {"name": name, "data": base64.b64encode(data).decode(), "changes": described}
        return render(request, template, context, status=409 if "problem" in context else 200)
    try:
        written = apply(planned.rows)
    except ImportConflict as conflict:
        context["problem"] = f"{conflict} Nothing was imported. Check the file and import it again."
        request.session.pop(key, None)
        return render(request, template, context, status=409)
    request.session.pop(key, None)
    counted = f"{written} {noun}{'s' if written != 1 else ''}"
    messages.success(request, format_html("Imported {} from “<bdi>{}</bdi>”.", counted, name))
    return redirect(done_url)
