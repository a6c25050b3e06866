"""Forms of the clinics app. Choice querysets come from selectors for the current agency."""

from allauth.account.forms import SignupForm
from allauth.core import context as allauth_context
from django import forms
from django.forms.renderers import TemplatesSetting
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from clinics import selectors
from clinics.models import Agency, Membership, Partner, Role, Unit, User
from clinics.uploads import ImageUploadField

INVITATION_SESSION_KEY = "klikbaik_invitation"


class PortalFormRenderer(TemplatesSetting):
    """Forms render through the project's templates: ``{{ form }}`` starts with an error
    summary that links to each field (templates/includes/form.html)."""

    form_template_name = "includes/form.html"


class InvitationSignupForm(SignupForm):
    """allauth's sign-up form, open only to the address an invitation was sent to."""

    full_name = forms.CharField(label=_("Full name"), max_length=160)
    nip = User._meta.get_field("nip").formfield(required=False)
    phone = User._meta.get_field("phone").formfield(required=False)

    field_order = ["full_name", "email", "nip", "phone", "password1", "password2"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        invitation = self._invitation()
        if invitation is not None:
            self.fields["email"].initial = invitation["email"]
            self.fields["email"].widget.attrs["readonly"] = True
            self.fields["email"].help_text = _("The address your invitation was sent to.")

    @staticmethod
    def _invitation() -> dict | None:
        request = allauth_context.request
        return request.session.get(INVITATION_SESSION_KEY) if request is not None else None

    def clean_email(self):
        email = super().clean_email()
        invitation = self._invitation()
        if invitation is None or email.lower() != invitation["email"].lower():
            raise forms.ValidationError(_("Sign up with the address your invitation was sent to."))
        return email

    def custom_signup(self, request, user):
        user.full_name = self.cleaned_data["full_name"]
        user.nip = self.cleaned_data.get("nip", "")
        user.phone = self.cleaned_data.get("phone", "")
        user.save(update_fields=["full_name", "nip", "phone"])


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.STAFF)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("— none —"),
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_choices(agency)


class MembershipForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["role", "unit", "is_active"]
        field_classes = {"unit": SafeModelChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.unit_choices(self.instance.agency)
        self.fields["unit"].empty_label = _("— none —")


class MemberFilterForm(forms.Form):
    q = forms.CharField(label=_("Name or e-mail"), required=False, max_length=100)
    role = forms.ChoiceField(
        label=_("Role"), required=False, choices=[("", _("Every role")), *Role.choices]
    )


class AgencyOwnedModelForm(forms.ModelForm):
    """A form for a row whose ``agency`` is set by the view, not typed by the user.

    Django skips constraints that involve fields missing from the form; the agency is
    known, so constraints such as "unit names are unique per agency" are checked here
    and answered with a message instead of a database error.
    """

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        exclusions.discard("agency")
        return exclusions


class UnitForm(AgencyOwnedModelForm):
    class Meta:
        model = Unit
        fields = ["name", "kind", "is_active"]


class PartnerForm(AgencyOwnedModelForm):
    class Meta:
        model = Partner
        fields = [
            "name",
            "kind",
            "description",
            "contact_name",
            "contact_email",
            "mou_reference",
            "mou_start",
            "mou_end",
        ]
        widgets = {
            "mou_start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "mou_end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }


class ClinicSettingsForm(forms.ModelForm):
    class Meta:
        model = Agency
        fields = ["clinic_name", "clinic_tagline", "logo", "time_zone", "is_open"]
        field_classes = {"logo": ImageUploadField}


class AgencyOnboardingForm(forms.ModelForm):
    """A new agency of the coordinator's region, its units and its first admin. The region
    and time zone are the coordinator's; the address is made from the name if left empty."""

    units = forms.CharField(
        label=_("Units"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "One per line, e.g. “Puskesmas Sinoa”, “UPTD Gizi Terpadu”. Admins can add more later."
        ),
    )
    admin_email = forms.EmailField(
        label=_("First admin's e-mail address"),
        help_text=_("They receive an invitation to run the agency's clinic."),
    )

    class Meta:
        model = Agency
        fields = ["name", "kind", "slug", "clinic_name", "coordinates_region"]
        help_texts = {
            "slug": _(
                "Its address in the portal, e.g. dinkes-bantaeng; made from the name if empty."
            ),
            "clinic_name": _("Its innovation clinic's name; the agency's name if empty."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["clinic_name"].required = False

    def clean_slug(self):
        return self.cleaned_data["slug"] or slugify(self.cleaned_data.get("name", ""))[:50]

    def clean_clinic_name(self):
        return self.cleaned_data["clinic_name"] or self.cleaned_data.get("name", "")[:120]

    def clean_units(self):
        lines = [" ".join(line.split()) for line in self.cleaned_data["units"].splitlines()]
        units = [line for line in lines if line]
        too_long = [line for line in units if len(line) > Unit._meta.get_field("name").max_length]
        if too_long:
            raise forms.ValidationError(
                _("“%(name)s” is too long for a unit's name."), params={"name": too_long[0][:40]}
            )
        return units

    def agency_fields(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields}


class AdminInvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
