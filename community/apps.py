from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "community"
    verbose_name = "Community"

    def ready(self) -> None:
        # Register the projections of this app.
        from community.meetups.listing import projection as listing  # noqa: F401
        from community.meetups.roster import projection as roster  # noqa: F401
