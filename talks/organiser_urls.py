"""Organisers' review pages and the public schedule."""

from django.urls import path

from talks.agenda import view as agenda
from talks.history import view as history
from talks.frab import view as frab
from talks.review import view as review
from talks.schedule import view as schedule
from talks.undo import view as undo

urlpatterns = [
    path("talks/review/", review.review_list, name="talks-review"),
    path("talks/review/cfp/", review.call_for_proposals_view, name="talks-review-cfp"),
    path("talks/review/<uuid:proposal_id>/", review.review_detail, name="talks-review-detail"),
    path("talks/review/<uuid:proposal_id>/history/", history.proposal_history, name="talks-review-history"),
    path("talks/review/<uuid:proposal_id>/history/undo/", undo.undo_view, name="talks-review-undo"),
    path("talks/review/<uuid:proposal_id>/score/", review.score_view, name="talks-review-score"),
    path("talks/review/<uuid:proposal_id>/decide/", review.decide_view, name="talks-review-decide"),
    path("talks/review/<uuid:proposal_id>/schedule/", agenda.schedule_view, name="talks-review-schedule"),
    path("talks/review/<uuid:proposal_id>/unschedule/", agenda.unschedule_view, name="talks-review-unschedule"),
    path("schedule/", schedule.schedule_page, name="schedule"),
    path("schedule.json", schedule.schedule_json, name="schedule-json"),
    path("schedule/feed/", schedule.schedule_feed, name="schedule-feed"),
    # issue 11: frab / c3voc schedule exports
    path("schedule/export/schedule.xml", frab.group_xml, name="frab-xml"),
    path("schedule/export/schedule.json", frab.group_json, name="frab-json"),
    path("schedule/export/<slug:slug>/schedule.xml", frab.meetup_xml, name="frab-meetup-xml"),
    path("schedule/export/<slug:slug>/schedule.json", frab.meetup_json, name="frab-meetup-json"),
]
