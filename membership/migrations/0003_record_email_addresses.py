"""Members who joined before email changes were events: their addresses as the account
pages hold them (confirmed ones, and a primary address changed since they joined) are
recorded as events now (membership/emails/command.py), so the members projection mails
the right address and confirmed members may show a public profile. Appends events; edits
none. Profiles start private (nobody has a PublicProfileShown event yet)."""

from django.db import migrations


def record(apps, schema_editor):
    # The live command: events are appended through the store, with today's classes.
    from django.contrib.auth import get_user_model

    from membership.emails.command import record_addresses_of

    Member = apps.get_model("membership", "Member")
    users = get_user_model().objects.using(schema_editor.connection.alias)
    for user_id in Member.objects.using(schema_editor.connection.alias).values_list("user_id", flat=True):
        user = users.filter(pk=user_id).first()
        if user is not None:
            record_addresses_of(user)


class Migration(migrations.Migration):
    dependencies = [
        ("membership", "0002_public_profiles"),
        ("eventstore", "0005_reseal_personal_data"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
