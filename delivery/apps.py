from django.apps import AppConfig


class DeliveryConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "delivery"
    verbose_name = "Delivery and the reward claim"

    def ready(self) -> None:
        # The delivery stages' moves join the workflow's list; lpsa does not import this app.
        from delivery import claim_notify, workflow  # claim_notify registers the claims' notifications

        workflow.register()
        del claim_notify
