class CommandRefused(Exception):
    """A command that the rules refuse. The message is shown to the person who sent it."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class ConcurrentChange(CommandRefused):
    """The stream kept changing under us: every retry met a newer version."""

    def __init__(self, message: str = "Someone else changed this at the same moment. Please try again."):
        super().__init__(message)
