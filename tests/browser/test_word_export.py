"""The Word file is downloaded with the keyboard from the framework page and the preview, and the
page that refuses one too large passes axe and reflows at phone width."""

import io

import docx
import pytest

from tests.browser.conftest import no_sideways_scroll, sign_in, visit
from tests.browser.test_accessibility import audit

pytestmark = pytest.mark.browser


def download_with_enter(page, link_name: str) -> docx.document.Document:
    link = page.get_by_role("link", name=link_name)
    link.focus()
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    assert download.suggested_filename.endswith(".docx")
    with open(download.path(), "rb") as saved:
        return docx.Document(io.BytesIO(saved.read()))


def test_an_officer_downloads_the_word_file_with_the_keyboard(page, cast, ready):
    sign_in(page, cast["officer"])
    visit(page, f"/frameworks/{ready.slug}/")
    document = download_with_enter(page, "Download the draft as a Word document")
    assert document.core_properties.title.endswith("Stage One: the framework")
    visit(page, f"/frameworks/{ready.slug}/submission/?stage=two")
    document = download_with_enter(page, "Download this draft as a Word document")
    assert document.core_properties.title.endswith("Stage Two: indicators and targets")


def test_the_page_refusing_a_framework_too_large_passes_axe_and_reflows(page, cast, ready, settings):
    settings.DRAFT_PDF_MAX_TARGETS = 0
    sign_in(page, cast["officer"])
    audit(page, [f"/frameworks/{ready.slug}/submission/docx/"], then=no_sideways_scroll)
    assert "a Word document of it can hold at most 0" in page.content()
    no_sideways_scroll(page, width=390)
