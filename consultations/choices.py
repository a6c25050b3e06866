"""The booking's fixed vocabularies."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Expertise(models.TextChoices):
    DESIGN_THINKING = "design_thinking", _("Design thinking")
    HEALTH_SPM = "health_spm", _("Health minimum service standards (SPM)")
    COMPETITION_WRITING = "competition_writing", _("Competition writing")
    DIGITAL_SERVICES = "digital_services", _("Digital services")
    MONITORING = "monitoring", _("Monitoring and evaluation")


class Affiliation(models.TextChoices):
    CLINIC = "clinic", _("Clinic staff")
    UNIVERSITY = "university", _("University")
    NGO = "ngo", _("NGO")
    LAN = "lan", _("LAN")
    OTHER = "other", _("Other")


class SessionKind(models.TextChoices):
    CONSULTATION = "consultation", _("Consultation")
    COMPETITION = "competition", _("Competition assistance")
    COACHING_CLINIC = "coaching_clinic", _("Coaching clinic")
    TRAINING = "training", _("Training / bimtek")
    WORKSHOP = "workshop", _("Workshop")


class Status(models.TextChoices):
    REQUESTED = "requested", _("Requested")
    CONFIRMED = "confirmed", _("Confirmed")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    DECLINED = "declined", _("Declined")
    NO_SHOW = "no_show", _("No-show")


# Sessions that hold their facilitator's and room's time.
ACTIVE = [Status.REQUESTED, Status.CONFIRMED]


class ParticipantStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    WAITLISTED = "waitlisted", _("On the waiting list")
    CANCELLED = "cancelled", _("Cancelled")


class ExceptionKind(models.TextChoices):
    LEAVE = "leave", _("Leave")
    HOLIDAY = "holiday", _("Public holiday")
    EXTRA = "extra", _("Extra hours")
