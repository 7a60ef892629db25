"""{% webcal "calendar-ics" %}: the webcal:// address of a feed, which calendar apps
subscribe to (they fetch it again every REFRESH-INTERVAL) where an https:// link to the
same .ics only downloads it once."""

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag(takes_context=True)
def webcal(context, view_name: str, *args) -> str:
    request = context["request"]
    return f"webcal://{request.get_host()}{reverse(view_name, args=args)}"
