"""Who may move a framework on, comment, resolve, negotiate and read submissions. Every lpsa view asks here.

Government's reviewers never see a live framework. What they read is what councils
submitted to them: each Submission's frozen snapshot, the comment threads the council
opened with government (or they opened) on items of a submission, and the negotiation of
targets that were in the Stage Two submission. Every submission stays theirs to read in
every later stage.

A closed framework is read-only for everyone: nobody comments on it, resolves its threads,
negotiates its targets or records sign-offs until a council administrator reopens it.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from lpsa.models import Comment, InboxItem, Milestone, NegotiationEntry, Submission
from lpsa.snapshot import snapshot_item
from partners.models import Person
from partners.permissions import person_of
from priorities.models import DELIVERY_STAGES, Framework, Stage, Target
from priorities.permissions import EDITOR_ROLES, frameworks_for, is_council_editor, is_signatory_person

COUNCIL_ROLES = {
    Person.Role.OFFICER,
    Person.Role.ADMINISTRATOR,
    Person.Role.WORKING_GROUP_LEAD,
    Person.Role.CHIEF_EXECUTIVE,
}
RESOLVERS = {Person.Role.OFFICER, Person.Role.ADMINISTRATOR, Person.Role.CHIEF_EXECUTIVE}
NEGOTIATING_STAGES = {Stage.TWO_SUBMITTED, Stage.TWO_NEGOTIATION}


def _own_council(person: Person | None, framework: Framework) -> bool:
    """Whether the person's council signs the framework, as its lead or a co-signatory."""
    return is_signatory_person(person, framework)


def is_reviewer(user) -> bool:
    person = person_of(user)
    return person is not None and person.role == Person.Role.REVIEWER


def side_of(user, framework: Framework) -> str | None:
    """Which side of the negotiation of this framework the user speaks for, if either."""
    person = person_of(user)
    if person is None:
        return None
    if person.role == Person.Role.REVIEWER:
        return NegotiationEntry.Side.GOVERNMENT
    if person.role in EDITOR_ROLES and _own_council(person, framework):
        return NegotiationEntry.Side.COUNCIL
    return None


def can_comment(user, framework: Framework) -> bool:
    """Council staff comment on their own frameworks' live items (reviewers comment on submissions)."""
    person = person_of(user)
    return (
        person is not None
        and person.role in COUNCIL_ROLES
        and _own_council(person, framework)
        and not framework.is_closed
    )


def can_comment_on_submission(user, submission: Submission) -> bool:
    """Reviewers open and answer threads with the council on any submission they can read,
    unless its framework is closed."""
    return is_reviewer(user) and not submission.framework.is_closed


def submissions_for(user):
    """Council staff see their own frameworks' submissions; reviewers every submission ever made."""
    if is_reviewer(user):
        return Submission.objects.all()
    return Submission.objects.filter(framework__in=frameworks_for(user))


def get_subject(user, model, pk: int, *, framework_path: str):
    """A live item to comment on: only ever one of the user's own council."""
    item = model.objects.filter(**{f"{framework_path}__in": frameworks_for(user)}, pk=pk).first()
    if item is None:
        raise Http404("No such item.")
    return item


def can_resolve(user, comment: Comment) -> bool:
    """Officers and the chief executive resolve any thread; others, reviewers included, only their own."""
    person = person_of(user)
    if person is None or comment.framework.is_closed:
        return False
    if person.role == Person.Role.REVIEWER:
        return comment.author_id == user.pk and comment.is_with_government
    if not _own_council(person, comment.framework):
        return False
    return person.role in RESOLVERS or comment.author_id == user.pk


def comments_for(user):
    """Every comment a user may read: their council's, or for a reviewer the threads with government."""
    if is_reviewer(user):
        return Comment.objects.with_government()
    return Comment.objects.filter(framework__in=frameworks_for(user))


