"""Forms: they parse and explain; the rules themselves live in the services."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from biblio.core.errors import DomainError

from .models import Assessment
from .verification import MAX_BYTES

PASTE_OR_UPLOAD = _("Paste the credential or choose its file.")
FILE_TOO_BIG = _("The file is larger than 1 MB: it cannot be a credential.")


def add_domain_errors(form: forms.Form, error: DomainError) -> None:
    """Tie a service's field messages to the form's fields; its summary goes above the form."""
    for name, messages in error.fields.items():
        for message in messages:
            form.add_error(name if name in form.fields else None, message)
    if error.message not in form.non_field_errors():
        form.add_error(None, error.message)


class AssessmentForm(forms.Form):
    module = forms.TypedChoiceField(label=_("Module"), coerce=int)
    method = forms.ChoiceField(label=_("Method"), choices=Assessment.Method.choices)
    result = forms.ChoiceField(label=_("Result"), choices=Assessment.Result.choices, widget=forms.RadioSelect)
    score = forms.DecimalField(
        label=_("Score (0–100, optional)"),
        required=False,
        max_digits=4,
        decimal_places=1,
        min_value=Decimal(0),
        max_value=Decimal(100),
    )
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, modules=(), **kwargs):
        kwargs.setdefault("initial", {}).setdefault("date", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.fields["module"].choices = [(m.pk, f"{m.code} {m.tr('title')}") for m in modules]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (published on the verify page)"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the certificate is revoked.")},
    )


class VerifyForm(forms.Form):
    text = forms.CharField(
        label=_("Paste the credential (JSON)"),
        required=False,
        max_length=MAX_BYTES,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "autocomplete": "off"}),
    )
    file = forms.FileField(label=_("…or choose the credential file"), required=False)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload is not None and upload.size > MAX_BYTES:
            self.add_error("file", FILE_TOO_BIG)
            return data
        if upload is not None:
            data["content"] = upload.read()
        elif (data.get("text") or "").strip():
            data["content"] = data["text"]
        elif not self.errors:
            raise forms.ValidationError(PASTE_OR_UPLOAD)
        return data
