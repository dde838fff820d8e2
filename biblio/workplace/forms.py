"""Forms for the logbook, placements, the final evaluation and project ideas. They parse; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.core.errors import DomainError

from .models import ProjectActivity, ProjectIdea

EMAIL_UNKNOWN = _("Nobody with this e-mail address has an account: ask the administrator to create one.")
DURATION_REQUIRED = _("Give the time you spent: hours, minutes or both.")

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def add_domain_error(form: forms.Form, exc: DomainError, aliases: dict[str, str] | None = None) -> None:
    """Put a service's field messages on the form's fields (or on the form when no field matches)."""
    aliases = aliases or {}
    placed = False
    for name, messages in exc.fields.items():
        field = aliases.get(name, name)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


class WorkEntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DATE)
    hours = forms.IntegerField(label=_("Hours"), min_value=0, max_value=12, initial=0)
    minutes = forms.TypedChoiceField(
        label=_("Minutes"),
        coerce=int,
        initial=0,
        choices=[(m, f"{m:02d}") for m in (0, 15, 30, 45)],
    )
    # An integer with a select widget: the service, not the form, decides whose activity is acceptable.
    activity = forms.IntegerField(label=_("Project activity"), required=False, widget=forms.Select)
    note = forms.CharField(label=_("What you did"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    ALIASES = {"minutes": "hours", "activity_id": "activity"}

    def __init__(self, *args, activities: list[ProjectActivity], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["activity"].widget.choices = [("", _("Choose an activity…"))] + [
            (a.pk, f"{a.title} ({a.due:%d.%m.})") for a in activities
        ]

    def clean(self):
        data = super().clean()
        if "hours" in data and "minutes" in data and not data["hours"] * 60 + data["minutes"]:
            self.add_error("hours", DURATION_REQUIRED)
        return data

    @property
    def total_minutes(self) -> int:
        return self.cleaned_data["hours"] * 60 + self.cleaned_data["minutes"]

    @classmethod
    def initial_for(cls, entry) -> dict:
        return {
            "date": entry.date,
            "hours": entry.minutes // 60,
            "minutes": entry.minutes % 60 // 15 * 15,
            "activity": entry.activity_id,
            "note": entry.note,
        }


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should change"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class PlacementForm(forms.Form):
    host = forms.ModelChoiceField(label=_("Host library"), queryset=None)
    mentor_email = forms.EmailField(label=_("Mentor's e-mail address"))
    start = forms.DateField(label=_("Start"), widget=DATE, required=False)
    end = forms.DateField(label=_("End"), widget=DATE, required=False)
    planned_hours = forms.DecimalField(
        label=_("Planned hours"), min_value=0, max_digits=6, decimal_places=1, required=False
    )
    note = forms.CharField(label=_("Reason for a change of mentor"), max_length=300, required=False)

    ALIASES = {"mentor": "mentor_email"}

    def __init__(self, *args, hosts, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["host"].queryset = hosts

    def clean_mentor_email(self) -> str:
        email = self.cleaned_data["mentor_email"]
        self.mentor = Person.objects.filter(email__iexact=email).first()
        if self.mentor is None:
            raise forms.ValidationError(EMAIL_UNKNOWN)
        return email


class EvaluationForm(forms.Form):
    narrative = forms.CharField(
        label=_("Narrative"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        required=False,
        help_text=_("What the participant did well, what they learned, and what to work on next."),
    )

    def __init__(self, *args, requirements: list, levels: dict[int, int], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for requirement in requirements:
            competence = requirement.competence
            name = f"level_{competence.pk}"
            top = levels.get(competence.pk, 8)
            self.fields[name] = forms.TypedChoiceField(
                label=f"{competence.code} {competence.title}",
                coerce=int,
                empty_value=None,
                required=False,
                choices=[("", _("Not observed"))] + [(n, str(n)) for n in range(1, top + 1)],
            )
            self.rows.append((requirement, name))

    def bound_rows(self):
        return [(requirement, self[name]) for requirement, name in self.rows]

    def levels(self) -> dict[int, int | None]:
        return {req.competence_id: self.cleaned_data.get(name) for req, name in self.rows}


class IdeaForm(forms.ModelForm):
    class Meta:
        model = ProjectIdea
        fields = ["title", "category", "goals", "description"]
        widgets = {
            "goals": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"description": _("Description and expected results")}


class ActivityForm(forms.ModelForm):
    class Meta:
        model = ProjectActivity
        fields = ["title", "due", "owner", "status"]
        widgets = {"due": DATE}
        help_texts = {"owner": _("Who is responsible: you, a colleague, a partner…")}


class ReviewIdeaForm(forms.Form):
    feedback = forms.CharField(
        label=_("Feedback"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        required=False,
        help_text=_("Required when you return the idea."),
    )


class CompleteForm(forms.Form):
    outcome_report = forms.CharField(
        label=_("Outcome report"), widget=forms.Textarea(attrs={"rows": 8}), max_length=20000
    )
    in_practice = forms.BooleanField(label=_("The project went into practice"), required=False)


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File"))


class PublishForm(forms.Form):
    published = forms.BooleanField(
        label=ProjectIdea._meta.get_field("published").verbose_name, required=False
    )
