"""The person's security settings: password change and the optional second factor (staff)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters

from biblio.core.errors import DomainError, NotFound

from . import throttle, twofactor
from .forms import CodeForm, PasswordConfirmForm, ResetForm

CODES = "biblio_recovery_codes"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("profile")

    def form_valid(self, form):
        response = super().form_valid(form)  # keeps this session, ends the others
        messages.success(self.request, _("Your password has been changed."))
        return response


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset e-mail, with links built from SITE_URL (never from the request's Host header)
    and a limit per network address so the form cannot be used to flood mailboxes."""

    form_class = ResetForm
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"

    def form_valid(self, form):
        scopes = (throttle.Scope.RESET,)
        minutes = throttle.minutes_left(self.request, None, scopes)
        if minutes:
            form.add_error(None, throttle.RESET_THROTTLED % {"minutes": minutes})
            return self.form_invalid(form)
        throttle.record(self.request, None, scopes)
        self.extra_email_context = {"site_url": settings.SITE_URL}
        return super().form_valid(form)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form):
        response = super().form_valid(form)
        throttle.clear(form.user.email)  # a new password lifts a log-in pause for the account
        return response


@sensitive_post_parameters("renew-password", "disable-password", "code")
@login_required
def two_factor(request):
    """Turn the authenticator-app second factor on or off; renew recovery codes."""
    person = request.user
    if not twofactor.may_use(person):
        raise NotFound(_("Not found."))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    code_form, password_forms = (
        CodeForm(),
        {name: PasswordConfirmForm(prefix=name) for name in ("renew", "disable")},
    )
    try:
        if action == "start":
            twofactor.totp_start(person=person)
            return redirect("two_factor")
        if action == "confirm":
            code_form = CodeForm(request.POST)
            if code_form.is_valid():
                request.session[CODES] = twofactor.totp_confirm(
                    person=person, code=code_form.cleaned_data["code"]
                )
                messages.success(request, _("Two-factor log-in is on."))
                return redirect("two_factor")
        if action in password_forms:
            password_form = password_forms[action] = PasswordConfirmForm(request.POST, prefix=action)
            if password_form.is_valid():
                password = password_form.cleaned_data["password"]
                if action == "renew":
                    request.session[CODES] = twofactor.totp_recovery_codes_renew(
                        person=person, password=password
                    )
                    messages.success(request, _("You have new recovery codes; the old ones no longer work."))
                else:
                    twofactor.totp_disable(person=person, password=password)
                    messages.success(request, _("Two-factor log-in is off."))
                return redirect("two_factor")
    except DomainError as exc:
        target = code_form if action == "confirm" else password_forms[action]
        for field, errors in (exc.fields or {None: [exc.message]}).items():
            for error in errors:
                target.add_error(field if field in target.fields else None, error)
    device = twofactor.device_of(person)
    context = {
        "device": device,
        "code_form": code_form,
        "renew_form": password_forms["renew"],
        "disable_form": password_forms["disable"],
        "recovery_codes": request.session.pop(CODES, None),
        "qr": twofactor.qr_svg(device, person) if device and not device.confirmed else "",
        "secret_groups": " ".join(device.secret[i : i + 4] for i in range(0, len(device.secret), 4))
        if device
        else "",
        "codes_left": len(device.recovery_codes) if device and device.confirmed else 0,
    }
    return render(request, "accounts/two_factor.html", context)
