from django.apps import AppConfig


class PrioritiesConfig(AppConfig):
    name = "priorities"
    verbose_name = "Framework content"

    def ready(self) -> None:
        from priorities import content

        content.register(content.OWN_PATHS)
