"""What search engines and chat apps read from a page's head: schema.org JSON-LD, and
Open Graph and Twitter card tags.

The JSON-LD goes in a `<script type="application/ld+json">` block. That is a data block,
never executed, so the CSP's `script-src 'self'` (no inline script) does not apply to
it: no nonce or hash is needed, and the CSP stays as strict as it is (checked by the
browser tests, which fail on any CSP violation). Its text is escaped like Django's
`json_script` (<, > and & as \\u escapes) so that no value can close the block.
"""

from __future__ import annotations

import json
from html import unescape
from typing import Any

from django.conf import settings
from django.utils.html import format_html, format_html_join, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from web.text import printable

_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def ld_json(data: dict[str, Any]) -> SafeString:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped just above


def summary(text_or_html: str, length: int = 200) -> str:
    """A one-paragraph description: tags and control characters dropped, whitespace
    collapsed, cut at a word."""
    plain = " ".join(printable(unescape(strip_tags(text_or_html))).split())
    return Truncator(plain).chars(length)


def social_meta(*, title: str, description: str, url: str, image: str, kind: str = "website", site_name: str = "") -> SafeString:
    """Open Graph (og:) and Twitter card tags; values are HTML-escaped."""
    pairs = [
        ("property", "og:type", kind), ("property", "og:title", title), ("property", "og:description", description),
        ("property", "og:url", url), ("property", "og:image", image), ("property", "og:site_name", site_name),
        ("name", "twitter:card", "summary_large_image"), ("name", "twitter:title", title),
        ("name", "twitter:description", description), ("name", "twitter:image", image),
        ("name", "description", description),
    ]
    return format_html_join("\n", '<meta {}="{}" content="{}">', ((a, n, printable(v)) for a, n, v in pairs if v))


def head(*parts: SafeString) -> SafeString:
    return format_html("{}", mark_safe("\n".join(parts)))  # noqa: S308 - each part is already safe


# -- schema.org pieces the meetup and talk pages share -------------------------------------
def event_status(*, cancelled: bool, rescheduled: bool) -> str:
    if cancelled:
        return "https://schema.org/EventCancelled"
    return "https://schema.org/EventRescheduled" if rescheduled else "https://schema.org/EventScheduled"


def place(name: str, address: str) -> dict:
    location: dict[str, Any] = {"@type": "Place", "name": name or settings.SITE_NAME}
    location["address"] = {"@type": "PostalAddress", "streetAddress": address} if address else (name or settings.SITE_NAME)
    return location


def organizer() -> dict:
    return {"@type": "Organization", "name": settings.SITE_NAME, "url": settings.SITE_URL + "/"}
