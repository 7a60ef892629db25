from django.apps import AppConfig


class TalksConfig(AppConfig):
    """Proposals, the schedule, resources and the archive (issues 4 and 5)."""

    name = "talks"

    def ready(self) -> None:
        # Registering the projections and automations is importing their modules.
        from talks.archive import projection as archive  # noqa: F401
        from talks.notify import automation as notify  # noqa: F401
        from talks.proposals import projection  # noqa: F401
