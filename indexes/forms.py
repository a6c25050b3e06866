from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from clinics.uploads import DocumentField
from indexes.models import Band, Edition, Indicator, OfficialResult
from innovations.choices import URUSAN, EvidenceKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class StartForm(forms.Form):
    edition = forms.ModelChoiceField(label=_("Edition"), queryset=Edition.objects.none())
    year = forms.IntegerField(label=_("Season"), min_value=2000, max_value=2100)

    def __init__(self, *args, editions, taken_years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["edition"].queryset = editions
        self.fields["year"].initial = timezone.localdate().year
        self.taken_years = set(taken_years)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year in self.taken_years:
            raise forms.ValidationError(
                _("The region already has an assessment for %(year)s."), params={"year": year}
            )
        return year


def _level_choices(indicator: Indicator):
    return [(0, _("Not met / not answered"))] + [
        (level, f"{level}: {indicator.wording(level)}") for level in (1, 2, 3)
    ]


class UploadMixin(forms.Form):
    """An answer's evidence: one already on file, or a new upload checked by content."""

    upload = DocumentField(label=_("Or upload a new document"))
    upload_title = forms.CharField(
        label=_("Title of the new document"), max_length=200, required=False
    )
    upload_dated = forms.DateField(
        label=_("Date of the new document"),
        required=False,
        widget=DATE,
        help_text=_("Evidence dated outside the years an indicator accepts counts 0 when strict."),
    )

    def clean(self):
        data = super().clean()
        if data.get("upload") and data.get("evidence"):
            self.add_error("upload", _("Pick a document on file or upload a new one, not both."))
        if data.get("upload") and not data.get("upload_title"):
            self.add_error("upload_title", _("Give the new document a title."))
        window = self.indicator.year_window
        if data.get("upload") and window and not data.get("upload_dated"):
            self.add_error(
                "upload_dated",
                _("Give the document's date: this indicator takes evidence from %(window)s.")
                % {"window": window},
            )
        return data


class PemdaAnswerForm(UploadMixin):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    evidence = forms.ModelChoiceField(label=_("Evidence on file"), queryset=None, required=False)
    field_order = ["level", "note", "evidence", "upload", "upload_title", "upload_dated"]

    def __init__(self, *args, indicator, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["level"].choices = _level_choices(indicator)
        self.fields["evidence"].queryset = evidence


class InnovationAnswerForm(UploadMixin):
    level = forms.TypedChoiceField(label=_("Level"), coerce=int, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    evidence = forms.TypedChoiceField(
        label=_("Evidence in the locker"), coerce=int, required=False, empty_value=None
    )
    upload_kind = forms.ChoiceField(
        label=_("Kind of the new document"),
        choices=[("", "—")] + [c for c in EvidenceKind.choices if c[0] != EvidenceKind.VIDEO],
        required=False,
    )

    field_order = [
        "level",
        "note",
        "evidence",
        "upload",
        "upload_title",
        "upload_kind",
        "upload_dated",
    ]

    def __init__(self, *args, indicator, evidence, **kwargs):
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        self.fields["level"].choices = _level_choices(indicator)
        self.fields["evidence"].choices = [("", "—")] + [
            (e.pk, f"{e} ({e.get_kind_display()})") for e in evidence
        ]

    def clean(self):
        data = super().clean()
        if data.get("upload") and not data.get("upload_kind"):
            self.add_error("upload_kind", _("Say what kind of document it is."))
        return data


class EditionForm(forms.ModelForm):
    count_urusan = forms.TypedMultipleChoiceField(
        label=_("Basic-service affairs (urusan) the count requires"),
        choices=URUSAN,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Edition
        fields = ["name", "year", *Edition.RULE_FIELDS]
        widgets = {
            "window_start": DATE,
            "window_end": DATE,
            "source": forms.Textarea(attrs={"rows": 2}),
            "provenance": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        data = super().clean()
        listed, needed = data.get("count_urusan") or [], data.get("count_urusan_min") or 0
        if needed > len(listed):
            self.add_error(
                "count_urusan_min",
                _("At most %(n)s: only that many affairs are ticked.") % {"n": len(listed)},
            )
        start, end = data.get("window_start"), data.get("window_end")
        if start and end and end < start:
            self.add_error("window_end", _("The window cannot end before it starts."))
        return data


BandFormSet = forms.inlineformset_factory(
    Edition,
    Band,
    fields=["name", "minimum"],
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)


class IndicatorForm(forms.ModelForm):
    evidence_kinds = forms.TypedMultipleChoiceField(
        label=_("Kinds of evidence that back it"),
        choices=EvidenceKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Indicator
        fields = Indicator.EDITABLE_FIELDS
        widgets = {
            "level_1": forms.Textarea(attrs={"rows": 2}),
            "level_2": forms.Textarea(attrs={"rows": 2}),
            "level_3": forms.Textarea(attrs={"rows": 2}),
            "evidence": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_cuts(self):
        return self.cleaned_data.get("cuts") or []


class CopyEditionForm(forms.Form):
    year = forms.IntegerField(label=_("Year of the copy"), min_value=2000, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)


class OfficialForm(forms.ModelForm):
    """The announced result of a season; its rating among the edition's bands."""

    band = forms.ChoiceField(label=_("Official rating"))

    class Meta:
        model = OfficialResult
        fields = ["iid", "band", "national_rank", "ranked_among", "announced_on", "reference"]
        widgets = {"announced_on": DATE}

    def __init__(self, *args, bands, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["band"].choices = [("", "---------")] + [(b.name, b.name) for b in bands]
