"""The shared cast: Hampshire's officer, working-group lead, chief executive and
administrator, a government reviewer, an officer of another council, an officer of a
unitary council (Portsmouth) that co-signs where a test says so, and anonymous."""

import datetime

import pytest

from partners.models import Organisation, Person, WorkingGroup
from priorities.models import Involvement
from tests.factories import PASSWORD, make_county, make_framework, make_org, make_person, make_tree, make_unitary


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Real hashing is slow on purpose; tests sign in many times."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def tasks_run_at_once(settings):
    """PDFs render inside the request in tests; tests/lpsa/test_worker.py uses the real worker."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def pdfs_render_in_the_test_process(settings):
    """The same WeasyPrint render without a child process per PDF (a second each);
    tests/lpsa/test_bounded_pdfs.py turns the child back on to test its limits."""
    settings.PDF_RENDER_IN_CHILD = False


@pytest.fixture(autouse=True)
def stored_files_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def hampshire(db):
    return make_county()


@pytest.fixture
def district(hampshire):
    return make_org("Rushmoor Borough Council", hampshire)


@pytest.fixture
def portsmouth(db):
    """A unitary council beside Hampshire, which co-signs a framework when a test adds it."""
    return make_unitary()


@pytest.fixture
def cast(hampshire, district, portsmouth):
    """Everyone who might ask for a page, keyed by role name."""
    other_county = make_county("Kent County Council")
    government = make_org("ODPM", None, Organisation.Kind.GOVERNMENT)
    return {
        "officer": make_person("officer", hampshire, Person.Role.OFFICER),
        "wglead": make_person("wglead", district, Person.Role.WORKING_GROUP_LEAD),
        "chiefexec": make_person("chiefexec", hampshire, Person.Role.CHIEF_EXECUTIVE),
        "reviewer": make_person("reviewer", government, Person.Role.REVIEWER),
        "admin": make_person("admin", hampshire, Person.Role.ADMINISTRATOR),
        "otherofficer": make_person("otherofficer", other_county, Person.Role.OFFICER),
        "cosignofficer": make_person("cosignofficer", portsmouth, Person.Role.OFFICER),
    }


@pytest.fixture
def group(hampshire, district, cast):
    return WorkingGroup.objects.create(
        council=hampshire, name="Feeling safe group", lead_organisation=district, lead_person=cast["wglead"]
    )


@pytest.fixture
def framework(hampshire):
    return make_framework(hampshire, slug="hampshire")


@pytest.fixture
def tree(framework, group):
    """One priority led by the lead's group, with one area, indicator and target."""
    return make_tree(framework, group=group)[0]


@pytest.fixture
def login(client):
    """Sign the test client in as a member of the cast (or stay anonymous for None)."""

    def sign_in(person: Person | None):
        client.logout()
        if person is not None:
            client.force_login(person.user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return sign_in


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def ready(framework, group, district):
    """A framework that passes every readiness check of both stages."""
    make_tree(framework, group=group)
    Involvement.objects.create(framework=framework, organisation=district, role=Involvement.Role.DISTRICT)
    framework.net_budget_requirement = 1_000_000_000
    framework.stage_one_deadline = datetime.date(2004, 7, 31)
    framework.save()
    return framework


@pytest.fixture
def at_stage(ready):
    """Put the framework at a stage directly, as the setting for one move."""

    def put(stage: str):
        ready.stage = stage
        ready.save(update_fields=["stage"])
        return ready

    return put
