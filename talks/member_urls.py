"""Member-facing talk pages (proposing, my proposals, talk and speaker pages)."""

urlpatterns: list = []
