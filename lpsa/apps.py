from django.apps import AppConfig


class LpsaConfig(AppConfig):
    name = "lpsa"
    verbose_name = "LPSA2 workflow"

    def ready(self) -> None:
        from priorities import content

        # The workflow's records are part of what a framework's pages show (priorities/content.py).
        content.register(
            {
                "lpsa.StageChange": (("framework_id", "pk"),),
                "lpsa.Comment": (("framework_id", "pk"),),
                "lpsa.Submission": (("framework_id", "pk"),),
                "lpsa.DepartmentSignOff": (("submission_id", "submissions"),),
                "lpsa.NegotiationEntry": (("target_id", content.LINES),),
                "lpsa.Milestone": (("framework_id", "pk"),),
            }
        )
