from django.apps import AppConfig
from django.db.models.signals import post_migrate


def forget_cached_histories(**kwargs) -> None:
    """`flush` (and migrate) may empty the event table: cached histories would lie."""
    from community.eventstore.store import _stores

    for store in _stores.values():
        store.histories.clear()


class EventStoreConfig(AppConfig):
    name = "community.eventstore"
    label = "eventstore"
    verbose_name = "Event store"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        post_migrate.connect(forget_cached_histories, dispatch_uid="eventstore-forget-histories")
