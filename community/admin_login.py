"""The admin's sign-in is allauth's (rate limited in the shared cache, with the client's
real address behind the proxy): the admin's own login form had no throttling at all."""

from __future__ import annotations

from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


def admin_login(request: HttpRequest) -> HttpResponseRedirect:
    wanted = request.GET.get("next", "/admin/")
    if not url_has_allowed_host_and_scheme(wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        wanted = "/admin/"
    if request.user.is_authenticated:
        # Signed in without organiser rights: allauth would send them straight back here.
        raise PermissionDenied("The admin is for organisers.")
    return HttpResponseRedirect("/accounts/login/?" + urlencode({"next": wanted}))
