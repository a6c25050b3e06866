"""How the tracker's audit trail reads: one sentence per kind of recorded activity."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "pelembagaan.regulation.created": _("recorded the regulation"),
    "pelembagaan.regulation.edited": _("edited the regulation"),
    "pelembagaan.regulation.discuss": _("took the draft into discussion (pembahasan)"),
    "pelembagaan.regulation.redraft": _("sent it back to drafting"),
    "pelembagaan.regulation.enact": _("recorded its enactment (ditetapkan)"),
    "pelembagaan.regulation.disseminate": _("recorded its dissemination (disosialisasikan)"),
    "pelembagaan.budget.created": _("recorded a budget line"),
    "pelembagaan.budget.edited": _("edited a budget line"),
    "pelembagaan.budget.deleted": _("deleted a budget line"),
}
