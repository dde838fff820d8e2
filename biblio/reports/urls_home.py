from django.urls import path

from . import home

urlpatterns = [
    path("", home.root, name="root"),
    path("home/", home.home, name="home"),
    path("cohorts/<slug:code>/roster/", home.roster_page, name="roster"),
]
