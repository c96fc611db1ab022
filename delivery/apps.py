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
        lines = content.LINES
        content.register(
            {
                "delivery.TrajectoryPoint": (("line_id", lines),),
                "delivery.PerformanceReturn": (("line_id", lines),),
                "delivery.Evidence": (
                    ("performance_return_id", f"{lines}__returns"),
                    ("verification_id", "claims__verification"),
                    ("verification_id", f"{lines}__returns__verification"),
                ),
                "delivery.Spend": (("allocation_id", "pump_priming"),),
                "delivery.FreedomProgress": (("freedom_id", f"{lines}__freedoms"),),
                "delivery.Claim": (("framework_id", "pk"),),
                "delivery.Payment": (("claim_id", "claims"),),
                "delivery.Verification": (("claim_id", "claims"), ("performance_return_id", f"{lines}__returns")),
                "delivery.PartnerShare": (("framework_id", "pk"),),
            }
        )
        del claim_notify
