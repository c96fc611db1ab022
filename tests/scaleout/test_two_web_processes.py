"""Scale-out: two gunicorn web processes behind one PostgreSQL database and one MEDIA_ROOT.

A load balancer may send each request to either web process, so whatever one of them
writes (a session, an edit, an approval and its PDF) must be there for the other. Web
processes A and B are real gunicorn masters with one sync worker each, run with production
settings (DEBUG off), and are spoken to over HTTP with the standard library only. When the
site renders PDFs in its task worker (``django_tasks_db``), a third process runs
``manage.py db_worker`` against the same database and MEDIA_ROOT, as in production.
"""

import hashlib
import http.client
import json
import time
from dataclasses import dataclass
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import quote, urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.db import connection

from bench.harness import HOST, HarnessError, Process, Site, free_ports, server_environment
from lpsa.models import Submission
from priorities.models import Framework, Involvement, Stage
from tests.factories import PASSWORD, make_tree

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Scale-out needs PostgreSQL: several processes share one database server (set DATABASE_URL=postgres://...)",
)

ROOT = Path(__file__).resolve().parents[2]
PDF_TIMEOUT = 30  # seconds for an approved PDF to become downloadable
REQUEST_TIMEOUT = 60  # seconds for one request
# Sessions are signed with the secret key: every process must share it.
SECRET_KEY = "scale-out-test-only-" + "s" * 50
# PDFs are rendered by a separate task worker when the site queues them in the database.
HAS_WORKER = "django_tasks_db" in settings.INSTALLED_APPS


