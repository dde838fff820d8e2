"""Top-level URLs: each app owns its own urls.py; the API lives under /api/v1/."""

from django.conf.urls.i18n import i18n_patterns  # noqa: F401  (language prefix not used: cookie + profile)
from django.contrib import admin
from django.urls import include, path

from biblio.api.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("", include("biblio.accounts.urls")),
    path("", include("biblio.programmes.urls")),
    path("", include("biblio.reports.urls")),
    path("competences/", include("biblio.competences.urls")),
    path("learning/", include("biblio.learning.urls")),
    path("workplace/", include("biblio.workplace.urls")),
    path("recognition/", include("biblio.recognition.urls")),
]

handler400 = "biblio.core.views.bad_request"
handler403 = "biblio.core.views.permission_denied"
handler404 = "biblio.core.views.page_not_found"
handler500 = "biblio.core.views.server_error"
