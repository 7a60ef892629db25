"""Which stream holds a meetup's events (published: other apps name meetup streams too)."""

from uuid import UUID, uuid5

MEETUP_NAMESPACE = UUID("0b7c2f6e-5d8a-4e3b-9f1c-2a6d4e8b7c10")


def meetup_stream(slug: str) -> UUID:
    """One stream per meetup; its id follows from the slug, so a slug is taken exactly
    when its stream has events (decided from the stream, not from a projection)."""
    return uuid5(MEETUP_NAMESPACE, f"meetup:{slug}")


def series_stream(slug: str) -> UUID:
    """One stream per series (meetups/series/), named by its slug like a meetup's."""
    return uuid5(MEETUP_NAMESPACE, f"series:{slug}")


def member_settings_stream(member_id: UUID) -> UUID:
    """A member's meetup mail preferences and personal calendar address: the meetups app's
    own stream per member (the member's stream belongs to membership)."""
    return uuid5(MEETUP_NAMESPACE, f"member-settings:{member_id}")
