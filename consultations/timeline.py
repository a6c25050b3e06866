"""How a session's history reads: one sentence per kind of recorded activity."""

from django.utils.translation import gettext_lazy as _

SENTENCES = {
    "consultations.session.requested": _("booked the session"),
    "consultations.session.confirmed": _("confirmed it"),
    "consultations.session.declined": _("declined it"),
    "consultations.session.cancelled": _("cancelled it"),
    "consultations.session.rescheduled": _("moved it to another time"),
    "consultations.session.completed": _("recorded it as held"),
    "consultations.session.no_show": _("recorded a no-show"),
    "consultations.session.scheduled": _("scheduled the session"),
    "consultations.session.proposed": _("proposed another time"),
    "consultations.participant.accepted": _("takes part"),
    "consultations.participant.declined": _("declined the invitation"),
    "consultations.participant.waitlisted": _("joined the waiting list"),
    "consultations.participant.cancelled": _("gave up their place"),
    "consultations.participant.moved_up": _("moved up from the waiting list"),
}
