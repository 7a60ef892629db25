"""Why a talks command is refused; each message is shown to the person as it is."""

from eventstore.errors import CommandRefused


class ProposalNotFound(CommandRefused):
    def __init__(self) -> None:
        super().__init__("There is no such proposal.")


class CallForProposalsClosed(CommandRefused):
    def __init__(self) -> None:
        super().__init__("The call for proposals is closed at the moment. Please come back when it reopens.")


class CallForProposalsAlready(CommandRefused):
    def __init__(self, state: str) -> None:
        super().__init__(f"The call for proposals is already {state}.")


class NotASpeaker(CommandRefused):
    def __init__(self) -> None:
        super().__init__("Only the proposal's speakers can do that.")


class AlreadyDecided(CommandRefused):
    def __init__(self, status: str) -> None:
        super().__init__(f"This proposal can no longer be edited: it is {status}.")


class InvalidProposal(CommandRefused):
    """Bad input that a form would normally catch first."""


class ProposalWithdrawn(CommandRefused):
    def __init__(self) -> None:
        super().__init__("This proposal has been withdrawn.")


class TalkAlreadyGiven(CommandRefused):
    def __init__(self) -> None:
        super().__init__("This talk has already been given, so it cannot be withdrawn.")


class InvitationRefused(CommandRefused):
    """Co-speaker invitations that make no sense (yourself, twice, a stranger)."""


class WrongStatus(CommandRefused):
    """A decision or confirmation that does not fit where the proposal is."""


class AgendaConflict(CommandRefused):
    """Scheduling that the agenda cannot take."""


class CannotUndo(CommandRefused):
    """An undo the rules refuse (not yours, too old, changed since, on an agenda...): the
    message says which."""
