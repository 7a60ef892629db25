"""The archive, and talk resources and tags."""

from django.urls import path

from talks.archive import view as archive
from talks.resources import view as resources

urlpatterns = [
    path("archive/", archive.archive, name="archive"),
    path("talks/<uuid:talk_id>/resources/", resources.attach, name="resource-attach"),
    path("talks/<uuid:talk_id>/resources/<uuid:resource_id>/", resources.change, name="resource-change"),
    path("talks/<uuid:talk_id>/resources/<uuid:resource_id>/remove/", resources.remove, name="resource-remove"),
    path("talks/<uuid:talk_id>/tags/", resources.tags, name="talk-tags"),
]
