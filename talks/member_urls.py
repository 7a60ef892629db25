"""Member-facing talk pages (proposing, my proposals, talk and speaker pages). Who may
see and do what: talks.proposals.access."""

from django.urls import path

from talks.confirm import view as confirm
from talks.cospeakers import view as cospeakers
from talks.mine import view as mine
from talks.propose import view as propose
from talks.speaker_page import view as speaker_page
from talks.talk_page import view as talk_page
from talks.withdraw import view as withdraw

urlpatterns = [
    path("talks/propose/", propose.propose, name="talk-propose"),
    path("talks/mine/", mine.my_talks, name="my-talks"),
    path("talks/<uuid:proposal_id>/", talk_page.talk_detail, name="talk-detail"),
    path("talks/<uuid:proposal_id>/edit/", propose.edit, name="talk-edit"),
    path("talks/<uuid:proposal_id>/withdraw/", withdraw.withdraw, name="talk-withdraw"),
    path("talks/<uuid:proposal_id>/invite/", cospeakers.invite, name="talk-invite"),
    path("talks/<uuid:proposal_id>/invitation/", cospeakers.answer, name="talk-invitation"),
    path("talks/<uuid:proposal_id>/confirm/", confirm.confirm, name="talk-confirm"),
    path("speakers/<uuid:member_id>/", speaker_page.speaker_detail, name="speaker-detail"),
]
