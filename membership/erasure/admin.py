"""The admin's delete of a user goes through the erasure command: the account goes and
the member's personal data is erased (crypto-shredding), never a bare row delete that
would leave their name and address in the log and the projections."""

from __future__ import annotations

from django.contrib import admin, messages
from django.contrib.auth import get_user_model

from membership.erasure.command import erase_member
from membership.members.projection import Member
from membership.streams import member_stream
from web.refusals import attempt


class ErasesMembers:
    """Mixin for the user admin (first among its bases)."""

    def delete_model(self, request, obj) -> None:
        _erase_or_delete(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        for user in queryset:
            _erase_or_delete(request, user)


def _erase_or_delete(request, user) -> None:
    if not Member.objects.filter(user_id=user.pk).exists():
        user.delete()  # an account that never joined (a superuser from createsuperuser): nothing in the log
        return
    _, refusal = attempt(lambda: erase_member(user_id=user.pk, by=str(member_stream(request.user.pk))))
    if refusal is not None:
        messages.warning(request, refusal)


def route_user_deletes_through_erasure(site: admin.AdminSite) -> None:
    """Put ErasesMembers in front of whichever user admin is registered (Django's, or
    the organisers' read-only one)."""
    User = get_user_model()
    current = type(site._registry[User]) if site.is_registered(User) else admin.ModelAdmin
    if issubclass(current, ErasesMembers):
        return
    if site.is_registered(User):
        site.unregister(User)
    site.register(User, type(current.__name__, (ErasesMembers, current), {"__module__": __name__}))
