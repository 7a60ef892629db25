from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site layer: settings, root URLs, the pages that compose several apps and the
    demo seeding. It sits above the apps and no app imports it. Its label is "site":
    "community" is the meetups app's label (see meetups/apps.py)."""

    name = "community"
    label = "site"
    verbose_name = "Site"

    def ready(self) -> None:
        # Registering the group projection is importing its module.
        from community.group import projection  # noqa: F401
