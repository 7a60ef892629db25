"""Mail rendered from a template in a use case's folder.

The template's first line is the subject ("Subject: ..."), the rest is the plain-text
body. It is rendered without HTML escaping (it is not HTML). The subject line and the
body are rendered apart, so a line break in a title (written before the forms refused
them) stays in the subject instead of ending it there and starting the body. Headers are
made safe where they are built, in the outbox (eventstore/outbox.py), so such a title can
never stop a mail or add a header.
"""

from __future__ import annotations

from typing import Any

from django.template import Context
from django.template.loader import get_template


def render_mail(template_name: str, context: dict[str, Any]) -> tuple[str, str]:
    """(subject, body) from a mail template."""
    template = get_template(template_name).template
    first, _, rest = template.source.lstrip("\n").partition("\n")
    if not first.startswith("Subject:"):
        raise ValueError(f"{template_name} must start with a 'Subject:' line")
    values = Context(context, autoescape=False)
    subject = template.engine.from_string(first.removeprefix("Subject:")).render(values)
    body = template.engine.from_string(rest).render(values)
    return subject.strip(), body.strip("\n") + "\n"
