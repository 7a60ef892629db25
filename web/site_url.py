"""Absolute links start with settings.SITE_URL (the address the site is published at),
never with the Host a request happened to carry: mail, feeds and calendars link there."""

from urllib.parse import urlsplit

from django.conf import settings


def absolute(path: str) -> str:
    """SITE_URL + path ("/meetups/x/" -> "https://convene.example.org/meetups/x/")."""
    return settings.SITE_URL + (path if path.startswith("/") else "/" + path)


def rebased(url: str) -> str:
    """The same path, query and fragment on SITE_URL (for URLs a library built from the request)."""
    parts = urlsplit(url)
    tail = parts.path or "/"
    if parts.query:
        tail += "?" + parts.query
    if parts.fragment:
        tail += "#" + parts.fragment
    return absolute(tail)
