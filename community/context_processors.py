from urllib.parse import urlencode

from django.conf import settings

from community.group.read_models import group_profile


def site(request):
    """The group's face on every page (the header's name, the footer): one small query a
    request (kept on the request: a streamed page renders many chunks, each asking).
    `back_here` is "?next=<this page>" for the header's Log in and Sign up links, so a
    visitor comes back where they were (empty on the account pages themselves, and on
    the home page, where allauth's own landing page, the new profile, is the better place)."""
    group = getattr(request, "_group_profile", None)
    if group is None:
        group = request._group_profile = group_profile()
    match = getattr(request, "resolver_match", None)
    on_account_page = request.path.startswith("/accounts/") or match is None
    back_here = "" if on_account_page or request.method != "GET" or request.path == "/" else "?" + urlencode({"next": request.get_full_path()})
    return {"site_name": group.name or settings.SITE_NAME, "group": group, "back_here": back_here}
