"""The simulated users of bench/load.py, for Locust (headless, on 127.0.0.1 only).

bench/load.py runs this in a Locust subprocess, naming the user classes of each phase:
`Floor` alone, then the realistic mix of `Officer`, `Lead` and `ChiefExecutive`. It passes
``--scenario``, a JSON file with what there is to visit (the Hampshire demo's items, its
approved PDF) and a signed-in session for each user, made by Django's own login in the
harness; so no password is checked during the run, and each user starts with its session
cookie. Everything else the site sets (the CSRF cookie) comes and goes through Locust's
cookie jar, which sends the site's Secure cookies to 127.0.0.1 over http, as browsers do. Every request is checked: its status (redirects are not followed), and for
forms, downloads and the floor what it contains; anything else is a Locust failure.

Users work in a closed loop with no think time. Everybody reads pages and downloads (the
approved PDF, the framework's spreadsheet); officers and administrators also edit a target
line through its real form; the working-group lead comments through the form on an indicator.
"""

import itertools
import json
import random
from decimal import Decimal
from http.cookiejar import Cookie, DefaultCookiePolicy
from urllib.parse import urlencode, urlsplit

import gevent
import lxml.html
from locust import FastHttpUser, constant, events, task

HOST = "127.0.0.1"
EDIT_STEP = Decimal("0.1")  # a save moves the stretch target this much further, or back
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

SCENARIO: dict = {}
SESSION_TURNS: dict[str, itertools.count] = {}  # each account's sessions, handed out in turn
CLASS_TURNS: dict[str, itertools.count] = {}  # the users of each class, numbered as they start


@events.init_command_line_parser.add_listener
def _arguments(parser) -> None:
    parser.add_argument("--scenario", default="", help="JSON written by bench/load.py: what to visit, and sessions")
    parser.add_argument("--max-requests", type=int, default=0, help="stop after this many requests (0: no limit)")
    parser.add_argument("--summary", default="", help="write the final figures to this JSON file")


@events.init.add_listener
def _set_up(environment, **_kwargs) -> None:
    options = environment.parsed_options
    host = urlsplit(environment.host or getattr(options, "host", "") or "").hostname
    if host != HOST:
        raise SystemExit(f"bench/locustfile.py runs against http://{HOST}:PORT only, not {environment.host!r}.")
    if not options.scenario:
        raise SystemExit("bench/locustfile.py needs --scenario (bench/load.py writes it).")
    with open(options.scenario, encoding="utf-8") as file:
        SCENARIO.update(json.load(file))
    SESSION_TURNS.update({account: itertools.count() for account in SCENARIO["sessions"]})
    if options.max_requests:
        counted = itertools.count(1)

        def _count(**_request) -> None:
            if next(counted) == options.max_requests:
                gevent.spawn(environment.runner.quit)

        environment.events.request.add_listener(_count)


@events.quitting.add_listener
def _summary(environment, **_kwargs) -> None:
    """Locust's own final figures (its CSV is written every second, so may miss the last one)."""
    if not environment.parsed_options.summary:
        return
    stats = environment.stats

    def figures(entry) -> dict:
        return {
            "name": entry.name,
            "requests": entry.num_requests,
            "failures": entry.num_failures,
            "throughput": entry.total_rps,
            "median": entry.median_response_time,
            "p95": entry.get_response_time_percentile(0.95),
        }

    summary = {
        "total": figures(stats.total),
        "rows": [figures(entry) for entry in stats.entries.values()],
        "errors": [[error.name, str(error.error), error.occurrences] for error in stats.errors.values()],
    }
    with open(environment.parsed_options.summary, "w", encoding="utf-8") as file:
        json.dump(summary, file)


def form_of(html: str, field: str = "", action: str = "") -> list[tuple[str, str]] | None:
    """What a browser would post from the first form that has this field (or this action)."""
    for form in lxml.html.document_fromstring(html).forms:
        values = list(form.form_values())
        if (not field or any(name == field for name, _ in values)) and action in (form.action or ""):
            return values
    return None


