"""/: the home page."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import upcoming_meetups
from web.structured import social_meta


def home(request: HttpRequest) -> HttpResponse:
    base = request.build_absolute_uri("/").rstrip("/")
    head_meta = social_meta(  # Open Graph / Twitter card (issue 11)
        title=settings.SITE_NAME, description=f"{settings.SITE_NAME}: meetups, talks and the archive of past talks.",
        url=f"{base}/", image=f"{base}{settings.STATIC_URL}og-image.png", site_name=settings.SITE_NAME,
    )
    return render(request, "community/home/home.html", {"upcoming_meetups": upcoming_meetups(), "head_meta": head_meta})
