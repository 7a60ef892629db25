"""Which stream holds a member's events."""

from uuid import UUID, uuid5

MEMBER_NAMESPACE = UUID("6f1d7a40-3b0e-4c51-9a55-6d2c0b1e8f21")


def member_stream(user_id: int) -> UUID:
    """A member's stream id follows from their user id, so a request needs no lookup."""
    return uuid5(MEMBER_NAMESPACE, f"user:{user_id}")
