"""How the innovation's timeline reads: one sentence per kind of recorded activity."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "innovations.innovation.created": _("started the idea"),
    "innovations.innovation.edited": _("edited the innovation"),
    "innovations.innovation.submit": _("submitted it for review"),
    "innovations.innovation.withdraw": _("withdrew it"),
    "innovations.innovation.accept": _("accepted it into coaching"),
    "innovations.innovation.return": _("returned it with comments"),
    "innovations.innovation.phase": _("moved the 5D phase"),
    "innovations.innovation.maturity": _("changed the maturity"),
    "innovations.innovation.sustain": _("marked it sustained"),
    "innovations.innovation.discontinue": _("marked it discontinued"),
    "innovations.innovation.archive": _("archived it"),
    "innovations.innovation.publish": _("published it in the catalogue"),
    "innovations.innovation.unpublish": _("took it out of the catalogue"),
    "innovations.evidence.added": _("added evidence"),
    "innovations.evidence.replaced": _("replaced evidence"),
    "innovations.evidence.withdrawn": _("withdrew evidence"),
    "innovations.measurement.added": _("recorded a measurement"),
    "innovations.visit.planned": _("planned an M&E visit"),
    "innovations.visit.done": _("recorded an M&E visit's findings"),
    "innovations.action.added": _("agreed a follow-up action"),
    "innovations.action.done": _("completed a follow-up action"),
    "innovations.checkin.recorded": _("recorded a sustainability check-in"),
    "innovations.coaching.held": _("held a coaching session"),
    "innovations.innovation.imported": _("imported it from a spreadsheet"),
}
