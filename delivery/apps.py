from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "delivery"
    verbose_name = "Delivery and the reward claim"

    def ready(self) -> None:
        # The delivery stages' moves join the workflow's list; lpsa does not import this app.
        from delivery import claim_notify, workflow  # claim_notify registers the claims' notifications
        from priorities import content

        workflow.register()

        # Delivery's rows are part of what an agreement's pages show (priorities/content.py).
        line = f"line__{content.LINE}"
        content.register(
            {
                "delivery.TrajectoryPoint": (line,),
                "delivery.PerformanceReturn": (line,),
                "delivery.Evidence": (
                    f"performance_return__{line}",
                    "verification__claim__framework",
                    f"verification__performance_return__{line}",
                ),
                "delivery.Spend": ("allocation__framework",),
                "delivery.FreedomProgress": (f"freedom__target__{content.LINE}",),
                "delivery.Claim": ("framework",),
                "delivery.Payment": ("claim__framework",),
                "delivery.Verification": ("claim__framework", f"performance_return__{line}"),
                "delivery.PartnerShare": ("framework",),
            }
        )
        del claim_notify
