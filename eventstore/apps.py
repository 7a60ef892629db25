from django.apps import AppConfig
from django.db.models.signals import post_migrate


def after_migrate(using: str, **kwargs) -> None:
    # Imported here, not at the top: these modules import models, which need the app registry ready.
    from eventstore.automations import start_new_automations  # (see above)
    from eventstore.store import forget_cached_histories  # (see above)

    forget_cached_histories()  # `flush` (and migrate) may empty the event table: cached histories would lie
    start_new_automations(using)


class EventStoreConfig(AppConfig):
    """The event store in Django's database, and the machinery of what follows the log:
    projections, automations, the outbox."""

    name = "eventstore"
    label = "eventstore"
    verbose_name = "Event store"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Once, after every app's migrations (the automations are registered by then).
        post_migrate.connect(after_migrate, sender=self, dispatch_uid="eventstore-after-migrate")
