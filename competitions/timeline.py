"""How a dossier's timeline reads: one sentence per kind of recorded activity."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "competitions.dossier.created": _("entered the innovation in the competition"),
    "competitions.dossier.section": _("edited a section"),
    "competitions.dossier.document": _("picked a document from the evidence locker"),
    "competitions.dossier.document_dropped": _("removed a document"),
    "competitions.dossier.comment": _("commented on a section"),
    "competitions.dossier.comment_resolved": _("resolved a comment"),
    "competitions.dossier.mock_scored": _("gave a mock score"),
    "competitions.dossier.review": _("asked for internal review"),
    "competitions.dossier.draft": _("took the dossier back to draft"),
    "competitions.dossier.ready": _("marked the dossier ready"),
    "competitions.dossier.submit": _("submitted the dossier"),
    "competitions.dossier.withdraw": _("withdrew the dossier"),
    "competitions.dossier.passed": _("recorded that a stage was passed"),
    "competitions.dossier.not_passed": _("recorded that a stage was not passed"),
    "competitions.dossier.result": _("recorded the result"),
    "competitions.dossier.portfolio": _("rendered the portfolio"),
    "competitions.dossier.reminded": _("was reminded of a deadline"),
    "competitions.dossier.figures": _("checked the Instansi Pembina figures"),
    "competitions.dossier.frozen": _("froze the Instansi Pembina figures into the sections"),
    "competitions.competition.shortlisted": _("shortlisted a candidate"),
    "competitions.competition.unlisted": _("took a candidate off the shortlist"),
    "competitions.competition.invited": _("recorded an invitation"),
    "competitions.competition.uninvited": _("removed an invitation"),
}
