"""allauth's account mail speaks as the group: "[PyRVA] Please confirm your email
address" and "Hello from PyRVA!", not the host name. The group's name is the site's (its
events live in community/group), so the adapter that knows it lives here, above the
membership app whose adapter (the outbox) it extends."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.sites.shortcuts import get_current_site

from community.group.read_models import group_profile
from membership.join.adapter import AccountAdapter as MembershipAccountAdapter


@dataclass(frozen=True)
class GroupSite:
    """What allauth's mail templates read as `current_site`: the group's name, the host."""

    name: str
    domain: str


class AccountAdapter(MembershipAccountAdapter):
    def group_site(self) -> GroupSite:
        domain = get_current_site(self.request).domain if self.request is not None else ""
        return GroupSite(name=group_profile().name, domain=domain)

    def format_email_subject(self, subject: str) -> str:
        return f"[{self.group_site().name}] {subject}"

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": self.group_site()})
