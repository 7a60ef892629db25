from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def sync_organisers_group(app_config, using: str, **kwargs) -> None:
    """After the last app's migrations (every permission exists by then), give an existing
    Organisers group the permissions of this release (a new admin page, say): organisers
    appointed before an upgrade see it too."""
    if app_config is not list(apps.get_app_configs())[-1]:
        return
    # Imported here: the models need the app registry, which is ready only after ready().
    from django.contrib.auth.models import Group

    from membership.organisers.command import organisers_group  # (see above)

    if Group.objects.using(using).filter(name="Organisers").exists():
        organisers_group()


class MembershipConfig(AppConfig):
    name = "membership"

    def ready(self) -> None:
        # Registering the projections is importing their module.
        from membership.emails import signals
        from membership.members import projection  # noqa: F401

        signals.connect()

        post_migrate.connect(sync_organisers_group, dispatch_uid="membership-sync-organisers-group")
