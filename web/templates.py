"""Templates kept in the folder of their use case (meetups/rsvp/panel.html), beside its
view and tests, rather than in one tree far from the code.

A name "<app>/<folder>/.../<file>" is looked up as that path under the project, for the
apps in APPS only, and only for .html and .txt files.
Site-wide templates (the base layout, pages composed of several apps) stay in
templates/."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template.loaders.filesystem import Loader as FilesystemLoader

APPS = ("meetups", "membership", "talks", "community")
SUFFIXES = (".html", ".txt")


class SliceLoader(FilesystemLoader):
    def get_dirs(self):
        return [Path(settings.BASE_DIR)]

    def get_template_sources(self, template_name):
        app, _, rest = template_name.partition("/")
        if app not in APPS or "/" not in rest or not template_name.endswith(SUFFIXES):
            return
        yield from super().get_template_sources(template_name)
