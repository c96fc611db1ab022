"""The submission document as a Word file, for cabinet papers.

The Word file is read from the very HTML the PDF is printed from (``lpsa/pdf.py``: the same
snapshot, the same ``submission_context``, the same template), so the two documents never say
different things. The HTML's structure becomes Word's own: its headings Word's heading styles
(the navigation pane and the table of contents work), its tables Word tables whose header rows
repeat on every page, its lists Word lists, its title, author and language the file's
properties. Only the charts are left out: each is a picture of figures the tables give, drawn as
SVG, which Word cannot show without a second, bitmap copy.
"""

import io
import re
from datetime import datetime

import docx
import lxml.html
from django.conf import settings
from django.utils import timezone
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.table import CT_Tbl
from docx.shared import Cm, Pt, RGBColor
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from lpsa.pdf import Approval, render_submission_html

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The document's h1 is its title; its chapters (h2) are Word's first level of heading.
HEADING_STYLES = {"h1": "Title", "h2": "Heading 1", "h3": "Heading 2", "h4": "Heading 3"}
# Schedule 1's target sheets are second-level headings the contents lists, as the PDF's does;
# the other second-level headings (a priority's "Outcome", "Evidence") it leaves out.
TARGET_HEADING = "Target heading"
TABLE_TEXT = "Table text"
CONTENTS_FIELD = f'TOC \\o "1-1" \\t "{TARGET_HEADING},2" \\h \\z'
BLOCKS = {"p", "ul", "ol", "dl", "table", "figure", "figcaption", *HEADING_STYLES}
INK = RGBColor(0x0B, 0x0C, 0x0C)
QUIET = RGBColor(0x50, 0x5A, 0x5F)


class TooLarge(Exception):
    """The framework has more targets than a document may hold; the message says so plainly."""


def size_refusal(targets: int) -> str | None:
    """Why a Word document of a framework with this many targets is refused, or None when it is not.

    The bound is the draft PDF's (DRAFT_PDF_MAX_TARGETS): both documents hold the same content.
    """
    limit = settings.DRAFT_PDF_MAX_TARGETS
    if targets <= limit:
        return None
    return (
        f"This framework has {targets:,} target{'s' if targets != 1 else ''}, and a Word document of it can hold at most {limit:,}. "
        "Read it in the preview, or export its indicators and targets as a spreadsheet."
    )


def snapshot_target_count(snapshot: dict) -> int:
    return sum(
        len(indicator["targets"])
        for priority in snapshot["priorities"]
        for area in priority["target_areas"]
        for indicator in area["indicators"]
    )


def render_submission_docx(snapshot: dict, *, stage: str, version: int | None, approval: Approval | None) -> bytes:
    """The Word file of a framework snapshot: the PDF's content, in Word's structure.

    Raises TooLarge for a snapshot over the size a document may hold.
    """
    refusal = size_refusal(snapshot_target_count(snapshot))
    if refusal:
        raise TooLarge(refusal)
    html = render_submission_html(snapshot, stage=stage, version=version, approval=approval, for_pdf=True)
    created = approval.at if approval else timezone.now()
    return _WordWriter(lxml.html.document_fromstring(html), created=created).save()


def _classes(element) -> set[str]:
    return set((element.get("class") or "").split())


