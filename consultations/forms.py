"""Forms of the booking."""

from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes.forms import SafeModelChoiceField

from clinics.forms import AgencyOwnedModelForm
from clinics.models import Partner
from clinics.uploads import ImageUploadField
from consultations.choices import Expertise
from consultations.models import (
    AvailabilityException,
    FacilitatorProfile,
    Room,
    SessionType,
    WeeklyHours,
)
from innovations.choices import Phase

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SlotSearchForm(forms.Form):
    """What to book and when: a session type, a facilitator or an expertise, and a week."""

    session_type = forms.ModelChoiceField(
        label=_("Kind of session"), queryset=SessionType.objects.none()
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"),
        required=False,
        queryset=FacilitatorProfile.objects.none(),
        empty_label=_("Anyone with the expertise below"),
    )
    expertise = forms.ChoiceField(
        label=_("Expertise"), required=False, choices=[("", _("Any")), *Expertise.choices]
    )
    week = forms.DateField(label=_("Week of"), required=False, widget=DATE)

    def __init__(self, *args, session_types, facilitators, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_type"].queryset = session_types
        self.fields["facilitator"].queryset = facilitators

    def monday(self) -> date:
        day = (
            self.cleaned_data.get("week") if self.is_bound and self.is_valid() else None
        ) or timezone.localdate()
        return day - timedelta(days=day.weekday())


class BookingForm(forms.Form):
    starts_at = forms.DateTimeField(widget=forms.HiddenInput)
    innovation = forms.ModelChoiceField(
        label=_("About the innovation"), required=False, queryset=None
    )
    dossier_section = forms.CharField(
        label=_("Dossier section (if any)"), required=False, max_length=120
    )
    need = forms.CharField(
        label=_("What do you need help with?"), widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["innovation"].queryset = innovations

    def clean_starts_at(self):
        value = self.cleaned_data["starts_at"]
        if value <= timezone.now():
            raise forms.ValidationError(_("This time has passed. Choose a later slot."))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)


class WeeklyHoursForm(forms.ModelForm):
    class Meta:
        model = WeeklyHours
        fields = ["weekday", "start", "end"]
        widgets = {"start": TIME, "end": TIME}

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] <= data["start"]:
            self.add_error("end", _("The end must be after the start."))
        return data


class ExceptionForm(forms.ModelForm):
    class Meta:
        model = AvailabilityException
        fields = ["kind", "day", "start", "end", "note"]
        widgets = {"day": DATE, "start": TIME, "end": TIME}

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if (start is None) != (end is None):
            self.add_error("end", _("Give both times, or neither for the whole day."))
        elif start and end <= start:
            self.add_error("end", _("The end must be after the start."))
        if data.get("kind") == "extra" and start is None:
            self.add_error("start", _("Extra hours need a start and an end."))
        return data


class SessionTypeForm(AgencyOwnedModelForm):
    class Meta:
        model = SessionType
        fields = [
            "name",
            "kind",
            "duration_minutes",
            "capacity",
            "room",
            "meeting_link",
            "min_notice_hours",
            "max_days_ahead",
            "buffer_minutes",
            "cancel_cutoff_hours",
            "max_per_day",
            "max_per_week",
            "is_active",
        ]
        field_classes = {"room": SafeModelChoiceField}

    meeting_link = forms.URLField(
        label=_("Online meeting link"), required=False, assume_scheme="https"
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = Room.objects.filter(agency=self.instance.agency)

    def clean_duration_minutes(self):
        minutes = self.cleaned_data["duration_minutes"]
        if minutes < 15:
            raise forms.ValidationError(_("A session lasts at least 15 minutes."))
        return minutes


class RoomForm(AgencyOwnedModelForm):
    class Meta:
        model = Room
        fields = ["name"]


class OutcomeForm(forms.Form):
    """After the session: notes, up to three agreed actions (each with its owner and due
    date) and the innovation's 5D phase."""

    ACTION_ROWS = 3

    notes = forms.CharField(
        label=_("What was agreed"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    phase = forms.ChoiceField(
        label=_("The innovation's 5D phase"),
        required=False,
        choices=[("", _("unchanged")), *Phase.choices],
    )

    def __init__(self, *args, people=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        owners = [
            ("", _("the innovation's author")),
            *((key, str(person)) for key, person in self.people.items()),
        ]
        for row in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{row}"] = forms.CharField(
                label=_("Action %(number)s") % {"number": row}, required=False, max_length=300
            )
            self.fields[f"owner_{row}"] = forms.ChoiceField(
                label=_("owner"), required=False, choices=owners
            )
            self.fields[f"due_{row}"] = forms.DateField(label=_("due"), required=False, widget=DATE)

    def clean(self):
        data = super().clean()
        for row in range(1, self.ACTION_ROWS + 1):
            if data.get(f"action_{row}") and not data.get(f"due_{row}"):
                self.add_error(f"due_{row}", _("When is it due?"))
        return data

    def actions(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "description": data[f"action_{row}"],
                "due_on": data[f"due_{row}"],
                "owner": self.people.get(data.get(f"owner_{row}") or ""),
            }
            for row in range(1, self.ACTION_ROWS + 1)
            if data.get(f"action_{row}")
        ]


class ScheduleForm(forms.Form):
    """A facilitator schedules coaching with an innovation's team or a group session."""

    session_type = forms.ModelChoiceField(
        label=_("Kind of session"), queryset=SessionType.objects.none()
    )
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator"), queryset=FacilitatorProfile.objects.none()
    )
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    innovation = forms.ModelChoiceField(
        label=_("With the team of"),
        required=False,
        queryset=None,
        help_text=_("Its author and co-authors are invited and accept or decline."),
    )

    def __init__(self, *args, session_types, facilitators, innovations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session_type"].queryset = session_types
        self.fields["facilitator"].queryset = facilitators
        self.fields["innovation"].queryset = innovations


class ProfileForm(forms.ModelForm):
    expertise = forms.MultipleChoiceField(
        label=_("Expertise"),
        choices=Expertise.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = FacilitatorProfile
        fields = ["expertise", "bio", "affiliation", "partner", "photo", "is_active"]
        field_classes = {"partner": SafeModelChoiceField, "photo": ImageUploadField}
        widgets = {"bio": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.filter(agency=self.instance.agency)
