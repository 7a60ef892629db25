"""The group projection: one row with the group's face ready for the pages (Markdown
rendered sanitised). Filled only by GroupProjection; empty until organisers describe the
group, when the pages use the defaults in read_models.py."""

from __future__ import annotations

from django.db import models

from community.group import events as e
from eventstore.consumers import register
from eventstore.events import Event
from eventstore.projections import Projection
from web.markdown import render_markdown


class GroupProfile(models.Model):
    """Filled only by GroupProjection; one row (id 1)."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    name = models.CharField(max_length=80)
    summary = models.TextField(blank=True)
    meets_where = models.CharField(max_length=200, blank=True)
    meets_when = models.CharField(max_length=200, blank=True)
    chat_url = models.URLField(max_length=500, blank=True)
    code_of_conduct = models.TextField(blank=True)
    code_of_conduct_html = models.TextField(blank=True)
    about = models.TextField(blank=True)
    about_html = models.TextField(blank=True)
    sponsors = models.JSONField(default=list, blank=True)
    version = models.BigIntegerField(default=0)

    class Meta:
        app_label = "site"
        verbose_name = "group profile"

    def __str__(self) -> str:
        return self.name


@register
class GroupProjection(Projection):
    name = "group"
    models = (GroupProfile,)
    events = (e.GroupDescribed, e.SponsorsListed)

    def apply(self, page: list[tuple[int, Event]], using: str) -> None:
        row = GroupProfile.objects.using(using).filter(pk=1).first() or GroupProfile(pk=1)
        for _, event in page:
            if isinstance(event, e.GroupDescribed):
                row.name, row.summary = event.name, event.summary
                row.meets_where, row.meets_when, row.chat_url = event.meets_where, event.meets_when, event.chat_url
                row.code_of_conduct, row.code_of_conduct_html = event.code_of_conduct, render_markdown(event.code_of_conduct)
                row.about, row.about_html = event.about, render_markdown(event.about)
            elif isinstance(event, e.SponsorsListed):
                row.sponsors = list(event.sponsors)
            row.version = event.originator_version
        row.save(using=using)
