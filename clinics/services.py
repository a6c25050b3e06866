"""Writes that change who belongs to an agency, and the activity trail they leave.

Services take the acting membership as ``actor``, run in one transaction, and keep e-mail
in the outbox (``jobs.outbox``), sent once the transaction commits. Permission is checked
by the calling view; the invariants of the data (one admin at least, an invitation used
once) are checked here.
"""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_scopes import scope

from clinics.models import ActivityLog, Agency, Invitation, Membership, Role, Unit
from jobs import outbox

ERRORS = {
    "already_member": _("%(email)s is already a member of this agency."),
    "last_admin": _("An agency needs at least one active admin. Make someone else admin first."),
    "invitation_used": _("This invitation has already been used. Sign in to continue."),
    "invitation_expired": _(
        "This invitation has expired. Ask the clinic's admin to send you a new one."
    ),
    "invitation_revoked": _("This invitation was withdrawn by the clinic's admin."),
    "invitation_other_email": _(
        "This invitation was sent to %(email)s. Sign in with that address to accept it."
    ),
    "invitation_not_pending": _("Only a pending invitation can be changed."),
    "other_region": _("Only an agency of your own region can be set up or invited to."),
    "unit_twice": _("“%(name)s” is listed twice in the units."),
}


def token_hash(raw_token: str) -> str:
    return hashlib.sha256(raw_token.encode()).hexdigest()


def activity_record(
    *, agency: Agency, actor, action: str, target=None, data: dict | None = None
) -> ActivityLog:
    return ActivityLog.objects.create(
        agency=agency,
        actor=actor,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=target.pk if target is not None else None,
        data=data or {},
    )


def _send_invitation_on_commit(invitation: Invitation, accept_url: str) -> None:
    """E-mail the link once the invitation is committed (kept in the outbox until a worker
    has sent it), in the inviter's language."""
    from clinics.tasks import send_invitation

    language = get_language() or settings.LANGUAGE_CODE
    outbox.deliver(send_invitation, invitation.agency_id, invitation.pk, accept_url, language)


def _new_token() -> tuple[str, str]:
    raw = secrets.token_urlsafe(32)
    return raw, token_hash(raw)


@transaction.atomic
def invitation_create(
    *,
    actor: Membership,
    email: str,
    role: str,
    unit: Unit | None,
    build_url,
    agency: Agency | None = None,
) -> Invitation:
    """Invite ``email`` to the actor's agency (or, for a region's coordinator onboarding an
    agency of the region, to ``agency``); a pending invitation to the same address is
    replaced, so only the newest link works. ``build_url(raw_token)`` makes the link."""
    agency = agency or actor.agency
    with scope(agency=agency):
        return _invite(actor, agency, email.strip().lower(), role, unit, build_url)


def _invite(actor: Membership, agency: Agency, email: str, role: str, unit, build_url):
    # One invitation at a time per agency: two admins inviting the same address at once
    # must not leave two working links.
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    if Membership.objects.filter(agency=agency, user__email__iexact=email, is_active=True).exists():
        raise ValidationError(
            ERRORS["already_member"], code="already_member", params={"email": email}
        )
    now = timezone.now()
    Invitation.objects.filter(
        agency=agency, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=now)
    raw, hashed = _new_token()
    invitation = Invitation.objects.create(
        agency=agency,
        email=email,
        role=role,
        unit=unit,
        token_hash=hashed,
        invited_by=actor.user,
        expires_at=now + timedelta(days=settings.INVITATION_VALID_DAYS),
    )
    activity_record(
        agency=agency,
        actor=actor.user,
        action="clinics.member.invited",
        target=invitation,
        data={"email": email, "role": role},
    )
    _send_invitation_on_commit(invitation, build_url(raw))
    return invitation


def _ensure_pending(invitation: Invitation) -> None:
    if invitation.status != Invitation.Status.PENDING:
        raise ValidationError(ERRORS["invitation_not_pending"], code="not_pending")


@transaction.atomic
def invitation_resend(*, actor: Membership, invitation: Invitation, build_url) -> Invitation:
    """Send a fresh link (the old one stops working) and restart the validity period."""
    if invitation.accepted_at or invitation.revoked_at:
        raise ValidationError(ERRORS["invitation_not_pending"], code="not_pending")
    raw, invitation.token_hash = _new_token()
    invitation.expires_at = timezone.now() + timedelta(days=settings.INVITATION_VALID_DAYS)
    invitation.save(update_fields=["token_hash", "expires_at"])
    activity_record(
        agency=invitation.agency,
        actor=actor.user,
        action="clinics.member.invitation_resent",
        target=invitation,
    )
    _send_invitation_on_commit(invitation, build_url(raw))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Membership, invitation: Invitation) -> None:
    _ensure_pending(invitation)
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    activity_record(
        agency=invitation.agency,
        actor=actor.user,
        action="clinics.member.invitation_revoked",
        target=invitation,
    )


