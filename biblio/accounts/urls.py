from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views, views_audit, views_privacy, views_security

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/verify/", views.login_verify, name="login_verify"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password-reset/", views_security.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        views_security.PasswordResetConfirmView.as_view(success_url=reverse_lazy("password_reset_complete")),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("profile/", views.profile, name="profile"),
    path("profile/password/", views_security.PasswordChangeView.as_view(), name="password_change"),
    path("profile/two-factor/", views_security.two_factor, name="two_factor"),
    path("profile/data/", views_privacy.my_data, name="my_data"),
    path("profile/data/export.zip", views_privacy.data_export, name="data_export"),
    path("profile/data/cancel-erasure/", views_privacy.erasure_cancel, name="erasure_cancel"),
    path("profile/tokens/", views.token_create, name="token_create"),
    path("profile/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("audit/", views_audit.audit_log, name="audit_log"),
]
