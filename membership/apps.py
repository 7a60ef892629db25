from django.apps import AppConfig


class MembershipConfig(AppConfig):
    name = "membership"

    def ready(self) -> None:
        # Register the projections of this app.
        from membership.members import projection  # noqa: F401
