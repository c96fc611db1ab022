"""The tests' factories are the product's (lpsa/factories.py), and two workflow steps of their own."""

from lpsa.factories import (  # noqa: F401 (re-exported for the tests)
    PASSWORD,
    add,
    make_activity,
    make_comment,
    make_county,
    make_department_sign_off,
    make_framework,
    make_indicator,
    make_involvement,
    make_numbered_target,
    make_org,
    make_person,
    make_priority,
    make_target,
    make_target_area,
    make_tree,
    make_unitary,
    make_user,
    make_working_group,
)
from priorities.models import Framework, Target


def submit_stage_two(framework: Framework, chief_executive, *, department: str = "Home Office"):
    """Approve the framework at Stage Two (each numbered target led by ``department``) and open
    the negotiation; return the submission."""
    from lpsa.models import Submission
    from lpsa.workflow import framework_move
    from priorities.models import Stage

    framework.agreement_targets.update(lead_department=department)
    framework.stage = Stage.TWO_AWAITING_APPROVAL
    framework.save(update_fields=["stage"])
    framework_move(framework=framework, move_name="approve_two", user=chief_executive.user, declared=True)
    framework.stage = Stage.TWO_NEGOTIATION
    framework.save(update_fields=["stage"])
    return Submission.objects.filter(framework=framework, stage="two").order_by("-version").first()


def settle_every_target(framework: Framework, submission, reviewer) -> None:
    """Every line agreed and every numbered target signed off by its department."""
    Target.objects.filter(indicator__target_area__priority__framework=framework).update(status="agreed")
    for target in submission.snapshot["agreement_targets"]:
        make_department_sign_off(
            submission,
            agreement_target_id=target["id"],
            department=target["lead_department"],
            signed_by=reviewer.user,
        )
