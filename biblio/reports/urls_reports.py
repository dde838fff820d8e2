"""Dashboards, tables, exports, feedback and the public map (names are global: `map` is in base.html)."""

from django.urls import path

from . import views, views_feedback, views_map

urlpatterns = [
    path("reports/", views.dashboard_page, name="reports_dashboard"),
    path("reports/attention/<slug:kind>/", views.attention_page, name="reports_attention"),
    path("reports/tables/<slug:name>/", views.table_page, name="reports_table"),
    path("reports/export/<slug:name>.<slug:fmt>", views.export, name="reports_export"),
    path("reports/feedback/", views_feedback.feedback_start, name="reports_feedback_start"),
    path(
        "reports/feedback/<int:enrolment_id>/",
        views_feedback.feedback_page,
        name="reports_feedback",
    ),
    path("map/", views_map.map_page, name="map"),
    path("map/list/", views_map.map_list, name="map_list"),
    path("map/libraries.geojson", views_map.map_geojson, name="map_geojson"),
]
