from django.urls import path

from . import views

app_name = "competences"
urlpatterns = [
    path("", views.index, name="index"),
    path("frameworks/<slug:slug>/<str:version>/", views.framework_detail, name="framework"),
    path("frameworks/<slug:slug>/<str:version>/moodle.csv", views.framework_moodle, name="framework_moodle"),
    path("frameworks/<slug:slug>/<str:version>/case.json", views.framework_case, name="framework_case"),
    path("profiles/<slug:code>/", views.profile_detail, name="profile"),
    path("self-assessment/", views.my_assessments, name="mine"),
    path("self-assessment/start/", views.assessment_start, name="start"),
    path("self-assessment/<int:pk>/", views.assessment_detail, name="assessment"),
    path("skills/", views.my_skills, name="my_skills"),
    path("skills/<int:enrolment_id>/", views.skills, name="skills"),
    path("skills/<int:enrolment_id>/adjust/", views.path_adjust, name="path_adjust"),
    path("skills/<int:enrolment_id>/adjust/remove/", views.path_remove, name="path_remove"),
    path("preview/<slug:slug>/", views.preview, name="preview"),
    path("cohorts/<int:cohort_id>/", views.cohort, name="cohort"),
    path("cohorts/<int:cohort_id>/gains/", views.cohort_gains, name="cohort_gains"),
]
