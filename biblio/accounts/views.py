"""Log-in, log-out and the person's own profile with their API tokens."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from biblio.core.errors import DomainError

from . import services
from .forms import LoginForm, ProfileForm, TokenForm
from .models import ApiToken


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo": settings.BIBLIO_DEMO}


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
