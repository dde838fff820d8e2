from django.urls import path

from .views import applications, entries, exemptions, modules, mooc, progress, sessions

app_name = "learning"
urlpatterns = [
    # Applications and selection
    path("apply/", applications.calls, name="calls"),
    path("apply/<slug:code>/", applications.apply, name="apply"),
    path("applications/", applications.my_applications, name="my_applications"),
    path("applications/<int:application_id>/", applications.application_detail, name="application_detail"),
    path(
        "applications/<int:application_id>/withdraw/",
        applications.application_withdraw,
        name="application_withdraw",
    ),
    path("applications/<int:application_id>/rate/", applications.application_rate, name="application_rate"),
    path(
        "applications/<int:application_id>/decide/",
        applications.application_decide,
        name="application_decide",
    ),
    path("cohorts/<slug:code>/applications/", applications.cohort_applications, name="cohort_applications"),
    path(
        "enrolments/<int:enrolment_id>/withdraw/", applications.enrolment_withdraw, name="enrolment_withdraw"
    ),
    # Progress
    path("progress/", progress.my_progress, name="my_progress"),
    path("enrolments/<int:enrolment_id>/", progress.enrolment_detail, name="enrolment"),
    path("cohorts/<slug:code>/roster/", progress.cohort_roster, name="cohort_roster"),
    # Hour entries
    path("entries/", entries.my_entries, name="my_entries"),
    path("entries/new/", entries.entry_create, name="entry_create"),
    path("entries/<int:entry_id>/edit/", entries.entry_edit, name="entry_edit"),
    path("entries/<int:entry_id>/withdraw/", entries.entry_withdraw, name="entry_withdraw"),
    path("entries/<int:entry_id>/evidence/", entries.entry_evidence, name="entry_evidence"),
    path("entries/<int:entry_id>/approve/", entries.entry_approve, name="entry_approve"),
    path("entries/<int:entry_id>/reject/", entries.entry_reject, name="entry_reject"),
    path("review/", entries.review, name="review"),
    path("review/approve/", entries.entries_approve_bulk, name="review_bulk_approve"),
    # Sessions and calendars
    path("cohorts/<slug:code>/sessions/", sessions.cohort_session_list, name="cohort_sessions"),
    path("cohorts/<slug:code>/sessions/new/", sessions.session_create, name="session_create"),
    path("sessions/<int:session_id>/", sessions.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", sessions.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/delete/", sessions.session_delete, name="session_delete"),
    path("cohorts/<slug:code>/calendar.ics", sessions.cohort_feed, name="cohort_feed"),
    path("calendar/", sessions.my_calendar, name="my_calendar"),
    path("calendar/<int:person_id>/<str:token>.ics", sessions.person_feed, name="person_feed"),
    # Recognition of prior learning
    path("exemptions/", exemptions.my_exemptions, name="exemptions"),
    path("exemptions/new/", exemptions.exemption_create, name="exemption_create"),
    path("exemptions/<int:exemption_id>/", exemptions.exemption_decide, name="exemption"),
    path("exemptions/<int:exemption_id>/withdraw/", exemptions.exemption_withdraw, name="exemption_withdraw"),
    path("exemptions/<int:exemption_id>/evidence/", exemptions.exemption_evidence, name="exemption_evidence"),
    path("cohorts/<slug:code>/exemptions/", exemptions.cohort_exemptions, name="cohort_exemptions"),
    # The learning offer
    path("modules/", modules.offer, name="offer"),
    path("modules/<str:code>/", modules.module_detail, name="module"),
    path("cohorts/<slug:code>/materials/new/", modules.material_create, name="material_create"),
    path("materials/<int:material_id>/edit/", modules.material_edit, name="material_edit"),
    path("materials/<int:material_id>/delete/", modules.material_delete, name="material_delete"),
    path("materials/<int:material_id>/move/", modules.material_move, name="material_move"),
    path("materials/<int:material_id>/file/", modules.material_file, name="material_file"),
    # MOOC completions
    path("cohorts/<slug:code>/mooc/", mooc.cohort_mooc, name="cohort_mooc"),
    path("cohorts/<slug:code>/mooc/imports/<uuid:job_id>/", mooc.mooc_import, name="mooc_import"),
    path(
        "cohorts/<slug:code>/mooc/imports/<uuid:job_id>/report.csv",
        mooc.mooc_import_report,
        name="mooc_import_report",
    ),
]
