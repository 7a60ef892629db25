"""Organisers' review pages and the public schedule."""

urlpatterns: list = []
