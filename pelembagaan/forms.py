"""Forms of the pelembagaan tracker. The choices of innovations and agencies (the
region's) are given by the view."""

from django import forms
from django.utils.translation import gettext_lazy as _

from clinics.uploads import DocumentField
from pelembagaan.choices import RegulationStatus
from pelembagaan.models import BudgetLine, Regulation

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _with_agency(innovation) -> str:
    return f"{innovation} ({innovation.agency.name})"


class InnovationChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _with_agency(obj)


class InnovationChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _with_agency(obj)


class RegulationForm(forms.ModelForm):
    """A regulation and what it covers; ``status`` only when it is first recorded (then it
    moves step by step)."""

    innovations = InnovationChoices(
        label=_("Innovations it names"),
        queryset=None,
        required=False,
        help_text=_("The index counts a regulation for an innovation only when it names it."),
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Agencies it covers"), queryset=None, required=False
    )
    upload = DocumentField(label=_("Signed document"))

    class Meta:
        model = Regulation
        fields = ["kind", "title", "number", "enacted_on", "disseminated_on", "status"]
        widgets = {"enacted_on": DATE, "disseminated_on": DATE}
        help_texts = {
            "status": _(
                "A regulation already in force can be recorded as enacted, with its number, "
                "date and signed document."
            )
        }

    def __init__(self, *args, innovations, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovations"].queryset = innovations
        self.fields["agencies"].queryset = agencies
        if self.instance.pk:
            del self.fields["status"]
            self.initial.setdefault("innovations", [i.pk for i in self.instance.innovation_list])
            self.initial.setdefault("agencies", [a.pk for a in self.instance.agency_list])
        else:
            self.fields["status"].initial = RegulationStatus.DRAFT

    def fields_to_save(self) -> dict:
        data = self.cleaned_data
        return {name: data[name] for name in self._meta.fields if name in self.fields}


class MoveForm(forms.Form):
    move = forms.CharField(widget=forms.HiddenInput)
    number = forms.CharField(label=_("Number"), max_length=120, required=False)
    enacted_on = forms.DateField(label=_("Date of enactment"), required=False, widget=DATE)
    disseminated_on = forms.DateField(label=_("Disseminated on"), required=False, widget=DATE)
    upload = DocumentField(label=_("Signed document"))
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class BudgetForm(forms.ModelForm):
    holder = forms.ModelChoiceField(label=_("Agency whose budget holds it"), queryset=None)
    innovation = InnovationChoice(
        label=_("Innovation it funds"),
        queryset=None,
        required=False,
        help_text=_("Empty for a line that funds coaching or the clinic as a whole."),
    )
    upload = DocumentField(label=_("Budget document (e.g. the DPA page, the line marked)"))

    class Meta:
        model = BudgetLine
        fields = BudgetLine.EDITABLE_FIELDS

    def __init__(self, *args, innovations, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["holder"].queryset = agencies
        self.fields["innovation"].queryset = innovations

    def fields_to_save(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields}
