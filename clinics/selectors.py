"""Reads that views and tasks share. Cross-agency reads are named for their channel."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django_scopes import scopes_disabled

from clinics.models import Agency, Invitation, Membership, Partner, Role, Unit, User


def membership_list_for_user(user) -> list[Membership]:
    """The agencies a person belongs to, for the picker and the header's switcher.

    Cross-agency by nature: a person's own memberships in every agency.
    """
    if not user.is_authenticated:
        return []
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, is_active=True)
            .select_related("agency", "agency__region")
            .order_by("agency__name")
        )


def invitation_for_token_hash(token_hash: str) -> Invitation | None:
    """The invitation a link points at, whatever its agency (the link is the channel)."""
    with scopes_disabled():
        return (
            Invitation.objects.select_related("agency", "unit", "invited_by")
            .filter(token_hash=token_hash)
            .first()
        )


def region_coordinators(region_id: int) -> list[Agency]:
    """The region's coordinating agencies (Bappeda, and Bagian Organisasi Setda where it
    shares the role), by name. Agencies are not tenant rows: no scope to widen."""
    return list(Agency.objects.filter(region=region_id, coordinates_region=True).order_by("name"))


def region_agencies(region_id: int) -> QuerySet[Agency]:
    """Every agency of the region, by name (what its coordinators look after)."""
    return Agency.objects.filter(region=region_id).order_by("name")


def region_agency_overview(region_id: int) -> QuerySet[Agency]:
    """The region's agencies for its coordinators' onboarding page: each with its active
    admins (``admin_count``) and the admin invitations still open (``invited_count``)."""
    now = timezone.now()
    return region_agencies(region_id).annotate(
        admin_count=Count(
            "memberships",
            filter=Q(memberships__role=Role.ADMIN, memberships__is_active=True),
            distinct=True,
        ),
        invited_count=Count(
            "invitations",
            filter=Q(
                invitations__role=Role.ADMIN,
                invitations__accepted_at__isnull=True,
                invitations__revoked_at__isnull=True,
                invitations__expires_at__gt=now,
            ),
            distinct=True,
        ),
    )


def region_agency_get(membership: Membership, pk: int) -> Agency | None:
    """An agency of the region, for one of its coordinators; ``None`` for anyone else."""
    if not membership.is_coordinator:
        return None
    return Agency.objects.filter(region=membership.agency.region_id, pk=pk).first()


def member_list(agency: Agency, *, role: str = "", query: str = "") -> QuerySet[Membership]:
    members = Membership.objects.filter(agency=agency).select_related("user", "unit")
    if role:
        members = members.filter(role=role)
    if query:
        members = members.filter(
            Q(user__full_name__icontains=query) | Q(user__email__icontains=query)
        )
    return members.order_by("-is_active", "user__full_name")


def admins_of(agency: Agency) -> list[User]:
    """The agency's active admins: who a member asks (the help page)."""
    return list(
        User.objects.filter(
            memberships__agency=agency,
            memberships__is_active=True,
            memberships__role=Role.ADMIN,
            is_active=True,
        ).order_by("full_name")
    )


def invitation_open_list(agency: Agency) -> QuerySet[Invitation]:
    return (
        Invitation.objects.filter(agency=agency, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("unit", "invited_by")
        .order_by("-created_at")
    )


def unit_list(agency: Agency) -> QuerySet[Unit]:
    return (
        Unit.objects.filter(agency=agency)
        .annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True)))
        .order_by("-is_active", "name")
    )


def unit_choices(agency: Agency) -> QuerySet[Unit]:
    return Unit.objects.filter(agency=agency, is_active=True)


def colleague_choices(agency: Agency, *, exclude_user=None) -> QuerySet[User]:
    """Active members of the agency, e.g. to pick co-authors or an action's owner."""
    people = User.objects.filter(
        memberships__agency=agency, memberships__is_active=True, is_active=True
    ).order_by("full_name")
    if exclude_user is not None:
        people = people.exclude(pk=exclude_user.pk)
    return people


def partner_list(agency: Agency) -> QuerySet[Partner]:
    return Partner.objects.filter(agency=agency).order_by("name")


def clinic_overview(agency: Agency) -> dict:
    """Counts for the clinic home: members by role, units and partners."""
    by_role = dict(
        Membership.objects.filter(agency=agency, is_active=True)
        .values_list("role")
        .annotate(n=Count("id"))
        .values_list("role", "n")
    )
    return {
        "members_by_role": [(label, by_role.get(value, 0)) for value, label in Role.choices],
        "member_count": sum(by_role.values()),
        "unit_count": Unit.objects.filter(agency=agency, is_active=True).count(),
        "partner_count": Partner.objects.filter(agency=agency).count(),
    }


def open_clinics(user, *, here: Agency | None = None) -> list[Agency]:
    """Clinics open to other agencies (KLIK Baik, Labinov Beken, ...) that a person may book
    besides their own: the region of the page's agency (or of their own) first, then
    the others. Agencies are not tenant rows: this is the open-clinic channel."""
    memberships = membership_list_for_user(user)
    own = {m.agency_id for m in memberships}
    home = here or next((m.agency for m in memberships), None)
    clinics = Agency.objects.filter(is_open=True).exclude(pk__in=own).select_related("region")
    if here is not None:
        clinics = clinics.exclude(pk=here.pk)
    region = home.region_id if home else None
    return sorted(clinics, key=lambda a: (a.region_id != region, a.region.name, a.clinic_name))


def region_partners(region_id: int) -> list[Partner]:
    """The partners of every clinic of the region, with their agency (what its coordinator
    reports as collaboration; a named cross-agency channel)."""
    with scopes_disabled():
        return list(
            Partner.objects.filter(agency__region=region_id)
            .select_related("agency")
            .order_by("agency__name", "name")
        )


def region_facilitators(region_id: int) -> list[Membership]:
    """The active facilitators of every clinic of the region (the people who coach
    innovation there; a named cross-agency channel for its coordinator)."""
    with scopes_disabled():
        return list(
            Membership.objects.filter(
                agency__region=region_id, role=Role.FACILITATOR, is_active=True
            )
            .select_related("agency", "user")
            .order_by("agency__name", "user__full_name")
        )
