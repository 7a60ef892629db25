from eventstore.errors import CommandRefused


class NotAMember(CommandRefused):
    def __init__(self) -> None:
        super().__init__("You need to be a member to do that. Sign up first.")


class AlreadyAMember(CommandRefused):
    def __init__(self) -> None:
        super().__init__("This account has already joined.")


class AlreadyAnOrganiser(CommandRefused):
    def __init__(self, name: str) -> None:
        super().__init__(f"{name} is already an organiser.")


class InvalidProfile(CommandRefused):
    """A display name, bio or link a form would normally refuse first (control characters)."""


class NotVerified(CommandRefused):
    def __init__(self) -> None:
        super().__init__("Please confirm your email address first: a public profile needs a confirmed address.")


class MemberAlreadyErased(CommandRefused):
    def __init__(self) -> None:
        super().__init__("This member's data has already been erased.")
