# Django finds the projection models of this app here.
from membership.members.projection import Member

__all__ = ["Member"]