def get_comment_for_user(user, pk: int) -> Comment:
    comment = (
        comments_for(user)
        .select_related("framework__council", "indicator", "priority", "target", "parent", "submission")
        .filter(pk=pk)
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
    """The stages page, with the council's internal steps: the council's own staff only."""
    framework = frameworks_for(user).select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def get_framework_for_approval(user, slug: str) -> Framework:
    """A framework whose approval the user may check and give: the lead authority's chief
    executive's own (a 403 for the council's other people, a 404 for anyone else's)."""
    from lpsa.workflow import MOVES_BY_NAME, is_theirs_to_make

    framework = get_framework_for_workflow(user, slug)
    # Both stages' approvals are the same people's to give. Closed, the page says so to them.
    if not is_theirs_to_make(user, framework, MOVES_BY_NAME["approve_one"]):
        raise PermissionDenied("Only the lead authority's chief executive approves a framework.")
    return framework


def get_submission_for_council(user, pk: int) -> Submission:
    """A submission of the user's own council, as the council sees it (reviewers read it elsewhere)."""
    submission = (
        Submission.objects.filter(framework__in=frameworks_for(user))
        .select_related("framework__council", "approved_by", "declared_by")
        .filter(pk=pk)
        .first()
    )
    if submission is None:
        raise Http404("No such submission.")
    return submission


def get_framework_for_move(user, slug: str) -> Framework:
    """A framework whose stage the user may ask to move: their own council's, or for a reviewer
    one that has submitted a version to government."""
    if is_reviewer(user):
        # Government records its decisions on what was submitted to it, and on signed agreements.
        with_government = Q(submissions__isnull=False) | Q(stage__in=DELIVERY_STAGES)
        frameworks = Framework.objects.filter(with_government).distinct()
    else:
        frameworks = frameworks_for(user)
    framework = frameworks.select_related("council").filter(slug=slug).first()
    if framework is None:
        raise Http404("No such framework.")
    return framework


def negotiated_submission(framework: Framework) -> Submission | None:
    """The Stage Two version under negotiation: the latest one the chief executive approved."""
    return framework.submissions.filter(stage=Submission.Part.TWO).order_by("-version").first()


def can_negotiate(user, framework: Framework) -> bool:
    """Each side records offers and answers while Stage Two is with government."""
    return framework.stage in NEGOTIATING_STAGES and not framework.is_closed and side_of(user, framework) is not None


def get_negotiable_target(user, pk: int) -> tuple[Target, Submission, dict]:
    """A target in the Stage Two submission that the user may negotiate, with that submission and
    the target as submitted; anything else is a 404, so a reviewer learns nothing of live items."""
    target = (
        Target.objects.select_related("indicator__target_area__priority__framework__council", "agreement_target")
        .filter(pk=pk)
        .first()
    )
    if target is None:
        raise Http404("No such target.")
    framework = target.framework
    if not can_negotiate(user, framework):
        raise Http404("No such target.")
    submission = negotiated_submission(framework)
    submitted = snapshot_item(submission.snapshot, "target", pk) if submission else None
    if submitted is None:
        raise Http404("No such target.")
    return target, submission, submitted


def can_sign_off(user, submission: Submission) -> bool:
    """A reviewer records departments' sign-offs on the Stage Two version under negotiation."""
    framework = submission.framework
    return (
        is_reviewer(user)
        and submission.stage == Submission.Part.TWO
        and framework.stage in NEGOTIATING_STAGES
        and not framework.is_closed
        and negotiated_submission(framework) == submission
    )


def inbox_for(user):
    """A person's own inbox: nobody reads anyone else's."""
    return InboxItem.objects.filter(recipient_id=user.pk)


def get_inbox_item_for_user(user, pk: int) -> InboxItem:
    """One item of the user's own inbox; anyone else's is a 404, as if it did not exist."""
    item = inbox_for(user).select_related("framework").filter(pk=pk).first()
    if item is None:
        raise Http404("No such item in your inbox.")
    return item


def can_edit_milestones(user, framework: Framework) -> bool:
    """The officers and administrators of a council that signs it set its milestones, in any stage:
    they are the council's own dates, not content the chief executive approves. A closed framework
    changes no more, its dates included."""
    return is_council_editor(user, framework) and not framework.is_closed


def get_milestone_for_user(user, pk: int) -> Milestone:
    """A milestone of a framework the user's council signs; any other is a 404."""
    milestone = (
        Milestone.objects.select_related("framework__council").filter(framework__in=frameworks_for(user), pk=pk).first()
    )
    if milestone is None:
        raise Http404("No such milestone.")
    return milestone


def get_framework_for_comments(user, slug: str) -> Framework:
    """A framework whose comments page the user may read: their own council's. Reviewers read
    the threads opened with government on the submissions instead, so for them it is a 404."""
    return get_framework_for_workflow(user, slug)


def framework_comments_for(user, framework: Framework):
    """The comments of one framework that this user may read."""
    return comments_for(user).filter(framework=framework)
