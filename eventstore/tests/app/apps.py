from django.apps import AppConfig


class EventStoreTestsConfig(AppConfig):
    """The event store's own test events, projection, automation and table: installed
    only when DJANGO_ENV=test (community/settings.py), so the machinery is tested without
    any app of the product."""

    name = "eventstore.tests.app"
    label = "eventstore_tests"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Registering the projection and the automation is importing their module.
        from eventstore.tests.app import consumers  # noqa: F401
