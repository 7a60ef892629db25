import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "community.settings")
django_application = get_wsgi_application()

# Imported once Django is set up (the lane reads settings and the prepared pages' memory).
from community.fast_lane import FastLane  # noqa: E402

# The exports that calendar apps poll are answered ahead of Django while unchanged
# (community/fast_lane.py); everything else is Django's.
application = FastLane(django_application)
