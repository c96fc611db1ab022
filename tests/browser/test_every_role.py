"""axe-core passes on every page of the site as each role sees it, error pages included, and
each page reflows at 320 CSS px without scrolling sideways (WCAG 1.4.10).

Each role signs in through the real form and asks for every URL in the permission matrix
(tests/test_permission_matrix.py), in the one browser tab; the council administrator, who
reads what an officer reads with a few controls more, asks for those where it differs. The world is the matrix's, except
that the framework has been approved at Stage Two, so government's reviewer has a submission
to read, with an offer waiting and a thread with government on it, and the review pages show
their content rather than a 404.
"""

from decimal import Decimal

import pytest
from django.urls import reverse
from playwright.sync_api import Page

import tests.test_permission_matrix as matrix
from lpsa.models import Comment, Submission
from lpsa.services import comment_create, negotiation_offer
from lpsa.workflow import framework_move
from priorities.models import Indicator, Priority, Stage
from tests.browser.conftest import check_a11y, no_sideways_scroll, same_as_checked, sign_in
from tests.test_permission_matrix import MATRIX

CAST = ["officer", "wglead", "chiefexec", "reviewer", "admin", "otherofficer"]
ADDRESS = "https://www.neighbourhood.statistics.gov.uk/dissemination/LeadTableView.do?a=3&b=276743&c=hampshire"

# Once government has the Stage Two submission, its reviewer reads it and comments on it from
# there. The council's stages page, the comment pages of live items and the council's own
# threads (the world's comment is one) stay hidden from them, as do the live framework and drafts.
REVIEWER_WITH_GOVERNMENT = {
    "lpsa:review": 200,
    "lpsa:submission_pdf": 200,
    "lpsa:review_comment": 200,
    "lpsa:workflow": 404,
    "lpsa:comment_create": 404,
    "lpsa:comment_reply": 404,
}

