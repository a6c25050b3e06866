"""Forms of the registry. The idea form comes in steps; each step saves the draft."""

from django import forms
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from clinics import selectors as clinic_selectors
from clinics.models import Agency, Partner, Unit, User
from clinics.uploads import DocumentField, SpreadsheetField
from innovations import selectors
from innovations.choices import (
    SDGS,
    BenefitType,
    CheckInStatus,
    EvidenceKind,
    Maturity,
    Phase,
    Status,
    urusan_grouped,
)
from innovations.models import (
    Evidence,
    FollowUpAction,
    ImpactIndicator,
    Innovation,
    Measurement,
    MonitoringVisit,
    SustainabilityCheckIn,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

# The guided idea form: (slug, title, model fields). Extra fields are added per step.
STEPS = [
    ("idea", _("The idea"), ["name", "brand_name", "unit", "initiator"]),
    (
        "problem",
        _("Problem and target"),
        ["problem", "target_document", "target_detail", "beneficiaries"],
    ),
    (
        "design",
        _("Design"),
        [
            "design",
            "form",
            "benefit_type",
            "scope",
            "urusan",
            "other_urusan",
            "theme",
            "is_digital",
        ],
    ),
    (
        "results",
        _("Goals, results and resources"),
        [
            "goals",
            "benefits",
            "results",
            "resources_facilities",
            "resources_budget",
            "resources_people",
            "sdgs",
        ],
    ),
    (
        "impact",
        _("Impact indicators and dates"),
        ["trial_start", "implementation_start", "last_developed_on"],
    ),
    (
        "origin",
        _("Origin (replication)"),
        ["origin", "origin_external_name", "origin_external_source", "replication_form"],
    ),
]
STEP_SLUGS = [slug for slug, _title, _fields in STEPS]


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Checkboxes in a fieldset per group of choices (the 38 urusan in four groups)."""

    template_name = "innovations/widgets/grouped_checkboxes.html"


class InnovationStepForm(forms.ModelForm):
    """One step of the idea form. Drafts may be incomplete: nothing here is required
    except the name; completeness is checked when the idea is submitted."""

    team = forms.ModelMultipleChoiceField(
        label=_("Team (co-authors)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Colleagues of this agency with the same rights as you on this idea."),
        widget=forms.CheckboxSelectMultiple,
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_urusan = forms.MultipleChoiceField(
        label=_("Other government affairs"),
        choices=urusan_grouped,
        required=False,
        widget=GroupedCheckboxes,
    )
    sdgs = forms.TypedMultipleChoiceField(
        label=_("SDG goals"),
        choices=SDGS,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Innovation
        fields = [f for _slug, _title, fields in STEPS for f in fields]
        field_classes = {"unit": SafeModelChoiceField, "origin": SafeModelChoiceField}
        widgets = {
            "trial_start": DATE,
            "implementation_start": DATE,
            "last_developed_on": DATE,
            "problem": forms.Textarea(attrs={"rows": 5}),
            "design": forms.Textarea(attrs={"rows": 12, "data-word-counter": "300"}),
            **{
                f: forms.Textarea(attrs={"rows": 3})
                for f in (
                    "beneficiaries",
                    "goals",
                    "benefits",
                    "results",
                    "resources_facilities",
                    "resources_budget",
                    "resources_people",
                )
            },
        }

    def __init__(self, *args, step: str, agency: Agency, author=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.step = step
        wanted = {s: f for s, _t, f in STEPS}[step]
        if step == "idea":
            wanted = [*wanted, "team"]
        if step == "results":
            wanted = [*wanted, "partners"]
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "urusan" in self.fields:
            self.fields["urusan"].choices = [("", "---------"), *urusan_grouped()]
        if "unit" in self.fields:
            self.fields["unit"].queryset = clinic_selectors.unit_choices(agency)
        if "team" in self.fields:
            self.fields["team"].queryset = clinic_selectors.colleague_choices(
                agency, exclude_user=author
            )
            if self.instance.pk:
                self.initial["team"] = [m.user_id for m in self.instance.team.all()]
        if "partners" in self.fields:
            self.fields["partners"].queryset = clinic_selectors.partner_list(agency)
            if self.instance.pk:
                self.initial["partners"] = [
                    link.partner_id for link in self.instance.partner_links.all()
                ]
        if "origin" in self.fields:
            self.fields["origin"].queryset = selectors.replication_sources(agency).exclude(
                pk=self.instance.pk or 0
            )
            self.fields["origin"].label_from_instance = lambda i: f"{i} · {i.agency.name}"
        if "name" in self.fields:
            self.fields["name"].required = True

    def clean(self):
        data = super().clean()
        if self.step == "origin":
            has_origin = data.get("origin") or data.get("origin_external_name")
            if has_origin and not data.get("replication_form"):
                self.add_error(
                    "replication_form",
                    _("Say how it was replicated: adoption, adaptation or modification."),
                )
            if data.get("origin") and data.get("origin_external_name"):
                self.add_error(
                    "origin_external_name",
                    _("Name either an innovation from the catalogue or an outside one, not both."),
                )
            origin = data.get("origin")
            if origin and self.instance.pk and self.instance.pk in selectors.origin_chain(origin):
                self.add_error(
                    "origin",
                    _(
                        "That innovation descends from this one; a lineage "
                        "cannot go round in a circle."
                    ),
                )
            if data.get("origin_external_name") and not data.get("origin_external_source"):
                self.add_error(
                    "origin_external_source", _("Say where the outside innovation comes from.")
                )
        if self.step == "impact":
            trial, start = data.get("trial_start"), data.get("implementation_start")
            if trial and start and start < trial:
                self.add_error(
                    "implementation_start", _("Implementation cannot start before the trial.")
                )
            developed = data.get("last_developed_on")
            if developed and start and developed < start:
                self.add_error(
                    "last_developed_on",
                    _("The latest development cannot come before the implementation."),
                )
        return data

    def model_fields(self) -> dict:
        return {k: v for k, v in self.cleaned_data.items() if k not in {"team", "partners"}}


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = ImpactIndicator
        fields = ["name", "unit", "baseline", "target"]


IndicatorFormSet = forms.inlineformset_factory(
    Innovation,
    ImpactIndicator,
    form=IndicatorForm,
    extra=1,
    can_delete=True,
)


class InnovationFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": _("Name, problem, design…")}),
    )
    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), required=False, empty_label=_("Every unit")
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Every status")), *Status.choices]
    )
    phase = forms.ChoiceField(
        label=_("5D phase"), required=False, choices=[("", _("Every phase")), *Phase.choices]
    )
    maturity = forms.ChoiceField(
        label=_("Maturity"), required=False, choices=[("", _("Every level")), *Maturity.choices]
    )
    benefit_type = forms.ChoiceField(
        label=_("Benefit"), required=False, choices=[("", _("Every kind")), *BenefitType.choices]
    )
    digital = forms.ChoiceField(
        label=_("Digital"),
        required=False,
        choices=[("", _("Both")), ("yes", _("Digital")), ("no", _("Non-digital"))],
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("newest", _("Newest")),
            ("oldest", _("Oldest")),
            ("name", _("Name")),
            ("updated", _("Recently updated")),
        ],
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = clinic_selectors.unit_choices(agency)


class RegisterFilterForm(InnovationFilterForm):
    """The registry's filters across the region: an agency instead of a unit, and no
    drafts to choose (the register never shows them)."""

    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), required=False
    )

    field_order = ["q", "agency"]

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, agency=agency, **kwargs)
        del self.fields["unit"]
        self.fields["agency"].queryset = clinic_selectors.region_agencies(agency.region_id)
        self.fields["agency"].empty_label = _("Every agency")
        self.fields["status"].choices = [
            choice for choice in self.fields["status"].choices if choice[0] != Status.DRAFT
        ]


class RegionalTargetForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    count = forms.IntegerField(label=_("New innovations"), min_value=0, max_value=999)

    def __init__(self, *args, region_id: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = clinic_selectors.region_agencies(region_id)


class ImportForm(forms.Form):
    """A spreadsheet of innovations for the member's agency or, for a coordinator, for an
    agency of its region."""

    agency = forms.ModelChoiceField(label=_("For the agency"), queryset=Agency.objects.none())
    upload = SpreadsheetField(label=_("Spreadsheet"))
    year = forms.IntegerField(
        label=_("Year of the list"),
        min_value=2000,
        max_value=2100,
        help_text=_("Rows without a trial or implementation date count in this year."),
    )

    def __init__(self, *args, membership, **kwargs):
        from django.utils import timezone

        super().__init__(*args, **kwargs)
        own = membership.agency
        if membership.is_coordinator:
            self.fields["agency"].queryset = clinic_selectors.region_agencies(own.region_id)
        else:
            self.fields["agency"].queryset = Agency.objects.filter(pk=own.pk)
        self.fields["agency"].initial = own.pk
        self.fields["agency"].empty_label = None
        self.fields["year"].initial = timezone.localdate().year - 1


class MoveForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    value = forms.CharField(required=False, max_length=20)


class EvidenceForm(forms.ModelForm):
    link = forms.URLField(label=_("Video link"), required=False, assume_scheme="https")
    upload = DocumentField(label=_("File"))

    class Meta:
        model = Evidence
        fields = ["title", "kind", "dated", "link", "is_public"]
        widgets = {"dated": DATE}

    def clean(self):
        data = super().clean()
        upload, link = data.get("upload"), data.get("link")
        if data.get("kind") == EvidenceKind.VIDEO:
            if not link:
                self.add_error("link", _("Give the video's link."))
            if upload:
                self.add_error("upload", _("Videos are linked, not uploaded."))
        elif not upload and "upload" not in self.errors:
            self.add_error("upload", _("Choose the file to upload."))
        elif link:
            self.add_error("link", _("Only videos are given as a link."))
        return data


class MeasurementForm(forms.ModelForm):
    class Meta:
        model = Measurement
        fields = ["value", "measured_on", "source"]
        widgets = {"measured_on": DATE}


class VisitForm(forms.ModelForm):
    class Meta:
        model = MonitoringVisit
        fields = ["planned_on", "instrument"]
        widgets = {"planned_on": DATE}


class VisitFindingsForm(forms.ModelForm):
    class Meta:
        model = MonitoringVisit
        fields = ["done_on", "findings"]
        widgets = {"done_on": DATE, "findings": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["done_on"].required = True
        self.fields["findings"].required = True


class ActionForm(forms.ModelForm):
    class Meta:
        model = FollowUpAction
        fields = ["description", "owner", "due_on"]
        widgets = {"due_on": DATE}
        field_classes = {"owner": forms.ModelChoiceField}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = clinic_selectors.colleague_choices(agency)


class CheckInForm(forms.ModelForm):
    class Meta:
        model = SustainabilityCheckIn
        fields = ["status", "checked_on", "note"]
        widgets = {"checked_on": DATE, "note": forms.Textarea(attrs={"rows": 2})}

    status = forms.ChoiceField(label=_("Status"), choices=CheckInStatus.choices)


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    unit = forms.ModelChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=_("The whole agency"),
    )
    count = forms.IntegerField(label=_("New innovations"), min_value=0, max_value=999)

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = clinic_selectors.unit_choices(agency)
