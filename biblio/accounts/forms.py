from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from biblio.core.i18n import TranslatedModelChoiceField

from . import throttle
from .models import Person

CODE_FORMAT = _("Enter the 6-digit code from your app, or one of your recovery codes.")


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("That e-mail address and password do not match an account."),
        "inactive": _("This account is inactive."),
    }

    def clean(self):
        # Refuse before checking the password: while throttled, a right guess gets no further.
        email = self.cleaned_data.get("username")
        minutes = throttle.minutes_left(self.request, email, (throttle.Scope.ACCOUNT, throttle.Scope.ADDRESS))
        if minutes:
            raise ValidationError(throttle.LOGIN_THROTTLED % {"minutes": minutes}, code="throttled")
        return super().clean()


class ResetForm(PasswordResetForm):
    email = forms.EmailField(
        label=_("E-mail address"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=CODE_FORMAT,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ErasureRequestForm(PasswordConfirmForm):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProfileForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "preferred_language", "consent_public"]


class TokenForm(forms.Form):
    name = forms.CharField(label=_("Token name"), max_length=100, help_text=_("For example: Moodle sync"))


class AuditFilterForm(forms.Form):
    """Filters for the audit log; choices are only what the reader may see."""

    cohort = TranslatedModelChoiceField(
        label=_("Cohort"), queryset=None, required=False, empty_label=_("All my cohorts")
    )
    verb = forms.ChoiceField(label=_("Action"), required=False)
    object_type = forms.ChoiceField(label=_("Object type"), required=False)
    actor = forms.CharField(label=_("Who (name or e-mail)"), required=False, max_length=100)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, cohorts, verbs: list[str], types: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["verb"].choices = [("", _("Any")), *((v, v) for v in verbs)]
        self.fields["object_type"].choices = [("", _("Any")), *((t, t) for t in types)]

    def clean(self):
        data = super().clean()
        if data.get("since") and data.get("until") and data["since"] > data["until"]:
            self.add_error("until", _("The end date is before the start date."))
        return data

    def filters(self) -> dict:
        data = self.cleaned_data
        return {
            "cohort_id": data["cohort"].pk if data.get("cohort") else None,
            "verb": data.get("verb") or "",
            "object_type": data.get("object_type") or "",
            "actor": (data.get("actor") or "").strip(),
            "since": data.get("since"),
            "until": data.get("until"),
        }
