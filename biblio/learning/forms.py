"""Forms parse and type the input; the services decide what is allowed and say why."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.core.errors import DomainError
from biblio.core.i18n import TranslatedModelChoiceField
from biblio.programmes.models import LearningMode, Module, Organisation, Programme

from .models import Enrolment, Material, Session
from .rules import BLENDED_MODES
from .services import applications as application_messages
from .services import exemptions as exemption_messages

EMAIL_TAKEN = _("An account with this e-mail address exists: log in first, then apply.")
PASSWORDS_DIFFER = _("The two passwords differ.")


def add_domain_errors(form: forms.Form, error: DomainError, rename: dict | None = None) -> None:
    """Show a service's DomainError on the form: each message on its field, the rest on top."""
    rename = rename or {}
    placed = False
    for name, messages in error.fields.items():
        target = rename.get(name, name)
        for message in messages:
            if target in form.fields:
                form.add_error(target, message)
                placed = True
            else:
                form.add_error(None, message)
    if not placed and not error.fields:
        form.add_error(None, error.message)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs):
        super().__init__(format="%H:%M", **kwargs)


# --- Applications ---------------------------------------------------------------------------------


class ApplicationForm(forms.Form):
    programme = TranslatedModelChoiceField(
        label=_("Track"),
        queryset=Programme.objects.none(),
        empty_label=None,
        widget=forms.RadioSelect,
    )
    motivation = forms.CharField(
        label=_("Why do you want to take part?"),
        error_messages={"required": application_messages.MOTIVATION_MISSING},
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    host = forms.ModelChoiceField(
        label=_("Library that would host your work-based learning"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("— not in the list —"),
        help_text=_("Your own library or another one; about two months from the end of summer."),
    )
    proposed_host = forms.CharField(
        label=_("Or name the library you propose"), required=False, max_length=200
    )
    host_agreed = forms.BooleanField(label=_("The library has already agreed to host me"), required=False)
    project_idea = forms.CharField(
        label=_("Your first project idea"),
        error_messages={"required": application_messages.IDEA_MISSING},
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
        help_text=_("What would you change in your library? For example a social-media strategy."),
    )

    def __init__(self, *args, cohort, hosts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = cohort.tracks.order_by("title")
        self.fields["host"].queryset = hosts


class NewApplicantForm(ApplicationForm):
    """The same, for someone without an account yet: the account is created with the application."""

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(label=_("E-mail address"))
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 10 characters."),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    field_order = ["full_name", "email", "password1", "password2"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if Person.objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(EMAIL_TAKEN)
        return email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", PASSWORDS_DIFFER)
        elif p1:
            probe = Person(email=data.get("email") or "", full_name=data.get("full_name") or "")
            try:
                validate_password(p1, user=probe)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (the applicant reads it)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class RatingForm(forms.Form):
    idea_rating = forms.TypedChoiceField(
        label=_("Project idea quality"),
        coerce=int,
        choices=[(i, str(i)) for i in range(6)],
        help_text=_("0 = no usable idea … 5 = excellent, ready to plan."),
    )
    host_agreed = forms.BooleanField(label=_("The host library has agreed"), required=False)


# --- Hour entries ---------------------------------------------------------------------------------


class EnrolmentChoiceField(forms.ModelChoiceField):
    """A participant's courses by track and edition, in their language (the queryset selects both)."""

    def label_from_instance(self, obj: Enrolment) -> str:
        return f"{obj.programme.tr('title')} · {obj.cohort.tr('name')}"


class HourEntryForm(forms.Form):
    enrolment = EnrolmentChoiceField(label=_("Course"), queryset=Enrolment.objects.none(), empty_label=None)
    mode = forms.ChoiceField(label=_("Learning mode"))
    module = TranslatedModelChoiceField(
        label=_("Module"),
        queryset=Module.objects.none(),
        required=False,
        empty_label=_("— none (self-study) —"),
        help_text=_("Optional for online study and self-study."),
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    hours = forms.DecimalField(
        label=_("Duration (hours)"),
        min_value=Decimal("0.25"),
        max_value=Decimal("12"),
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.25", "inputmode": "decimal"}),
        help_text=_("For example 1.5 for an hour and a half."),
    )
    note = forms.CharField(
        label=_("What you did"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    evidence = forms.FileField(
        label=_("Evidence (optional)"),
        required=False,
        help_text=_("A PDF, PNG or JPEG file, for example a certificate or a screenshot."),
    )
    remove_evidence = forms.BooleanField(label=_("Remove the attached file"), required=False)

    def __init__(self, *args, enrolments, modules, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["module"].queryset = modules
        self.fields["mode"].choices = [(m.value, m.label) for m in LearningMode if m.value in BLENDED_MODES]
        if editing:
            del self.fields["enrolment"]
        else:
            del self.fields["remove_evidence"]

    @property
    def minutes(self) -> int:
        return round(self.cleaned_data["hours"] * 60)


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


# --- Sessions ---------------------------------------------------------------------------------------


class SessionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Session.Kind.choices)
    mode = forms.ChoiceField(
        label=_("Hours count toward"),
        help_text=_("Attendance credits the session's length to this mode."),
    )
    module = TranslatedModelChoiceField(
        label=_("Module"), queryset=Module.objects.none(), required=False, empty_label=_("— none —")
    )
    date = forms.DateField(label=_("Date"), widget=DateInput())
    start_time = forms.TimeField(label=_("Starts"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), widget=TimeInput())
    place = forms.CharField(
        label=_("Place"),
        max_length=200,
        required=False,
        help_text=_("For a seminar: the address and room."),
    )
    link = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("For a webinar: where to join."),
    )
    trainer = forms.ModelChoiceField(
        label=_("Trainer"), queryset=Person.objects.none(), required=False, empty_label=_("— none —")
    )

    def __init__(self, *args, modules, trainers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        self.fields["trainer"].queryset = trainers
        self.fields["mode"].choices = [(m.value, m.label) for m in LearningMode if m.value in BLENDED_MODES]


# --- Exemptions, materials, MOOC ---------------------------------------------------------------------


class ExemptionForm(forms.Form):
    enrolment = EnrolmentChoiceField(label=_("Course"), queryset=Enrolment.objects.none(), empty_label=None)
    module = TranslatedModelChoiceField(label=_("Module to skip"), queryset=Module.objects.none())
    reason = forms.CharField(
        label=_("Your prior learning"),
        error_messages={"required": exemption_messages.REASON_REQUIRED},
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=4000,
        help_text=_("The course or qualification, who awarded it, when, and how many study hours."),
    )
    evidence = forms.FileField(
        label=_("Certificate or diploma"), help_text=_("A PDF, PNG or JPEG file."), required=False
    )

    def __init__(self, *args, enrolments, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enrolment"].queryset = enrolments
        self.fields["module"].queryset = modules


class ExemptionDecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Note to the participant"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
        help_text=_("Required when you reject the request."),
    )
    hours = forms.DecimalField(
        label=_("Hours recognised"),
        required=False,
        min_value=Decimal("0.25"),
        decimal_places=2,
        help_text=_("Leave empty to recognise all of the module's hours."),
    )


class MaterialForm(forms.Form):
    module = TranslatedModelChoiceField(label=_("Module"), queryset=Module.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Material.Kind.choices,
        widget=forms.RadioSelect,
        initial=Material.Kind.LINK,
    )
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("PDF, PNG, JPEG, or a Word, Excel or PowerPoint document."),
    )
    minutes = forms.IntegerField(label=_("Estimated study time (minutes)"), min_value=1, max_value=6000)
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
    )

    def __init__(self, *args, modules, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].queryset = modules
        if editing:
            del self.fields["module"]
            del self.fields["kind"]


class MoocImportForm(forms.Form):
    file = forms.FileField(
        label=_("Course-completion report (CSV)"),
        help_text=_(
            "In Moodle: Reports → Course completion → Download in CSV format, with the “Email "
            "address” column shown."
        ),
    )
    dry_run = forms.BooleanField(label=_("Only check the file; import nothing"), required=False, initial=True)


class MoocRecordForm(forms.Form):
    email = forms.EmailField(label=_("Participant's e-mail address"))
    completed_on = forms.DateField(label=_("Completed on"), widget=DateInput())


class CalendarResetForm(forms.Form):
    confirm = forms.BooleanField(label=_("I understand that the old address stops working"), required=True)