def replaced(fields: list[tuple[str, str]], **values: str) -> list[tuple[str, str]]:
    """The form's fields in order, some values replaced (or added)."""
    posted = [(name, values.pop(name) if name in values else value) for name, value in fields]
    return posted + list(values.items())


class Session(FastHttpUser):
    """A user with a session of one of ``accounts``, taken in turn by the users of a class."""

    abstract = True
    wait_time = constant(0)
    accounts: tuple[str, ...] = ()

    def on_start(self) -> None:
        turn = next(CLASS_TURNS.setdefault(type(self).__name__, itertools.count()))
        self.account = self.accounts[turn % len(self.accounts)]
        self.rng = random.Random(2004 + turn)
        sessions = SCENARIO["sessions"][self.account]
        key = sessions[next(SESSION_TURNS[self.account]) % len(sessions)]
        # With DEBUG off the site's cookies are Secure; like a browser, which counts the
        # loopback as a secure context, send them back over plain http to 127.0.0.1.
        self.client.cookiejar.set_policy(DefaultCookiePolicy(secure_protocols=("https", "wss", "http")))
        self.client.cookiejar.set_cookie(session_cookie(SCENARIO["session_cookie"], key))

    # --- requests, each checked ---------------------------------------------------------

    def fetch(self, name: str, path: str, *, form=None, expect=(200,), check=None, conflict: int = 0):
        """One request, not following redirects; a failure unless its status is expected and
        ``check(response)`` (if given) finds no problem. The response, or None on a failure."""
        headers = {"Accept": "text/html,*/*"}
        data = None
        if form is not None:
            data = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{HOST}:{urlsplit(self.host).port}"  # as a browser sends it
        method = "GET" if form is None else "POST"
        with self.client.request(
            method, path, name=name, data=data, headers=headers, allow_redirects=False, catch_response=True
        ) as response:
            status = response.status_code
            if conflict and status == conflict:
                response.request_meta["name"] = f"{name} ({status}: someone saved first)"
                response.success()
                return None
            # Locust counts failures by request name and message: no item numbers in the message.
            if status not in expect:
                where = urlsplit(response.headers.get("Location") or "").path
                response.failure(f"status {status}" + (f" to {where}" if where else ""))
                return None
            problem = check(response) if check else None
            if problem:
                response.failure(problem)
                return None
            response.success()
            return response

    def page(self, name: str, path: str):
        return self.fetch(name, path, check=html_page)


class Reader(Session):
    """Everybody in the mix: reads pages and downloads."""

    abstract = True

    # --- reading ------------------------------------------------------------------------

    @task(15)
    def dashboard(self) -> None:
        self.page("dashboard", "/")

    @task(15)
    def framework(self) -> None:
        self.page("framework", f"/frameworks/{SCENARIO['slug']}/")

    @task(15)
    def priority(self) -> None:
        self.page("priority", f"/priorities/{self.rng.choice(SCENARIO['priorities'])}/")

    @task(20)
    def indicator(self) -> None:
        self.page("indicator", f"/indicators/{self.rng.choice(SCENARIO['indicators'])}/")

    @task(15)
    def target(self) -> None:
        self.page("target", f"/targets/{self.rng.choice(SCENARIO['targets'])}/")

    @task(10)
    def money(self) -> None:
        self.page("money", f"/frameworks/{SCENARIO['slug']}/money/")

    @task(10)
    def calculator(self) -> None:
        self.page("calculator", f"/frameworks/{SCENARIO['slug']}/reward-calculator/?{SCENARIO['calculator_query']}")

    # --- downloading --------------------------------------------------------------------

    @task(3)
    def approved_pdf(self) -> None:
        self.fetch("approved pdf", SCENARIO["pdf_path"], check=approved_pdf)

    @task(2)
    def spreadsheet(self) -> None:
        self.fetch("spreadsheet", f"/frameworks/{SCENARIO['slug']}/export.xlsx", check=spreadsheet)