# Files to download rather than pages to read: axe has nothing to check in them.
DOWNLOADS = {
    "priorities:export_xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "priorities:export_csv": "text/csv",
    "lpsa:draft_file": "application/pdf",
    "lpsa:submission_pdf": "application/pdf",
    "lpsa:draft_docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "lpsa:submission_docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


# The permission matrix's own world: a framework with one of everything, an open comment,
# a stored draft PDF and a stand-in Stage One submission.
world = matrix.world
everyone = matrix.everyone


@pytest.fixture
def submitted_world(world, cast) -> dict:
    """The matrix's world, its framework approved at Stage Two by the chief executive."""
    framework, comment = world["framework"], world["comment"]
    # User text may be one long word, such as the web address of the evidence: at 320 px it
    # has to wrap, in the priority's evidence, the indicator's data source and a reply.
    Priority.objects.filter(pk=world["priority"].pk).update(evidence=f"The 2001 census: {ADDRESS}")
    Indicator.objects.filter(pk=world["indicator"].pk).update(data_source=ADDRESS)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save()
    # An open comment blocks approval: resolve it for the moment, and open it again after.
    comment.resolve(by=cast["officer"].user)
    framework_move(framework=framework, move_name="approve_two", user=cast["chiefexec"].user, declared=True)
    comment.reopen()
    # Government's offer waits for the council, so the review page shows the reviewer's offer and
    # its replacement form, and the target page the council's Accept button and counter-offer form.
    negotiation_offer(
        target=world["target"],
        user=cast["reviewer"].user,
        side="government",
        without_lpsa=Decimal("51"),
        with_lpsa=Decimal("56"),
        note="A little more stretch.",
    )
    framework.refresh_from_db()
    assert framework.stage == Stage.TWO_SUBMITTED
    submission = Submission.objects.get(framework=framework, stage="two")
    # A thread with government, so the review page shows one with its reply and resolve buttons.
    thread = comment_create(
        author=cast["reviewer"].user,
        text="Where do the baseline figures come from?",
        subject=world["indicator"],
        visibility=Comment.Visibility.GOVERNMENT,
        submission=submission,
    )
    comment_create(
        author=cast["officer"].user, text=f"The 2001 census: {ADDRESS}", subject=world["indicator"], parent=thread
    )
    assert submission.pdf, "The Stage Two PDF should have been rendered at approval"
    return {**world, "framework": framework, "submission": submission}


def expected_status(name: str, role: str) -> int:
    if role == "reviewer" and name in REVIEWER_WITH_GOVERNMENT:
        return REVIEWER_WITH_GOVERNMENT[name]
    want = MATRIX[name][1][role]
    # A redirect (the check page outside approval) is followed: the page it leads to is checked.
    return 200 if want == 302 else want


def check_download(page: Page, url: str, name: str) -> str | None:
    """Fetch a file with the signed-in tab's cookies; say what is wrong with it, if anything."""
    response = page.request.get(url)
    kind = response.headers.get("content-type", "")
    if response.status != 200 or not kind.startswith(DOWNLOADS[name]):
        return f"{name} {url}: got {response.status} {kind}, expected 200 {DOWNLOADS[name]}"
    return None


def check_page(page: Page, url: str, name: str, want: int, seen: set[int] | None = None) -> tuple[str | None, int]:
    """Open a page, check its status, run axe on it and narrow it to 320 px, whatever the status.

    An error page that answers as expected, with a status already looked at (``seen``), is the
    same page again: its status is checked, and axe and the narrowing are not run twice.
    """
    response = page.goto(url)
    status = response.status if response is not None else 0
    problems = [f"{name} {url}: got {status}, expected {want}"] if status != want else []
    if seen is not None and not problems and status >= 400:
        if status in seen:
            same_as_checked(page)
            return None, status
        seen.add(status)
    try:
        check_a11y(page)
        if page.locator("details:not([open])").count():
            # What a closed details hides (each side's offer form) is checked open too.
            page.locator("details").evaluate_all("all => all.forEach(details => { details.open = true; })")
            check_a11y(page)
    except AssertionError as error:
        problems.append(str(error))
    try:
        # With every details open, so their forms have to fit as well.
        no_sideways_scroll(page)
    except AssertionError as error:
        problems.append(str(error))
    if not problems:
        return None, status
    if status == want:
        problems[0] = f"{name} {url} ({status}): {problems[0]}"
    return "\n".join(problems), status


# The council administrator reads what an officer reads, with a few controls more: its walk
# keeps to the pages where it gets something else than an officer does, the partners' and
# people's pages it manages, and the framework's own pages, where its extra controls are.
ADMINISTRATORS_OWN = ("partners:", "priorities:framework", "lpsa:workflow")


def walked_by(role: str, name: str) -> bool:
    if role != "admin":
        return True
    statuses = MATRIX[name][1]
    return statuses["admin"] != statuses["officer"] or name.startswith(ADMINISTRATORS_OWN)


@pytest.mark.parametrize("role", CAST)
def test_every_page_a_role_can_open_passes_axe_and_reflows(page, cast, submitted_world, role):
    # The sign-in page is not in the matrix: it is checked here, narrowed too, before signing in.
    problem, _ = check_page(page, reverse("login"), "sign in", 200)
    problems = [problem] if problem else []
    sign_in(page, cast[role])  # the sign-in page and the role's dashboard, both checked
    statuses = set()
    pages = 0
    for name, (arguments, _) in MATRIX.items():
        want = expected_status(name, role)
        if want == 405 or not walked_by(role, name):
            continue  # POST only: nothing to look at; or the officer's walk looked at it
        url = reverse(name, args=arguments(submitted_world))
        if name in DOWNLOADS and want == 200:
            problem = check_download(page, url, name)
        else:
            problem, status = check_page(page, url, name, want, seen=statuses)
            statuses.add(status)
            pages += 1
        if problem:
            problems.append(problem)
    if 404 not in statuses:
        # Officers and administrators meet no 404 in the matrix: they see the page somewhere.
        problem, _ = check_page(page, "/no-such-page/", "no such page", 404)
        if problem:
            problems.append(problem)
        statuses.add(404)
    assert not problems, f"{len(problems)} problem(s) for {role}:\n\n" + "\n\n".join(problems)
    assert pages > (10 if role == "admin" else 20), f"Only {pages} pages were checked for {role}"
