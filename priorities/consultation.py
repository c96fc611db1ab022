"""Who has and has not answered the partner consultation on the draft, for the pages that show it."""

from dataclasses import dataclass, field

from priorities.models import Framework, Involvement

R = Involvement.Role

#: The partners consulted, in the groups the chief executive reads them in.
GROUPS = [
    ("Districts", {R.DISTRICT}),
    ("Local Strategic Partnerships", {R.LSP}),
    ("Other partners", {R.PUBLIC_BODY, R.VOLUNTARY}),
]


@dataclass
class Answer:
    """One partner's part in the consultation, in words."""

    name: str
    involvement: Involvement | None
    state: str  # "answered", "waiting", "not_sent", "declined" or "not_asked"

    @property
    def answered(self) -> bool:
        return self.state == "answered"

    @property
    def words(self) -> str:
        involvement = self.involvement
        if self.state == "answered":
            return f"Answered on {involvement.answered_on:%-d %B %Y}"
        if self.state == "waiting":
            return f"Not answered yet. Sent the draft on {involvement.consulted_on:%-d %B %Y}"
        if self.state == "not_sent":
            return "Not sent the draft yet"
        if self.state == "declined":
            return "Declined to take part"
        return "Not asked to take part"


@dataclass
class Group:
    heading: str
    answers: list[Answer] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for answer in self.answers if answer.answered)

    @property
    def expected(self) -> int:
        """The partners asked for an answer: those taking part, or invited to."""
        return sum(1 for answer in self.answers if answer.state in ("answered", "waiting", "not_sent"))


def _state(involvement: Involvement) -> str:
    if involvement.answered_on is not None:
        return "answered"
    if involvement.status == Involvement.Status.DECLINED:
        return "declined"
    if involvement.consulted_on is not None:
        return "waiting"
    return "not_sent"


def consultation_rows(framework: Framework) -> list[Group]:
    """Each group of partners with each one's answer; districts never asked are listed too.

    Two queries, however many partners: the involvements, and the districts of the area.
    """
    involvements = list(framework.involvements.select_related("organisation").order_by("organisation__name"))
    groups = [Group(heading) for heading, _ in GROUPS]
    for involvement in involvements:
        for group, (_, roles) in zip(groups, GROUPS, strict=True):
            if involvement.role in roles:
                group.answers.append(Answer(involvement.organisation.name, involvement, _state(involvement)))
    listed = {involvement.organisation_id for involvement in involvements}
    for district in framework.districts().order_by("name"):
        if district.pk not in listed:
            groups[0].answers.append(Answer(district.name, None, "not_asked"))
    groups[0].answers.sort(key=lambda answer: answer.name)
    return [group for group in groups if group.answers]
