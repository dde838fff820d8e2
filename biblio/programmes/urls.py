from django.urls import path

from . import views

urlpatterns = [
    path("programmes/", views.catalogue, name="catalogue"),
    path("programmes/<slug:slug>/", views.programme_detail, name="programme_detail"),
    path(
        "programmes/<slug:slug>/course-description.pdf", views.course_description, name="course_description"
    ),
]
