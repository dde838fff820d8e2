"""Security headers Django 5.2 does not set itself: a strict Content-Security-Policy and friends."""

from django.conf import settings


class SecurityHeadersMiddleware:
    """CSP (no inline script or style, anywhere, the admin included), Permissions-Policy, and no caching
    of pages shown to a logged-in person (a shared library computer must not keep them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", settings.CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=(), payment=(), usb=()"
        )
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "private, no-store"
        return response


class DomainErrorMiddleware:
    """A NotFound or PermissionDenied escaping a page becomes the usual 404 / 403 page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from . import views
        from .errors import DomainError, NotFound, PermissionDenied

        if request.path.startswith("/api/"):
            return None
        if isinstance(exception, NotFound):
            return views.page_not_found(request, exception)
        if isinstance(exception, PermissionDenied):
            return views.permission_denied(request, exception)
        if isinstance(exception, DomainError):
            return views.bad_request(request, exception)
        return None
