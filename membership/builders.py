"""Small builders that keep given/when/then tests short."""

from membership.events import MemberJoined, OrganiserAppointed, ProfileUpdated


def joined(user_id: int = 1, email: str = "ann@example.com", name: str = "Ann") -> MemberJoined:
    return MemberJoined(user_id=user_id, email=email, display_name=name)


def profile(name: str = "Ann", bio: str = "", links: list[str] | None = None) -> ProfileUpdated:
    return ProfileUpdated(display_name=name, bio=bio, links=links or [])


def appointed(by: str = "seed_demo") -> OrganiserAppointed:
    return OrganiserAppointed(appointed_by=by)
