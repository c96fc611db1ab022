"""Who may move a framework on, comment, resolve and read submissions. Every lpsa view asks here."""

from django.http import Http404

from lpsa.models import Comment, Submission
from partners.models import Person
from partners.permissions import person_of
from priorities.models import STAGES_WITH_GOVERNMENT, Framework
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


def can_comment(user, framework: Framework) -> bool:
    """Council staff comment on their own frameworks; reviewers once government has them."""
    person = person_of(user)
    if person is None:
        return False
    if person.role == Person.Role.REVIEWER:
        return framework.stage in STAGES_WITH_GOVERNMENT
    return person.role in COUNCIL_ROLES and _own_council(person, framework)


def can_resolve(user, comment: Comment) -> bool:
    """Officers and the chief executive resolve any thread; others only their own."""
    person = person_of(user)
    if person is None or not _own_council(person, comment.framework):
        return comment.author_id == user.pk and can_comment(user, comment.framework)
    return person.role in RESOLVERS or comment.author_id == user.pk


def get_comment_for_user(user, pk: int) -> Comment:
    comment = (
        Comment.objects.select_related("framework__council", "indicator", "priority", "target", "parent")
        .filter(framework__in=frameworks_for(user), pk=pk)
        .first()
    )
    if comment is None:
        raise Http404("No such comment.")
    return comment


def get_submission_for_user(user, pk: int) -> Submission:
    submission = (
        Submission.objects.select_related("framework__council", "approved_by")
        .filter(framework__in=frameworks_for(user), pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    return submission