class Officer(Reader):
    """Officers and administrators: they read, download, and edit target lines."""

    weight = 2
    accounts = ("officer", "admin")

    @task(16)
    def edit_target(self) -> None:
        """The edit form, then a save moving the stretch target a step (or back), then the
        target page it goes to. A 409 (someone saved the line since the form was loaded) is
        the site's handled conflict, counted apart."""
        pk = self.rng.choice(list(SCENARIO["editable"]))
        path = f"/targets/{pk}/edit/"
        page = self.fetch("edit: form", path, check=lambda r: None if form_of(r.text, "version") else "no edit form")
        if page is None:
            return
        fields = form_of(page.text, "version")
        loaded, better = SCENARIO["editable"][pk]
        loaded = Decimal(loaded)
        current = Decimal(dict(fields).get("with_lpsa") or "0")
        new = loaded + better * EDIT_STEP if current == loaded else loaded
        form = replaced(fields, with_lpsa=str(new), change_reason="Figures rechecked (load test).")
        saved = self.fetch("edit: save", path, form=form, expect=(302,), conflict=409)
        if saved is not None:
            self.page("edit: then target", saved.headers["Location"])


class Lead(Reader):
    """The working-group lead: reads, downloads, and comments on indicators."""

    weight = 1
    accounts = ("wglead",)

    @task(30)
    def comment(self) -> None:
        """An indicator's page, its comment form posted, then the page it goes back to."""
        pk = self.rng.choice(SCENARIO["indicators"])
        action = f"/comments/on/indicator/{pk}/"
        page = self.fetch(
            "indicator",
            f"/indicators/{pk}/",
            check=lambda r: html_page(r) or (None if form_of(r.text, "text", action) else "no comment form"),
        )
        if page is None:
            return
        text = f"Load-test comment {self.rng.randrange(10**6)}: is the baseline from the same source?"
        posted = self.fetch(
            "comment: post", action, form=replaced(form_of(page.text, "text", action), text=text), expect=(302,)
        )
        if posted is not None:
            self.page("comment: then indicator", posted.headers["Location"])


class ChiefExecutive(Reader):
    """The chief executive: reads and downloads only."""

    weight = 1
    accounts = ("chiefexec",)


class Floor(Session):
    """Django's own floor for a signed-in request: bench/floor.py's one-line page, as the officer."""

    accounts = ("officer",)

    @task
    def floor(self) -> None:
        self.fetch(
            "floor", SCENARIO["floor_path"], check=lambda r: None if "Signed in as" in r.text else "not the floor"
        )


# --- checks -------------------------------------------------------------------------------


def html_page(response) -> str | None:
    kind = response.headers.get("Content-Type", "")
    return None if kind.startswith("text/html") else f"Content-Type {kind!r}, not a page"


def approved_pdf(response) -> str | None:
    body = response.content or b""
    if (
        len(body) != SCENARIO["pdf_size"]
        or response.headers.get("X-Content-SHA256") != SCENARIO["pdf_sha256"]
        or not body.startswith(b"%PDF-")
    ):
        return f"not the approved PDF ({len(body)} bytes)"
    return None


def spreadsheet(response) -> str | None:
    if response.headers.get("Content-Type") != XLSX or not (response.content or b"").startswith(b"PK\x03\x04"):
        return "not a spreadsheet"
    return None


def session_cookie(name: str, value: str) -> Cookie:
    """The session cookie as the site would have set it at sign-in, for the loopback host."""
    return Cookie(
        version=0,
        name=name,
        value=value,
        port=None,
        port_specified=False,
        domain=HOST,
        domain_specified=False,
        domain_initial_dot=False,
        path="/",
        path_specified=True,
        secure=True,
        expires=None,
        discard=True,
        comment=None,
        comment_url=None,
        rest={"HttpOnly": ""},
    )


if __name__ == "__main__":
    raise SystemExit("Run by bench/load.py, through Locust: see bench/README.md.")