def invitation_check(invitation: Invitation) -> None:
    """Raise a ValidationError that explains why this invitation cannot be used."""
    status = invitation.status
    if status == Invitation.Status.ACCEPTED:
        raise ValidationError(ERRORS["invitation_used"], code="used")
    if status == Invitation.Status.REVOKED:
        raise ValidationError(ERRORS["invitation_revoked"], code="revoked")
    if status == Invitation.Status.EXPIRED:
        raise ValidationError(ERRORS["invitation_expired"], code="expired")


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user) -> Membership:
    """Make ``user`` a member of the invitation's agency with the invited role.

    The row is locked so that a link clicked twice at once is used exactly once.
    """
    invitation = (
        Invitation.objects.with_scope(agency=invitation.agency)
        .select_for_update()
        .select_related("agency")
        .get(pk=invitation.pk)
    )
    invitation_check(invitation)
    if user.email.lower() != invitation.email.lower():
        raise ValidationError(
            ERRORS["invitation_other_email"], code="other_email", params={"email": invitation.email}
        )
    agency = invitation.agency
    memberships = Membership.objects.with_scope(agency=agency)
    membership, created = memberships.select_for_update().get_or_create(
        agency=agency,
        user=user,
        defaults={"role": invitation.role, "unit": invitation.unit},
    )
    if not created and membership.is_active:
        # Already a member (perhaps reactivated meanwhile): the invitation must not change
        # their role behind the admins' backs, e.g. take away the last admin.
        raise ValidationError(
            ERRORS["already_member"], code="already_member", params={"email": user.email}
        )
    if not created:
        membership.role = invitation.role
        membership.unit = invitation.unit
        membership.is_active = True
        membership.save(update_fields=["role", "unit", "is_active"])
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    activity_record(
        agency=agency,
        actor=user,
        action="clinics.member.joined",
        target=membership,
        data={"role": membership.role},
    )
    return membership


@transaction.atomic
def membership_update(
    *, actor: Membership, membership: Membership, role: str, unit: Unit | None, is_active: bool
) -> Membership:
    """Change a member's role, unit or active flag; the agency keeps an active admin.

    The stored row is read again (and locked): a bound ModelForm has already copied the
    new values onto ``membership``.
    """
    # Lock the agency's admins in a fixed order, so that two admins demoting each other at
    # the same moment cannot both succeed and leave the agency without one.
    list(
        Membership.objects.select_for_update()
        .filter(agency=membership.agency_id, role=Role.ADMIN)
        .order_by("pk")
    )
    stored = Membership.objects.select_for_update().get(pk=membership.pk)
    losing_admin = stored.is_admin and stored.is_active and (role != Role.ADMIN or not is_active)
    if losing_admin:
        other_admins = Membership.objects.filter(
            agency=stored.agency_id, role=Role.ADMIN, is_active=True
        ).exclude(pk=stored.pk)
        if not other_admins.exists():
            raise ValidationError(ERRORS["last_admin"], code="last_admin")
    old = {"role": stored.role, "unit": stored.unit_id, "active": stored.is_active}
    stored.role, stored.unit, stored.is_active = role, unit, is_active
    stored.full_clean()
    stored.save(update_fields=["role", "unit", "is_active"])
    new = {"role": role, "unit": unit.pk if unit else None, "active": is_active}
    if old != new:
        activity_record(
            agency=stored.agency,
            actor=actor.user,
            action="clinics.member.changed",
            target=stored,
            data={"old": old, "new": new},
        )
    return stored


# Units named like this are of that kind; anything else is "other" (admins change it later).
UNIT_KINDS = [
    ("puskesmas", Unit.Kind.PUSKESMAS),
    ("pkm ", Unit.Kind.PUSKESMAS),
    ("uptd", Unit.Kind.UPTD),
    ("upt ", Unit.Kind.UPTD),
    ("rsud", Unit.Kind.HOSPITAL),
    ("rumah sakit", Unit.Kind.HOSPITAL),
    ("bidang", Unit.Kind.DIVISION),
    ("bagian", Unit.Kind.DIVISION),
]


def unit_kind(name: str) -> str:
    lowered = name.lower() + " "
    return next((kind for start, kind in UNIT_KINDS if lowered.startswith(start)), "other")


@transaction.atomic
def agency_onboard(
    *,
    actor: Membership,
    fields: dict,
    units: list[str],
    admin_email: str,
    build_url,
) -> Agency:
    """A region's coordinator sets up a new agency of its region: the agency (in the
    region, with the coordinator's time zone), its units, and an invitation to its first
    admin (e-mailed through the outbox once this commits). All of it, or nothing."""
    lowered = [name.lower() for name in units]
    for name in units:
        if lowered.count(name.lower()) > 1:
            raise ValidationError(ERRORS["unit_twice"], code="unit_twice", params={"name": name})
    agency = Agency(
        region_id=actor.agency.region_id,
        time_zone=actor.agency.time_zone,
        **fields,
    )
    agency.full_clean()
    try:
        with transaction.atomic():
            agency.save()
    except IntegrityError as exc:  # the same address taken at the same moment
        raise ValidationError(
            {
                "slug": Agency._meta.get_field("slug").error_messages["unique"]
                % {"model_name": Agency._meta.verbose_name, "field_label": _("address")}
            }
        ) from exc
    with scope(agency=agency):
        Unit.objects.bulk_create(
            Unit(agency=agency, name=name, kind=unit_kind(name)) for name in units
        )
        activity_record(
            agency=agency,
            actor=actor.user,
            action="clinics.agency.created",
            target=agency,
            data={"by": actor.agency.name, "units": len(units)},
        )
    invitation_create(
        actor=actor,
        agency=agency,
        email=admin_email,
        role=Role.ADMIN,
        unit=None,
        build_url=build_url,
    )
    return agency


def agency_admin_invite(*, actor: Membership, agency: Agency, email: str, build_url) -> Invitation:
    """A region's coordinator invites an admin to an agency of its region (a first admin
    whose invitation expired, or a new one)."""
    if agency.region_id != actor.agency.region_id:
        raise ValidationError(ERRORS["other_region"], code="other_region")
    return invitation_create(
        actor=actor, agency=agency, email=email, role=Role.ADMIN, unit=None, build_url=build_url
    )


def user_language_set(*, user, language: str) -> None:
    """Keep the language a person picked in the header's switch on their profile."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise ValidationError(_("Unknown language."), code="unknown_language")
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
