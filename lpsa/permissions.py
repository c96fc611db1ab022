"""Who may move a framework on, comment, resolve and read submissions. Every lpsa view asks here."""

from django.http import Http404

from lpsa.models import Comment, Submission
from partners.models import Person
from partners.permissions import person_of
from priorities.models import STAGES_WITH_GOVERNMENT, Framework, Stage
from priorities.permissions import frameworks_for

COUNCIL_ROLES = {
    Person.Role.OFFICER,
    Person.Role.ADMINISTRATOR,
    Person.Role.WORKING_GROUP_LEAD,
    Person.Role.CHIEF_EXECUTIVE,
}
RESOLVERS = {Person.Role.OFFICER, Person.Role.ADMINISTRATOR, Person.Role.CHIEF_EXECUTIVE}


def _own_council(person: Person | None, framework: Framework) -> bool:
    return person is not None and person.organisation.council_area_id == framework.council_id


def is_reviewer(user) -> bool:
    person = person_of(user)
    return person is not None and person.role == Person.Role.REVIEWER


def can_comment(user, framework: Framework) -> bool:
    """Council staff comment on their own frameworks; reviewers once government has them."""
    person = person_of(user)
    if person is None:
        return False
    if person.role == Person.Role.REVIEWER:
        return framework.stage in STAGES_WITH_GOVERNMENT
    return person.role in COUNCIL_ROLES and _own_council(person, framework)


def can_negotiate(user, framework: Framework) -> bool:
    """Government reviewers record offers and agreements on frameworks at Stage Two with government."""
    return is_reviewer(user) and framework.stage in (Stage.TWO_SUBMITTED, Stage.TWO_NEGOTIATION)


def submissions_for(user):
    """Council staff see their own frameworks' submissions; reviewers every framework's with government."""
    if is_reviewer(user):
        return Submission.objects.filter(framework__stage__in=STAGES_WITH_GOVERNMENT)
    return Submission.objects.filter(framework__in=frameworks_for(user))


def frameworks_readable_by(user):
    """Frameworks whose items a user may comment on or see comments of."""
    if is_reviewer(user):
        return Framework.objects.filter(stage__in=STAGES_WITH_GOVERNMENT)
    return frameworks_for(user)


def get_subject(user, model, pk: int, *, framework_path: str):
    """An item to comment on or negotiate: the council's own, or for a reviewer one with government."""
    item = model.objects.filter(**{f"{framework_path}__in": frameworks_readable_by(user)}, pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    return item


def can_resolve(user, comment: Comment) -> bool:
    """Officers and the chief executive resolve any thread; others only their own."""
    person = person_of(user)
    if person is None or not _own_council(person, comment.framework):
        return comment.author_id == user.pk and can_comment(user, comment.framework)
    return person.role in RESOLVERS or comment.author_id == user.pk


def get_comment_for_user(user, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("framework__council", "indicator", "priority", "target", "parent")
        .filter(framework__in=frameworks_readable_by(user), pk=pk)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment


def get_submission_for_user(user, pk: int) -> Submission:
    submission = submissions_for(user).select_related("framework__council", "approved_by").filter(pk=pk).first()
    if submission is None:
        raise Http404("No such submission.")
    return submission


def get_framework_for_workflow(user, slug: str) -> Framework:
    """The stages page: council staff for their frameworks, reviewers once government has one."""
    framework = frameworks_readable_by(user).select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework
