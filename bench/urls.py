"""The site's URLs plus one view that returns a constant: the framework's floor (middleware, session, user)."""

from django.http import HttpResponse
from django.urls import include, path


def constant(request):
    """A page that does no work of its own; touching `request.user` loads the session and the person."""
    return HttpResponse(b"ok" if request.user.is_authenticated else b"anonymous", content_type="text/plain")


urlpatterns = [
    path("__bench/constant/", constant),
    path("", include("biblio.urls")),
]
