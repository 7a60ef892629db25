from django.contrib import admin
from django.http import HttpResponseRedirect
from django.urls import reverse

from talks.proposals.projection import TalkProposal


@admin.register(TalkProposal)
class TalkProposalAdmin(admin.ModelAdmin):
    """Read-only: every change to a proposal is a command (the review pages at
    /talks/review/, the speakers' own pages), never a saved row. Organisers (staff) may
    look (the Organisers group's view permission); nobody may add, change or delete here."""

    list_display = ["title", "status", "review_count", "score_mean"]
    list_filter = ["status", "format", "level"]
    search_fields = ["title"]
    ordering = ["-submitted_at"]
    exclude = ["abstract_html"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def history_view(self, request, object_id, extra_context=None):
        """The admin's History button: the proposal's history read from its log."""
        obj = self.get_object(request, object_id)
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        return HttpResponseRedirect(reverse("talks-review-history", args=[obj.proposal_id]))
