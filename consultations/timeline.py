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
}
