# Django's admin finds each app's admin module here; the meetup admin lives with the
# commands it sends (meetups/schedule/admin.py).
from meetups.schedule import admin  # noqa: F401
