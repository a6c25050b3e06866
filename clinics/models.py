"""Agencies are the tenants; everything an agency owns carries a non-null ``agency`` key.

Tenant-owned models use ``ScopedManager(agency="agency")`` (django-scopes): a query made
outside ``scope(agency=...)`` raises ``ScopeError`` instead of returning every agency's
rows. ``Region``, ``Agency`` and ``User`` are not tenant-owned and are not scoped.
"""

import zoneinfo

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

# Slugs that would shadow the portal's own top-level URLs (klikbaik/urls.py).
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "catalogue",
        "healthz",
        "i18n",
        "invitations",
        "jobs",
        "static",
        "media",
        "api",
        "select",
    }
)


def validate_agency_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(_("“%(slug)s” is reserved by the portal."), params={"slug": value})


class TimeZone(models.TextChoices):
    WIB = "Asia/Jakarta", _("WIB (Asia/Jakarta, UTC+7)")
    WITA = "Asia/Makassar", _("WITA (Asia/Makassar, UTC+8)")
    WIT = "Asia/Jayapura", _("WIT (Asia/Jayapura, UTC+9)")


class Region(models.Model):
    """A regional government (Pemda): a regency, a city or a province."""

    class Kind(models.TextChoices):
        REGENCY = "kabupaten", _("Regency (Kabupaten)")
        CITY = "kota", _("City (Kota)")
        PROVINCE = "provinsi", _("Province (Provinsi)")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    province = models.CharField(_("province"), max_length=120, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name


class Agency(models.Model):
    """A regional agency (OPD) and the innovation clinic it runs: the tenant."""

    class Kind(models.TextChoices):
        HEALTH = "dinkes", _("Health office (Dinas Kesehatan)")
        PLANNING = "bappeda", _("Planning agency (Bappeda)")
        RESEARCH = "balitbangda", _("Research and development agency (Balitbangda)")
        HOSPITAL = "rsud", _("Regional hospital (RSUD)")
        CIVIL_REGISTRY = "dukcapil", _("Civil registry (Dinas Dukcapil)")
        SECRETARIAT = "setda", _("Regional secretariat (Setda)")
        OTHER = "opd", _("Other agency (OPD)")

    name = models.CharField(_("name"), max_length=160)
    slug = models.SlugField(_("address"), unique=True, validators=[validate_agency_slug])
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), on_delete=models.PROTECT, related_name="agencies"
    )
    clinic_name = models.CharField(_("clinic name"), max_length=120)
    clinic_tagline = models.CharField(_("clinic tagline"), max_length=240, blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=32, choices=TimeZone.choices, default=TimeZone.WITA
    )
    is_open = models.BooleanField(
        _("open to other agencies"),
        default=False,
        help_text=_("Staff of other agencies may use this clinic's services."),
    )
    # A region may have several coordinating agencies (Bappeda and Bagian Organisasi Setda
    # often share the role): their admins act for the whole region together.
    coordinates_region = models.BooleanField(
        _("coordinates its region"),
        default=False,
        help_text=_(
            "A coordinator of innovation in the region (e.g. Bappeda, or Bagian Organisasi "
            "Setda sharing the role)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")

    def __str__(self):
        return self.name

    @property
    def zoneinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class Unit(models.Model):
    """A service unit inside an agency: puskesmas, UPTD, hospital, division."""

    class Kind(models.TextChoices):
        PUSKESMAS = "puskesmas", _("Community health centre (Puskesmas)")
        UPTD = "uptd", _("Technical unit (UPT/UPTD)")
        HOSPITAL = "rsud", _("Hospital (RSUD)")
        DIVISION = "bidang", _("Division (Bidang)")
        OTHER = "other", _("Other")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=160)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    is_active = models.BooleanField(_("active"), default=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "name"],
                name="unit_name_unique_per_agency",
                violation_error_message=_("This agency already has a unit with this name."),
            )
        ]

    def __str__(self):
        return self.name


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


nip_validator = RegexValidator(r"^\d{18}$", _("A NIP (Nomor Induk Pegawai) has exactly 18 digits."))
phone_validator = RegexValidator(
    r"^\+?[0-9 ()-]{8,20}$", _("Enter a phone number such as +62 812 3456 7890.")
)


