import logging

from django.apps import AppConfig
from django.conf import settings


class SiteConfig(AppConfig):
    """The site layer: settings, root URLs, the pages that compose several apps and the
    demo seeding. It sits above the apps and no app imports it. Its label is "site":
    "community" is the meetups app's label (see meetups/apps.py)."""

    name = "community"
    label = "site"
    verbose_name = "Site"

    def ready(self):
        # A staging box (or a smoke test) may run production settings without an SMTP
        # server: allowed, but said once at start-up so nobody mistakes it for a live site.
        if settings.PRODUCTION and settings.EMAIL_STAGING_BACKEND:
            logging.getLogger("convene.startup").warning(
                "WARNING: EMAIL_URL=%s: mail is %s, not sent (staging only).",
                settings.EMAIL_URL,
                "printed to the console" if settings.EMAIL_STAGING_BACKEND == "console" else "written to files",
            )
        # Registering the group projection is importing its module.
        from community.group import projection  # noqa: F401
