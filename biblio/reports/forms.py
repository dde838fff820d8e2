"""The report filters (GET, kept in the URL), the map's filters and the end-of-course feedback form."""

from __future__ import annotations

from django import forms
from django.db.models import Exists, OuterRef, Q
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
NO_LIBRARY = _("No participating library matches “%(text)s”.")
SEVERAL_LIBRARIES = _("Several libraries match “%(text)s”: %(names)s. Type more of the name, or the code.")
LIBRARY_HELP = _("A participating library's name, city or code.")
LIBRARIES_SUGGESTED = 5  # the first ones named in the error when a library's name is ambiguous
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


def find_libraries(text: str, cohort_ids=None, *, limit: int = LIBRARIES_SUGGESTED + 1) -> list[Organisation]:
    """Participating libraries (of `cohort_ids`, or of any cohort) whose code is `text`, or else whose
    name or city contains it: at most `limit`, an exact code first. One or two short queries through
    the organisation's indexes and an EXISTS per candidate, whatever the number of libraries."""
    placements = Placement.objects.filter(host=OuterRef("pk"))
    enrolments = Enrolment.objects.filter(person__organisation=OuterRef("pk"))
    if cohort_ids is not None:
        placements = placements.filter(enrolment__cohort_id__in=cohort_ids)
        enrolments = enrolments.filter(cohort_id__in=cohort_ids)
    participating = Organisation.objects.filter(Exists(placements) | Exists(enrolments)).only(
        "pk", "key", "name", "city", "country"
    )
    exact = list(participating.filter(key=text)[:1])
    if exact:
        return exact
    found = participating.filter(Q(name__icontains=text) | Q(city__icontains=text))
    return list(found.order_by("country", "name")[:limit])


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
        self.cohort_ids = None if is_admin(person) else [c.pk for c in self.cohorts.values()]
        self._choice(
            "cohort", _("Cohort"), [(c.code, c.tr("name")) for c in self.cohorts.values()], _("All cohorts")
        )
        self._choice("country", _("Country"), [(c, c) for c in countries], _("All countries"))
        self._choice("track", _("Track"), track_choices(), _("All tracks"))
        # A text field, not a list: a large programme has thousands of libraries (the list alone cost
        # more than the figures). The URL keeps the library's code, as before.
        self.fields["library"] = forms.CharField(
            label=_("Library"),
            required=False,
            max_length=200,
            help_text=LIBRARY_HELP,
            widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        )
        for name, label in (("from", _("From")), ("to", _("To"))):
            self.fields[name] = forms.DateField(
                label=label, required=False, widget=forms.DateInput(attrs={"type": "date"})
            )

    def clean_library(self) -> Organisation | None:
        text = (self.cleaned_data.get("library") or "").strip()
        if not text:
            return None
        found = find_libraries(text, self.cohort_ids)
        if not found:
            raise forms.ValidationError(NO_LIBRARY, params={"text": text})
        named = [o for o in found if o.name.casefold() == text.casefold()]
        if len(found) > 1 and len(named) == 1:
            return named[0]
        if len(found) > 1:
            names = "; ".join(f"{o.name} ({o.key})" for o in found[:LIBRARIES_SUGGESTED])
            raise forms.ValidationError(SEVERAL_LIBRARIES, params={"text": text, "names": names})
        return found[0]

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
            library=data.get("library") if "library" not in self.errors else None,
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
