# Django finds the projection models of this app here.
from talks.archive.projection import ArchiveEntry, ArchiveMeetup, ArchiveMember
from talks.proposals.projection import TalkProposal, TalkSpeaker

__all__ = ["ArchiveEntry", "ArchiveMeetup", "ArchiveMember", "TalkProposal", "TalkSpeaker"]
