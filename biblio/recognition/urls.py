from django.urls import path

from . import views

app_name = "recognition"
urlpatterns = [
    path("verify/", views.verify, name="verify"),
]
