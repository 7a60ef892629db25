"""The talks app's published read models, for the site's composed pages: a meetup's
agenda as the public pages show it."""

from talks.schedule.agendas import AgendaItem, Speaker, agendas_of

__all__ = ["AgendaItem", "Speaker", "agendas_of"]
