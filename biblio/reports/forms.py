"""The report filters (GET, kept in the URL), the map's filters and the end-of-course feedback form."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from biblio.accounts.models import Person
from biblio.accounts.permissions import Action, is_admin
from biblio.competences.models import RoleProfile
from biblio.learning.models import Enrolment
from biblio.programmes.models import Cohort, Organisation
from biblio.workplace.models import Placement

from .models import RATING_ITEMS, Feedback
from .scope import ReportFilters, visible_cohorts

PERIOD_REVERSED = _("The start of the period must not be after its end.")
RATING_CHOICES = [
    (1, _("1 — very dissatisfied")),
    (2, _("2")),
    (3, _("3")),
    (4, _("4")),
    (5, _("5 — very satisfied")),
]


def track_choices() -> list[tuple[str, str]]:
    """Role profiles that some programme follows (CECO, DIGY)."""
    rows = (
        RoleProfile.objects.filter(Exists(Enrolment.objects.filter(programme__profile=OuterRef("pk"))))
        .order_by("code")
        .values_list("code", "title")
    )
    return [(code, f"{code} — {title}") for code, title in rows]


def participating_libraries(cohort_ids=None):
    """Organisations hosting a participant or employing one (in `cohort_ids`, or any cohort): two
    short DISTINCT lists of ids, then the organisations."""
    placements = Placement.objects.all()
    enrolments = Enrolment.objects.filter(person__organisation__isnull=False)
    if cohort_ids is not None:
        placements = placements.filter(enrolment__cohort_id__in=cohort_ids)
        enrolments = enrolments.filter(cohort_id__in=cohort_ids)
    ids = set(placements.order_by().values_list("host_id", flat=True).distinct())
    ids |= set(enrolments.order_by().values_list("person__organisation_id", flat=True).distinct())
    return Organisation.objects.filter(pk__in=ids).order_by("country", "name")


class _ChoiceFilters(forms.Form):
    """Choices are loaded once per request; values are codes and keys, so URLs read well."""

    def _choice(self, name: str, label, choices, empty) -> None:
        self.fields[name] = forms.ChoiceField(label=label, required=False, choices=[("", empty), *choices])


class ReportFilterForm(_ChoiceFilters):
    """Cohort, country, track, library and period for dashboards, tables and exports."""

    def __init__(self, data, *, person: Person, action: Action = Action.VIEW_COHORT) -> None:
        super().__init__(data)
        self.cohorts = {c.code: c for c in visible_cohorts(person, action)}
        countries = sorted({c.country for c in self.cohorts.values()})
        libraries = participating_libraries(
            None if is_admin(person) else [c.pk for c in self.cohorts.values()]
        ).only("pk", "key", "name", "city", "country")
        self.libraries = {o.key: o for o in libraries}
        self._choice(
            "cohort", _("Cohort"), [(c.code, c.tr("name")) for c in self.cohorts.values()], _("All cohorts")
        )
        self._choice("country", _("Country"), [(c, c) for c in countries], _("All countries"))
        self._choice("track", _("Track"), track_choices(), _("All tracks"))
        self._choice(
            "library",
            _("Library"),
            [(o.key, f"{o.name} ({o.city})") for o in self.libraries.values()],
            _("All libraries"),
        )
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and start > end:
            self.add_error("to", PERIOD_REVERSED)
        return data

    def filters(self) -> ReportFilters:
        """The valid filters (an invalid one is left out and shown as an error beside its field)."""
        self.is_valid()
        data = self.cleaned_data
        return ReportFilters(
            cohort=self.cohorts.get(data.get("cohort") or ""),
            country=data.get("country") or "",
            track=data.get("track") or "",
            library=self.libraries.get(data.get("library") or ""),
            date_from=data.get("from"),
            date_to=data.get("to") if "to" not in self.errors else None,
        )


class MapFilterForm(_ChoiceFilters):
    """The public map's filters: country, cohort and track."""

    def __init__(self, data) -> None:
        super().__init__(data)
        cohorts = Cohort.objects.filter(Exists(Enrolment.objects.filter(cohort=OuterRef("pk")))).order_by(
            "-start", "country"
        )
        self.cohorts = {
            c.code: c for c in cohorts.only("pk", "code", "name", "translations", "country", "start")
        }
        countries = sorted({c.country for c in self.cohorts.values()})
        self._choice("country", _("Country"), [(c, c) for c in countries], _("All countries"))
        self._choice(
            "cohort", _("Cohort"), [(c.code, c.tr("name")) for c in self.cohorts.values()], _("All cohorts")
        )
        self._choice("track", _("Track"), track_choices(), _("All tracks"))

    def values(self) -> dict:
        self.is_valid()
        data = self.cleaned_data
        return {
            "country": data.get("country") or "",
            "cohort": self.cohorts.get(data.get("cohort") or ""),
            "track": data.get("track") or "",
        }


class FeedbackForm(forms.ModelForm):
    comments = forms.CharField(
        label=Feedback._meta.get_field("comments").verbose_name,
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Reports show your answers only together with at least two others, never with your name."
        ),
    )

    class Meta:
        model = Feedback
        fields = [*RATING_ITEMS, "project_in_practice", "comments"]

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for item in RATING_ITEMS:
            self.fields[item] = forms.TypedChoiceField(
                label=self.fields[item].label,
                choices=RATING_CHOICES,
                coerce=int,
                widget=forms.RadioSelect,
            )
        self.fields["project_in_practice"] = forms.ChoiceField(
            label=self.fields["project_in_practice"].label,
            choices=Feedback.InPractice.choices,
            widget=forms.RadioSelect,
        )
