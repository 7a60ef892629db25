"""The group's face as the pages read it: the projection's row, or the defaults until
organisers have described the group (the name from settings.SITE_NAME)."""

from __future__ import annotations

from django.conf import settings

from community.group.projection import GroupProfile


def group_profile() -> GroupProfile:
    """One query; an unsaved default row when nothing was described yet."""
    return GroupProfile.objects.filter(pk=1).first() or GroupProfile(pk=1, name=settings.SITE_NAME)
