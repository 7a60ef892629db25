"""Who may open the organisers' pages: organisers are the staff users (see
command.py: appointing one sets is_staff in the same transaction)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def organiser_only(view):
    """Anonymous visitors are sent to log in; members who are not organisers get 403."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied("Only organisers can do that.")
        return view(request, *args, **kwargs)

    return wrapped
