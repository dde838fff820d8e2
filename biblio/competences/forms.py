"""Forms: parse and explain; the services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LearningPathAdjustment, SelfAssessment

ERR_CHOOSE_LEVEL = _("Choose one of the levels shown.")
ERR_FILE_TOO_BIG = _("The file is larger than %(mb)s MB.")
MAX_IMPORT_BYTES = 5 * 1024 * 1024


class SelfAssessmentForm(forms.Form):
    """One radio group per competence of the sheet; a draft may leave some empty."""

    action = forms.ChoiceField(choices=[("save", "save"), ("submit", "submit")], required=False)

    def __init__(self, *args, sheet, **kwargs):
        super().__init__(*args, **kwargs)
        self.sheet = sheet
        for item in sheet.items:
            self.fields[item.field_name] = forms.TypedChoiceField(
                label=item.requirement.label,
                choices=[("0", "0")]
                + [(str(level.number), level.title) for level in item.requirement.levels],
                coerce=int,
                required=False,
                error_messages={"invalid_choice": ERR_CHOOSE_LEVEL},
                initial=item.level,
            )

    def ratings(self) -> dict[int, int]:
        return {
            int(name.split("_", 1)[1]): value
            for name, value in self.cleaned_data.items()
            if name.startswith("competence_") and value not in (None, "")
        }

    @property
    def submitting(self) -> bool:
        return self.cleaned_data.get("action") == "submit"


class StartForm(forms.Form):
    profile = forms.IntegerField(widget=forms.HiddenInput)
    moment = forms.ChoiceField(choices=SelfAssessment.Moment.choices, widget=forms.HiddenInput)


class PathAdjustForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), coerce=int)
    kind = forms.ChoiceField(label=_("Change"), choices=LearningPathAdjustment.Kind.choices)
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        help_text=_("The participant sees it beside the module."),
    )

    def __init__(self, *args, modules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [
            (m.id, f"{m.code} {m.title}" + ("" if not m.mandatory else f" ({_('mandatory')})"))
            for m in modules
        ]


class PathRemoveForm(forms.Form):
    module = forms.IntegerField()


class FrameworkImportForm(forms.Form):
    file = forms.FileField(label=_("Moodle competency-framework CSV (UTF-8)"))
    version = forms.CharField(
        label=_("Version"),
        max_length=20,
        required=False,
        help_text=_("Leave empty to take it from the file (Biblio's exports carry it)."),
    )
    slug = forms.SlugField(
        label=_("Framework key"),
        max_length=40,
        required=False,
        help_text=_("Leave empty to take it from the file; the same key makes a new version of a framework."),
    )
    adopt = forms.BooleanField(
        label=_("Make it the current version and move the role profiles onto it"),
        required=False,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(ERR_FILE_TOO_BIG % {"mb": MAX_IMPORT_BYTES // (1024 * 1024)})
        return upload
