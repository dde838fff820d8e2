"""Log-in (with the second factor when it is on), log-out and the person's own profile with their API tokens."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from biblio.core.errors import DomainError

from . import services, throttle, twofactor
from .forms import CodeForm, LoginForm, ProfileForm, TokenForm
from .models import ApiToken, Person

PENDING = "biblio_second_factor"
PENDING_SECONDS = 300
LOG_IN_AGAIN = gettext_lazy("Your log-in has expired: log in again.")


class LoginView(auth_views.LoginView):
    """The password first; when the person has turned the second factor on, the code next (login_verify).

    The session is only logged in once both are right, so no page can be reached half-way."""

    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def form_valid(self, form):
        person = form.get_user()
        if twofactor.is_enabled(person):
            self.request.session[PENDING] = {
                "id": person.pk,
                "backend": person.backend,
                "next": self.get_success_url(),
                "at": time.time(),
            }
            return redirect("login_verify")
        return super().form_valid(form)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo": settings.BIBLIO_DEMO}


@sensitive_post_parameters("code")
@csrf_protect
@never_cache
def login_verify(request):
    """The second step of log-in: a code from the authenticator app, or a recovery code."""
    pending = request.session.get(PENDING)
    person = None
    if pending and time.time() - pending.get("at", 0) <= PENDING_SECONDS:
        person = Person.objects.filter(pk=pending.get("id"), is_active=True).first()
    if person is None:
        request.session.pop(PENDING, None)
        messages.error(request, LOG_IN_AGAIN)
        return redirect("login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        scopes = (throttle.Scope.SECOND_FACTOR,)
        minutes = throttle.minutes_left(request, person.email, scopes)
        if minutes:
            request.session.pop(PENDING, None)
            messages.error(request, throttle.CODE_THROTTLED % {"minutes": minutes})
            return redirect("login")
        if twofactor.totp_check(person=person, code=form.cleaned_data["code"]):
            request.session.pop(PENDING, None)
            auth_login(request, person, backend=pending["backend"])
            return redirect(pending["next"])
        throttle.record(request, person.email, scopes)
        form.add_error("code", twofactor.CODE_WRONG)
    return render(request, "accounts/login_verify.html", {"form": form})


@login_required
def profile(request):
    form = ProfileForm(instance=request.user)
    if request.method == "POST":
        form = ProfileForm(request.POST, instance=request.user)
        if form.is_valid():
            services.person_update_profile(person=request.user, actor=request.user, **form.cleaned_data)
            translation.activate(request.user.preferred_language)
            messages.success(request, _("Your profile has been saved."))
            response = redirect("profile")
            response.set_cookie(
                settings.LANGUAGE_COOKIE_NAME, request.user.preferred_language, samesite="Lax"
            )
            return response
    tokens = ApiToken.objects.filter(person=request.user).order_by("-created_at")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": TokenForm(),
            "tokens": tokens,
            "new_secret": request.session.pop("new_token", None),
            "two_factor_offered": twofactor.may_use(request.user),
            "two_factor_on": twofactor.is_enabled(request.user),
        },
    )


@login_required
@require_POST
def token_create(request):
    form = TokenForm(request.POST)
    if form.is_valid():
        try:
            _token, secret = services.api_token_create(person=request.user, name=form.cleaned_data["name"])
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            request.session["new_token"] = secret
    else:
        messages.error(request, _("Give the token a name so you can recognise it later."))
    return redirect("profile")


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        services.api_token_revoke(person=request.user, token_id=token_id)
        messages.success(request, _("The token has been revoked."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("profile")
