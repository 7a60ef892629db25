from django.apps import AppConfig


class MeetupsConfig(AppConfig):
    """Meetups, RSVPs, seats and check-in.

    The app label stays "community", where these models were born: their tables
    (community_meetuplisting, community_rosterentry), content types, permission codenames
    and admin URLs keep their names, so no data migration was needed when the app moved
    (docs/decisions/0006-meetups-app-label.md)."""

    name = "meetups"
    label = "community"
    verbose_name = "Meetups"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registering the projections and automations is importing their modules.
        from meetups.listing import projection as listing  # noqa: F401
        from meetups.notify import automation as notify  # noqa: F401
        from meetups.preferences import projection as preferences  # noqa: F401
        from meetups.reminders import timer as reminders  # noqa: F401
        from meetups.roster import projection as roster  # noqa: F401
        from meetups.seats import erased_members  # noqa: F401
        from meetups.series import ahead  # noqa: F401
        from meetups.series import projection as series  # noqa: F401
