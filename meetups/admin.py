# Django's admin finds each app's admin module here; the meetup admin lives with the
# commands it sends (meetups/schedule/admin.py).
from meetups.schedule import admin  # noqa: F401
from meetups.series import admin as series_admin  # noqa: F401 - the series admin lives with its commands