def _spaced(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _run(text: str, *, bold: bool = False):
    """A run of text as Word's XML, made directly: python-docx's add_run costs ten times as much."""
    run = OxmlElement("w:r")
    if bold:
        properties = OxmlElement("w:rPr")
        properties.append(OxmlElement("w:b"))
        run.append(properties)
    for number, line in enumerate(text.split("\n")):
        if number:
            run.append(OxmlElement("w:br"))
        if line:
            element = OxmlElement("w:t")
            element.text = line
            element.set(qn("xml:space"), "preserve")
            run.append(element)
    return run


class _WordWriter:
    """Walks the document's HTML once, writing each block as its Word equivalent."""

    def __init__(self, root, *, created: datetime):
        self.root = root
        self.document = docx.Document()
        self.break_before = False
        self.after_table = False
        self.style_ids: dict[str, str] = {}
        self.body = self.document.element.body
        self.started = False  # whether anything is written yet: the first page needs no break before it
        self.draft = root.find("body") is not None and "is-draft" in _classes(root.find("body"))
        self._page()
        section = self.document.sections[0]
        self.width = section.page_width - section.left_margin - section.right_margin
        self._styles()
        self._properties(created)

    # --- the file -----------------------------------------------------------------------

    def save(self) -> bytes:
        # The section's properties end the body; set aside while the content is appended.
        section = self.body.sectPr
        self.body.remove(section)
        self._blocks(self.root.find("body"))
        if self.after_table:
            # Word ends a document with a paragraph, never with a table.
            self._new_paragraph()
        self.body.append(section)
        out = io.BytesIO()
        self.document.save(out)
        return out.getvalue()

    def _page(self) -> None:
        """A4 pages; "DRAFT" at the top of each until approved; the council and "Page X of Y" below."""
        section = self.document.sections[0]
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
            setattr(section, side, Cm(2.2))
        if self.draft:
            run = section.header.paragraphs[0].add_run("DRAFT: not approved")
            run.bold = True
            section.header.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
        footer = section.footer.paragraphs[0]
        footer.paragraph_format.tab_stops.add_tab_stop(Cm(16.6), WD_TAB_ALIGNMENT.RIGHT)
        author = self.root.xpath("string(//meta[@name='author']/@content)")
        footer.add_run(f"{author}\tPage ")
        self._field(footer, "PAGE", "1")
        footer.add_run(" of ")
        self._field(footer, "NUMPAGES", "1")

    def _styles(self) -> None:
        """Plain, readable type in one ink; the document's language on every run, for spelling and speech."""
        styles = self.document.styles
        normal = styles["Normal"]
        normal.font.name, normal.font.size = "Arial", Pt(11)
        normal.paragraph_format.space_after = Pt(6)
        lang = OxmlElement("w:lang")
        lang.set(qn("w:val"), self.language)
        normal.element.get_or_add_rPr().append(lang)
        for name, size in [("Title", 24), ("Heading 1", 18), ("Heading 2", 14), ("Heading 3", 12), ("TOC Heading", 18)]:
            style = styles[name]
            style.font.name, style.font.size, style.font.color.rgb = "Arial", Pt(size), INK
            style.font.bold = True
            style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
            style.paragraph_format.space_after = Pt(6)
        caption = styles["Caption"]
        caption.font.name, caption.font.size, caption.font.color.rgb = "Arial", Pt(11), INK
        caption.font.italic = False
        cell_text = styles.add_style(TABLE_TEXT, WD_STYLE_TYPE.PARAGRAPH)
        cell_text.base_style = normal
        cell_text.paragraph_format.space_after = Pt(0)
        target = styles.add_style(TARGET_HEADING, WD_STYLE_TYPE.PARAGRAPH)
        target.base_style = styles["Heading 2"]
        target.next_paragraph_style = normal
        for level, indent in [(1, 0), (2, 0.6)]:
            entry = styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
            entry.base_style = normal
            entry.paragraph_format.left_indent = Cm(indent)
            entry.paragraph_format.space_after = Pt(3)

    @property
    def language(self) -> str:
        return self.root.get("lang") or "en-GB"

    def _properties(self, created: datetime) -> None:
        properties = self.document.core_properties
        properties.title = _spaced(self.root.findtext(".//title") or "").strip()
        properties.author = self.root.xpath("string(//meta[@name='author']/@content)")
        properties.last_modified_by = properties.author
        properties.subject = self.root.xpath("string(//meta[@name='description']/@content)")
        properties.language = self.language
        properties.keywords = "LPSA2; Local Public Service Agreement"
        properties.comments = ""
        properties.created = properties.modified = created
        properties.revision = 1

    # --- blocks -------------------------------------------------------------------------

    def _blocks(self, parent) -> None:
        for element in parent.iterchildren():
            if isinstance(element.tag, str):
                self._block(element)

    def _block(self, element) -> None:
        tag, classes = element.tag, _classes(element)
        if element.get("aria-hidden") == "true" or "charts" in classes:
            return  # the draft mark is the page header's; the charts' figures are in the tables
        if classes & {"cover", "chapter", "target-sheet"} and self.started:
            # Each chapter and target sheet on a new page, but the first sheet beneath its schedule's introduction.
            before = element.getprevious()
            self.break_before = before is None or "schedule-intro" not in _classes(before)
        if tag == "nav" and "contents" in classes:
            self._contents(element)
        elif tag in HEADING_STYLES:
            style = TARGET_HEADING if "sheet-title" in classes else HEADING_STYLES[tag]
            self._paragraph(element, style)
        elif tag in ("p", "figcaption"):
            paragraph = self._paragraph(element, "Caption" if tag == "figcaption" else None)
            if "kicker" in classes:
                paragraph.paragraph_format.keep_with_next = True
                for run in paragraph.runs:
                    run.font.color.rgb = QUIET
        elif tag in ("ul", "ol"):
            self._list(element)
        elif tag == "dl":
            self._definitions(element)
        elif tag == "table":
            self._table(element)
        elif tag in ("img", "form", "button", "script", "style"):
            return
        elif any(isinstance(child.tag, str) for child in element):
            self._blocks(element)
        elif _spaced(element.text_content()).strip():
            self._paragraph(element)

    def _new_paragraph(self, style: str | None = None) -> Paragraph:
        """A paragraph at the end of the body, in ``style`` (else Normal).

        Written as XML straight onto the end of the body: python-docx's add_paragraph looks the
        style up among all styles, and its place among all paragraphs, each time, which made a
        500-target document take minutes.
        """
        p = OxmlElement("w:p")
        if style is not None:
            p.get_or_add_pPr().style = self._style_id(style)
        self.body.append(p)
        paragraph = Paragraph(p, self.document._body)
        self.started = True
        if self.break_before:
            paragraph.paragraph_format.page_break_before = True
        elif self.after_table:
            paragraph.paragraph_format.space_before = Pt(12)
        self.break_before = self.after_table = False
        return paragraph

    def _style_id(self, name: str) -> str:
        if name not in self.style_ids:
            self.style_ids[name] = self.document.styles[name].style_id
        return self.style_ids[name]

    def _paragraph(self, element, style: str | None = None) -> Paragraph:
        paragraph = self._new_paragraph(style)
        self._inline(paragraph, element)
        return paragraph

    def _inline(self, paragraph: Paragraph, element, *, bold: bool = False) -> None:
        """The element's text into runs, bold where the HTML is, with its white space collapsed."""
        pieces: list[tuple[str, bool]] = []

        def walk(node, strong: bool) -> None:
            if node.text:
                pieces.append((node.text, strong))
            for child in node:
                if isinstance(child.tag, str) and child.tag not in BLOCKS - {"p"}:
                    if child.tag == "br":
                        pieces.append(("\n", strong))
                    else:
                        walk(child, strong or child.tag in ("strong", "b", "th"))
                if child.tail:
                    pieces.append((child.tail, strong))

        walk(element, bold)
        # White space collapsed across the pieces, as a browser does, and runs of the same weight joined.
        runs: list[list] = []
        for text, strong in pieces:
            text = text if text == "\n" else _spaced(text)
            if not runs or runs[-1][0].endswith((" ", "\n")):
                text = text.lstrip(" ")
            if not text:
                continue
            if runs and runs[-1][1] == strong:
                runs[-1][0] += text
            else:
                runs.append([text, strong])
        while runs and not runs[-1][0].rstrip():
            runs.pop()
        if runs:
            runs[-1][0] = runs[-1][0].rstrip()
        for text, strong in runs:
            paragraph._p.append(_run(text, bold=strong))

    def _list(self, element, level: int = 1) -> None:
        numbered = element.tag == "ol"
        style = ("List Number" if numbered else "List Bullet") + ("" if level == 1 else f" {min(level, 3)}")
        number = self._restarted_numbering(style) if numbered else None
        for item in element.iterchildren("li"):
            paragraph = self._new_paragraph(style)
            if number is not None:
                paragraph._p.get_or_add_pPr().get_or_add_numPr().get_or_add_numId().val = number
            self._inline(paragraph, item)
            for inner in item.iterchildren("ul", "ol"):
                self._list(inner, level + 1)

    def _restarted_numbering(self, style: str) -> int:
        """A numbering of its own for one list, so that each numbered list starts again at 1."""
        numbering = self.document.part.numbering_part.element
        shared = self.document.styles[style].element.pPr.numPr.numId.val
        abstract = numbering.num_having_numId(shared).abstractNumId.val
        num = numbering.add_num(abstract)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
        return num.numId

    def _definitions(self, element) -> None:
        """Each term with its description on one line: "Lead partner: Hampshire Constabulary".

        A term with nothing described is a line to fill in by hand (the signature blocks).
        """
        term = None
        for child in element.iterchildren("dt", "dd"):
            if child.tag == "dt":
                term = child
                continue
            paragraph = self._new_paragraph()
            self._inline(paragraph, term, bold=True)
            if _spaced(child.text_content()).strip():
                paragraph.runs[-1].text += ":"
                paragraph.add_run(" ")
                self._inline(paragraph, child)
            else:
                paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(12), WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.LINES)
                paragraph.paragraph_format.space_before = Pt(12)
                paragraph.add_run("\t")

    def _table(self, element) -> None:
        """A Word table with its caption above, its head rows repeated on each page, and its
        caption as the table's title for screen readers."""
        caption = element.find("caption")
        rows = element.xpath("./thead/tr | ./tbody/tr | ./tr")
        heads = set(element.xpath("./thead/tr"))
        if not rows:
            return
        columns = max(sum(int(cell.get("colspan", 1)) for cell in row.xpath("./th | ./td")) for row in rows)
        if caption is not None:
            title = self._paragraph(caption, "Caption")
            title.paragraph_format.keep_with_next = True
        # Straight onto the end of the body, as paragraphs are (see _new_paragraph).
        tbl = CT_Tbl.new_tbl(len(rows), columns, self.width)
        self.body.append(tbl)
        table = Table(tbl, self.document._body)
        tbl.tblPr.style = self._style_id("Table Grid")
        table.alignment = WD_TABLE_ALIGNMENT.LEFT
        if caption is not None:
            described = OxmlElement("w:tblCaption")
            described.set(qn("w:val"), _spaced(caption.text_content()).strip())
            table._tbl.tblPr.append(described)
        for index, row in enumerate(rows):
            tr = table.rows[index]._tr
            properties = tr.get_or_add_trPr()
            properties.append(OxmlElement("w:cantSplit"))
            if row in heads:
                properties.append(OxmlElement("w:tblHeader"))
            # Row by row, not through table.cell(), which reads the whole table on every call.
            tcs = list(tr.tc_lst)
            column = 0
            for cell in row.xpath("./th | ./td"):
                span = min(int(cell.get("colspan", 1)), columns - column)
                tc = tcs[column]
                if span > 1:
                    tc.width = sum((other.width for other in tcs[column : column + span]), 0)
                    tc.grid_span = span
                    for spanned in tcs[column + 1 : column + span]:
                        tr.remove(spanned)
                paragraph = _Cell(tc, table).paragraphs[0]
                paragraph._p.get_or_add_pPr().style = self._style_id(TABLE_TEXT)
                self._inline(paragraph, cell, bold=cell.tag == "th")
                if "num" in _classes(cell):
                    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                column += span
        # Room between a table and what follows it, without an empty paragraph for a screen reader to read.
        self.after_table = True

    def _contents(self, element) -> None:
        """The contents as a Word table of contents: the PDF's entries until Word updates the
        field, then the same chapters and targets with their page numbers."""
        heading = element.find("h2")
        if heading is not None:
            self._paragraph(heading, "TOC Heading")
        entries = [(1, item) for item in element.xpath("./ol/li")]
        entries = [
            entry
            for level, item in entries
            for entry in [(level, item), *[(2, inner) for inner in item.xpath("./ol/li")]]
        ]
        paragraphs = []
        for level, item in entries:
            paragraph = self._new_paragraph(f"TOC {level}")
            link = item.find("a")
            self._inline(paragraph, link if link is not None else item)
            paragraphs.append(paragraph)
        if not paragraphs:
            return
        first, last = paragraphs[0], paragraphs[-1]
        begin = [self._field_char("begin"), self._instruction(CONTENTS_FIELD), self._field_char("separate")]
        for part in reversed(begin):
            first._p.insert(first._p.index(first.runs[0]._r) if first.runs else len(first._p), part)
        last._p.append(self._field_char("end"))
        self.break_before = True

    # --- fields -------------------------------------------------------------------------

    @staticmethod
    def _field_char(kind: str):
        run = OxmlElement("w:r")
        char = OxmlElement("w:fldChar")
        char.set(qn("w:fldCharType"), kind)
        run.append(char)
        return run

    @staticmethod
    def _instruction(code: str):
        run = OxmlElement("w:r")
        text = OxmlElement("w:instrText")
        text.set(qn("xml:space"), "preserve")
        text.text = f" {code} "
        run.append(text)
        return run

    def _field(self, paragraph: Paragraph, code: str, shown: str) -> None:
        paragraph._p.append(self._field_char("begin"))
        paragraph._p.append(self._instruction(code))
        paragraph._p.append(self._field_char("separate"))
        paragraph.add_run(shown)
        paragraph._p.append(self._field_char("end"))
