# Django finds the projection models of this app here.
from talks.proposals.projection import TalkProposal, TalkSpeaker

__all__ = ["TalkProposal", "TalkSpeaker"]
