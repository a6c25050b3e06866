"""Forms of competitions and dossiers. Choices that depend on the agency (its innovations,
the innovation's evidence) are given by the view."""

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from competitions.blueprints import BLUEPRINTS
from competitions.choices import DossierStatus, Result
from competitions.models import Category, Competition, RequiredDocument, Section, Stage
from competitions.pembina import ASPECTS


class BlueprintForm(forms.Form):
    blueprint = forms.ChoiceField(
        label=_("Template"),
        choices=[(key, f"{spec['name']} {spec['year']}") for key, spec in BLUEPRINTS.items()],
    )


class CopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)


class CompetitionForm(forms.ModelForm):
    class Meta:
        model = Competition
        fields = ["name", "kind", "year", "organiser", "group", "description", "results_published"]


StageFormSet = inlineformset_factory(
    Competition,
    Stage,
    fields=["kind", "starts_on", "ends_on"],
    extra=1,
    can_delete=True,
    widgets={
        "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    },
)


class CategoryForm(forms.ModelForm):
    class Meta:
        model = Category
        fields = [
            "name",
            "rule",
            "min_age_months",
            "min_age_months_replication",
            "quota_per_agency",
            "requires_sdg",
        ]


SectionFormSet = inlineformset_factory(
    Category,
    Section,
    fields=["order", "title", "guidance", "word_limit", "weight", "weight_estimated", "prefill"],
    extra=1,
    can_delete=True,
    widgets={"guidance": forms.Textarea(attrs={"rows": 2})},
)
DocumentFormSet = inlineformset_factory(
    Category,
    RequiredDocument,
    fields=["order", "title", "kind", "mandatory"],
    extra=1,
    can_delete=True,
)


class EnterForm(forms.Form):
    innovation = forms.ModelChoiceField(label=_("Innovation"), queryset=None, required=False)

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations


class SectionForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), widget=forms.Textarea(attrs={"rows": 10}), required=False
    )


class PickForm(forms.Form):
    """A required document and what to attach for it, among ``groups`` of candidates
    ((label, key prefix, objects): the innovation's evidence, or for the region's own entry
    its evidence locker and its regulations in force)."""

    requirement = forms.ModelChoiceField(label=_("Document"), queryset=None)
    evidence = forms.ChoiceField(label=_("Evidence"))

    def __init__(self, *args, requirements, groups, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["requirement"].queryset = requirements
        self.candidates = {}
        choices = [("", "---------")]
        for label, prefix, objects in groups:
            options = []
            for obj in objects:
                self.candidates[f"{prefix}{obj.pk}"] = obj
                options.append((f"{prefix}{obj.pk}", str(obj)))
            if options:
                choices.append((label, options))
        self.fields["evidence"].choices = choices

    def clean_evidence(self):
        return self.candidates[self.cleaned_data["evidence"]]


class CommentForm(forms.Form):
    section = forms.ModelChoiceField(label=_("Section"), queryset=None)
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, sections, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = sections


class ScoreForm(forms.Form):
    """One 0–100 field per weighted section; a juror must score every one (``required``),
    a mock score may cover some."""

    def __init__(self, *args, sections, required=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = {}
        for section in sections:
            name = f"s{section.pk}"
            self.sections[name] = section
            weight = f"{section.weight:g}%"
            if section.weight_estimated:
                weight = _("%(weight)s, an estimate") % {"weight": weight}
            self.fields[name] = forms.IntegerField(
                label=f"{section.title} ({weight})",
                min_value=0,
                max_value=100,
                required=required,
            )

    def scores(self) -> dict:
        return {
            self.sections[name]: value
            for name, value in self.cleaned_data.items()
            if value is not None
        }


class MoveForm(forms.Form):
    move = forms.CharField(widget=forms.HiddenInput)
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", "—"), *Result.choices], required=False
    )
    reference = forms.CharField(label=_("Announcement reference"), max_length=120, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RegionFilterForm(forms.Form):
    competition = forms.ModelChoiceField(label=_("Competition"), queryset=None, required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    status = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All")), *DossierStatus.choices], required=False
    )
    result = forms.ChoiceField(
        label=_("Result"), choices=[("", _("All")), *Result.choices], required=False
    )

    def __init__(self, *args, competitions, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competition"].queryset = competitions
        self.fields["agency"].queryset = agencies


class JurorForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Member of the agency"), queryset=None)

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = members


class RegionInnovationChoice(forms.ModelChoiceField):
    """One of the region's innovations, named with its agency."""

    def label_from_instance(self, obj):
        return f"{obj} ({obj.agency.name})"


class ShortlistFilterForm(forms.Form):
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=None, required=False)
    eligible = forms.BooleanField(label=_("Eligible only"), required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class CandidateForm(forms.Form):
    innovation = RegionInnovationChoice(label=_("Innovation"), queryset=None)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    action = forms.ChoiceField(choices=[("add", "add"), ("remove", "remove")])

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations


class InvitationForm(forms.Form):
    innovation = RegionInnovationChoice(label=_("Innovation invited"), queryset=None)
    award = forms.CharField(
        label=_("Earlier award"),
        max_length=120,
        required=False,
        help_text=_("e.g. Top 45 KIPP 2022"),
    )
    letter = forms.CharField(
        label=_("Invitation letter"),
        max_length=120,
        required=False,
        help_text=_("The organiser's letter, its number and date."),
    )

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations


class PembinaForm(forms.Form):
    """One whole number per figure of the Instansi Pembina entry, as the portal counted it
    or as corrected, and a note per aspect."""

    def __init__(self, *args, figures, worksheet=None, **kwargs):
        super().__init__(*args, **kwargs)
        saved = worksheet.values if worksheet else {}
        notes = worksheet.notes if worksheet else {}
        self.figures = figures
        for figure in figures:
            self.fields[f"v_{figure.key}"] = forms.DecimalField(
                label=figure.label,
                min_value=0,
                max_digits=16,
                decimal_places=0,
                initial=saved.get(figure.key, figure.value),
            )
        for aspect, title in ASPECTS:
            self.fields[f"note_{aspect}"] = forms.CharField(
                label=_("Note on %(aspect)s") % {"aspect": title},
                widget=forms.Textarea(attrs={"rows": 3}),
                required=False,
                initial=notes.get(aspect, ""),
                help_text=_("Added after the figures: what the portal does not know."),
            )

    def values(self) -> dict:
        return {f.key: self.cleaned_data[f"v_{f.key}"] for f in self.figures}

    def notes(self) -> dict:
        return {aspect: self.cleaned_data[f"note_{aspect}"] for aspect, _title in ASPECTS}

    def field_of(self, figure):
        return self[f"v_{figure.key}"]