def database_url() -> str:
    """The database this test session uses. Once pytest-django has set up, that is its test
    database (test_<name>), not the one DATABASE_URL names, and the children must use it to
    see the rows this test commits."""
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres", safe="")
    password = f":{quote(db['PASSWORD'], safe='')}" if db.get("PASSWORD") else ""
    host = db["HOST"] or "127.0.0.1"
    port = db["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{quote(db['NAME'], safe='')}"


@pytest.fixture(scope="module")
def shared_media(tmp_path_factory) -> Path:
    """The one MEDIA_ROOT where every process stores and reads PDFs."""
    return tmp_path_factory.mktemp("shared-media")


@pytest.fixture(scope="module")
def servers(django_db_setup, shared_media, tmp_path_factory):
    """Web processes A and B, one sync worker each (and the task worker, if the site has
    one), started once for this module by the bench's harness and always stopped afterwards."""
    if not (ROOT / "static" / "build" / "app.css").exists():
        pytest.fail("static/build is missing: run `make install` first.", pytrace=False)
    workdir = tmp_path_factory.mktemp("scaleout")
    env = server_environment(
        database_url=database_url(), media_root=shared_media, static_root=workdir / "static", secret_key=SECRET_KEY
    )
    with Site(env, workdir) as site:
        try:
            if HAS_WORKER:
                site.start_worker(interval=0.2)
            site.collect_static()
            for name, port in zip("AB", free_ports(2), strict=True):
                site.start_web(name, port, timeout=REQUEST_TIMEOUT)
        except HarnessError as error:
            pytest.fail(str(error), pytrace=False)
        yield {process.name: process for process in site.processes}


# --- a visitor with its own cookies --------------------------------------------------------------


class Forms(HTMLParser):
    """Every <form> on a page, with the values a browser would submit without pressing a button."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._in_form = False
        self._textarea: list[str] | None = None
        self._select: dict | None = None

    def handle_starttag(self, tag, attrs):
        attr = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attr.get("action") or "", "fields": []})
            self._in_form = True
            return
        if not self._in_form:
            return
        fields = self.forms[-1]["fields"]
        name = attr.get("name")
        if tag == "input" and name:
            kind = (attr.get("type") or "text").lower()
            if kind in {"submit", "button", "image", "reset", "file"}:
                return
            if kind in {"checkbox", "radio"}:
                if "checked" in attr:
                    fields.append([name, attr.get("value") or "on"])
                return
            fields.append([name, attr.get("value") or ""])
        elif tag == "textarea" and name:
            self._textarea = [name, ""]
            fields.append(self._textarea)
        elif tag == "select" and name:
            self._select = {"name": name, "first": None, "chosen": None}
        elif tag == "option" and self._select is not None:
            value = attr.get("value") or ""
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in attr:
                self._select["chosen"] = value

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            # A browser drops the one newline that may follow <textarea>.
            self._textarea[1] = self._textarea[1].removeprefix("\n")
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = self._select["chosen"] if self._select["chosen"] is not None else self._select["first"]
            if chosen is not None:
                self.forms[-1]["fields"].append([self._select["name"], chosen])
            self._select = None
        elif tag == "form":
            self._in_form = False


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    def form(self, *, field: str | None = None, action: str | None = None) -> list[tuple[str, str]]:
        """The fields of the first form that has this field or posts to this action."""
        parser = Forms()
        parser.feed(self.text)
        parser.close()
        for form in parser.forms:
            names = {name for name, _ in form["fields"]}
            if (field is None or field in names) and (action is None or form["action"] == action):
                return [(name, value) for name, value in form["fields"]]
        raise AssertionError(f"No form with field={field!r} action={action!r} (status {self.status}):\n{self.text}")


def with_values(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The form's fields in order, with some values replaced (or added), as a browser posts them."""
    posted = [(name, values.pop(name) if name in values else value) for name, value in fields]
    return posted + list(values.items())


class Visitor:
    """One browser. With DEBUG off the site marks its cookies Secure, which a cookie jar
    rightly never sends over plain http, so this keeps them and sends them by hand."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.flags: dict[str, dict[str, bool]] = {}

    def request(self, server: Process, method: str, path: str, form=None) -> Response:
        headers = {"Host": f"{HOST}:{server.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            # What a browser sends with a same-origin form; the CSRF check compares it with Host.
            headers["Origin"] = server.origin
        conn = http.client.HTTPConnection(HOST, server.port, timeout=REQUEST_TIMEOUT)
        try:
            conn.request(method, path, body=body, headers=headers)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                    continue
                self.cookies[name] = morsel.value
                self.flags[name] = {"secure": bool(morsel["secure"]), "httponly": bool(morsel["httponly"])}
        return response

    def get(self, server: Process, path: str) -> Response:
        return self.request(server, "GET", path)

    def post(self, server: Process, path: str, form) -> Response:
        return self.request(server, "POST", path, form)

    def sign_in(self, server: Process, username: str) -> Response:
        """Through the real form: GET it for the CSRF cookie and token, then POST."""
        page = self.get(server, "/sign-in/")
        assert page.status == 200, page.status
        assert "csrftoken" in self.cookies, "the sign-in page set no CSRF cookie"
        fields = page.form(field="username")
        return self.post(server, "/sign-in/", with_values(fields, username=username, password=PASSWORD))


# --- the test ------------------------------------------------------------------------------------


@pytest.fixture
def ready(framework, group, district):
    """A framework that passes every Stage One check (as in tests/lpsa/conftest.py)."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.save()
    return framework


@pytest.fixture
def accounts(cast):
    """The officer and the chief executive, with password hashes the children can check.

    tests/conftest.py makes this process hash with MD5, for speed. The gunicorn children run
    the real settings, whose PASSWORD_HASHERS leave MD5 out, so they could never verify such
    a hash and every sign-in would fail. Store a PBKDF2 hash instead (one, shared: the same
    password), which the children's default hasher verifies.
    """
    encoded = make_password(PASSWORD, hasher=PBKDF2PasswordHasher())
    for role in ("officer", "chiefexec"):
        user = cast[role].user
        user.password = encoded
        user.save(update_fields=["password"])
    return cast


def wait_for_pdf(visitor: Visitor, server: Process, path: str, worker: Process | None) -> Response:
    """Ask until the PDF is there; meanwhile the site may only answer its 202 waiting page."""
    deadline = time.monotonic() + PDF_TIMEOUT
    while True:
        response = visitor.get(server, path)
        if response.status == 200:
            return response
        assert response.status == 202, (response.status, response.text[-2000:])
        if worker is not None:
            worker.check_running()
        assert time.monotonic() < deadline, f"no PDF within {PDF_TIMEOUT} s" + (
            f"; the worker's log:\n{worker.log_tail()}" if worker else ""
        )
        time.sleep(0.2)


@pytest.mark.django_db(transaction=True)
def test_two_web_processes_share_sessions_edits_and_approved_pdfs(servers, shared_media, ready, accounts):
    a, b = servers["gunicorn A"], servers["gunicorn B"]
    framework = ready
    priority = framework.priorities.get()

    # 1. A session started on A is honoured by B.
    officer = Visitor()
    signed_in = officer.sign_in(a, "officer")
    assert signed_in.status == 302 and signed_in.location == "/", (signed_in.status, signed_in.text[-2000:])
    assert "sessionid" in officer.cookies
    # Production cookies, which is why Visitor sends them by hand over http.
    assert officer.flags["sessionid"] == {"secure": True, "httponly": True}
    assert Visitor().get(b, "/").status == 302, "B should send a visitor without a session to sign in"
    dashboard = officer.get(b, "/")
    assert dashboard.status == 200, (dashboard.status, dashboard.location)
    assert framework.title in dashboard.text

    # 2. An edit saved through A's form is what B shows, though B cached its overview before.
    new_title = "Fewer people feel unsafe after dark, edited on process A"
    overview_path = framework.get_absolute_url()
    before = officer.get(b, overview_path)
    assert before.status == 200 and priority.title in before.text and new_title not in before.text
    edit_path = f"/priorities/{priority.pk}/edit/"
    edit_page = officer.get(a, edit_path)
    assert edit_page.status == 200, edit_page.status
    saved = officer.post(a, edit_path, with_values(edit_page.form(field="title"), title=new_title))
    assert saved.status == 302, (saved.status, saved.text[-3000:])
    priority.refresh_from_db()
    assert priority.title == new_title
    on_b = officer.get(b, f"/priorities/{priority.pk}/")
    assert on_b.status == 200, on_b.status
    assert new_title in on_b.text
    assert new_title in officer.get(b, overview_path).text, "B showed the overview it cached before the edit"

    # 3. The chief executive approves on A; the stored PDF downloads from B byte for byte.
    Framework.objects.filter(pk=framework.pk).update(stage=Stage.ONE_AWAITING_APPROVAL)
    chief = Visitor()
    assert chief.sign_in(a, "chiefexec").status == 302
    check_path = f"/frameworks/{framework.slug}/approval/"
    approve_path = f"/frameworks/{framework.slug}/workflow/approve_one/"
    check_page = chief.get(a, check_path)
    assert check_page.status == 200, check_page.status
    approved = chief.post(a, approve_path, with_values(check_page.form(action=approve_path), declaration="on"))
    framework.refresh_from_db()
    assert framework.stage == Stage.ONE_SUBMITTED, (approved.status, approved.text[-3000:])
    submission = Submission.objects.get(framework=framework, stage="one")
    assert approved.status == 302 and approved.location == f"/submissions/{submission.pk}/submitted/"
    assert submission.version == 1
    assert new_title in json.dumps(submission.snapshot), "the approval did not freeze the edit made on A"

    pdf_path = f"/submissions/{submission.pk}/pdf/"
    download = wait_for_pdf(chief, b, pdf_path, servers.get("task worker"))
    submission.refresh_from_db()
    assert len(submission.sha256) == 64
    stored = shared_media / submission.pdf.name
    assert submission.pdf.name and stored.is_file(), f"the PDF is not in the shared MEDIA_ROOT: {stored}"
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == submission.sha256
    assert download.headers["Content-Type"] == "application/pdf"
    assert download.body.startswith(b"%PDF-")
    assert hashlib.sha256(download.body).hexdigest() == submission.sha256
    assert download.headers["X-Content-SHA256"] == submission.sha256
    assert chief.get(a, pdf_path).body == download.body

    for process in servers.values():
        process.check_running()