class User(AbstractBaseUser, PermissionsMixin):
    """A person. Signs in with an e-mail address; may belong to several agencies."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=160)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("portal operator"),
        default=False,
        help_text=_("May sign in to the operators' admin site."),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    language = models.CharField(
        _("language"),
        max_length=8,
        blank=True,
        choices=settings.LANGUAGES,
        help_text=_("Empty until the person picks one: the portal is then in Indonesian."),
    )
    # When the portal first saw this person in a role that needs two-factor sign-in (an
    # operator or an admin): the grace period starts here (clinics/security.py).
    mfa_required_since = models.DateTimeField(
        _("two-factor sign-in required since"), null=True, blank=True, editable=False
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.full_name or self.email

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    STAFF = "staff", _("Staff (ASN)")
    FACILITATOR = "facilitator", _("Facilitator")
    ADMIN = "admin", _("Clinic admin")


class Membership(models.Model):
    """A person's place in an agency: their role there and, optionally, their unit."""

    Role = Role

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="memberships",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("member since"), auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["agency__name"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "agency"],
                name="one_membership_per_user_and_agency",
                violation_error_message=_("This person is already a member of this agency."),
            )
        ]

    def __str__(self):
        return f"{self.user} · {self.agency} ({self.get_role_display()})"

    def clean(self):
        if self.unit_id and self.unit.agency_id != self.agency_id:
            raise ValidationError({"unit": _("Choose a unit of this agency.")})

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_facilitator(self) -> bool:
        return self.role == Role.FACILITATOR

    @property
    def is_coordinator(self) -> bool:
        """An admin of an agency that coordinates its region acts for the whole region."""
        return self.is_admin and self.agency.coordinates_region


class Partner(models.Model):
    """A pentahelix partner of the clinic, usually bound by an MoU."""

    class Kind(models.TextChoices):
        ACADEMIA = "academia", _("Academia")
        BUSINESS = "business", _("Business")
        MEDIA = "media", _("Media")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        GOVERNMENT = "government", _("Government")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="partners"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("pentahelix kind"), max_length=16, choices=Kind.choices)
    description = models.TextField(_("what they bring"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=160, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    mou_reference = models.CharField(_("MoU number"), max_length=120, blank=True)
    mou_start = models.DateField(_("MoU from"), null=True, blank=True)
    mou_end = models.DateField(_("MoU until"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(mou_end__isnull=True)
                | models.Q(mou_start__isnull=True)
                | models.Q(mou_end__gte=models.F("mou_start")),
                name="partner_mou_ends_after_start",
                violation_error_message=_("The MoU cannot end before it starts."),
            )
        ]

    def __str__(self):
        return self.name

    def mou_active_on(self, day) -> bool:
        if not self.mou_start:
            return False
        return self.mou_start <= day and (self.mou_end is None or day <= self.mou_end)


class Invitation(models.Model):
    """An e-mailed invitation to join an agency with a role.

    Only a hash of the token is stored: the link in the e-mail is the only copy of the
    secret, so a leaked database does not leak working invitation links.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Expired")
        REVOKED = "revoked", _("Revoked")

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.STAFF)
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")

    def __str__(self):
        return f"{self.email} → {self.agency}"

    @property
    def status(self) -> str:
        if self.accepted_at:
            return self.Status.ACCEPTED
        if self.revoked_at:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.PENDING

    def get_status_display(self) -> str:
        return self.Status(self.status).label


class ActivityLog(models.Model):
    """What happened in an agency, by whom and when: the trail nothing escapes.

    ``action`` is a namespaced code such as ``clinics.member.invited``; ``data`` holds
    the old and new values or other details of the change.
    """

    agency = models.ForeignKey(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.BigIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    objects = ScopedManager(agency="agency")

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activity")
        indexes = [
            models.Index(fields=["agency", "-created_at"], name="activity_agency_recent"),
            models.Index(fields=["target_type", "target_id"], name="activity_target"),
        ]

    def __str__(self):
        return self.action
