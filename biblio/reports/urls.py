"""Home pages and rosters (urls_home, the foundation's) and dashboards, exports and the map (urls_reports)."""

from django.urls import include, path

urlpatterns = [
    path("", include("biblio.reports.urls_home")),
    path("", include("biblio.reports.urls_reports")),
]
