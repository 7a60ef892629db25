"""/: the home page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from meetups.read_models import upcoming_meetups


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "community/home/home.html", {"upcoming_meetups": upcoming_meetups()})
