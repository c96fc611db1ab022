from django.apps import AppConfig


class LpsaConfig(AppConfig):
    name = "lpsa"
    verbose_name = "LPSA2 workflow"

    def ready(self) -> None:
        from priorities import content

        # The workflow's records are part of what a framework's pages show (priorities/content.py).
        content.register(
            {
                "lpsa.StageChange": ("framework",),
                "lpsa.Comment": ("framework",),
                "lpsa.Submission": ("framework",),
                "lpsa.DepartmentSignOff": ("submission__framework",),
                "lpsa.NegotiationEntry": (f"target__{content.LINE}",),
                "lpsa.Milestone": ("framework",),
            }
        )
