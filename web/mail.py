"""Mail rendered from a template in a use case's folder.

The template's first line is the subject ("Subject: ..."), the rest is the plain-text
body. It is rendered without HTML escaping (it is not HTML). Headers are made safe where
they are built, in the outbox (eventstore/outbox.py), so a title with a line break in it
can never stop a mail.
"""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.template.loader import get_template


def render_mail(template_name: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) from a mail template."""
    template = get_template(template_name).template
    text = template.render(Context(context, autoescape=False)).lstrip("\n")
    first, _, body = text.partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"{template_name} must start with a 'Subject:' line")
    return first.removeprefix("Subject:").strip(), body.strip("\n") + "\n"
