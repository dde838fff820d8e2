"""What every learning view shares: domain errors as HTTP errors, pagination, integer parsing."""

from __future__ import annotations

from functools import wraps

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.paginator import Paginator
from django.http import Http404

from biblio.core.errors import NotFound, PermissionDenied

PAGE_SIZE = 50


def domain_errors(view):
    """NotFound → 404 page, PermissionDenied → 403 page (other DomainErrors are the view's)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(exc.message) from exc

    return wrapper


def int_or_none(value) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 0 < number < 2**62 else None


def ints(values) -> list[int]:
    return [n for n in (int_or_none(v) for v in values) if n is not None]


def paginate(request, queryset, size: int = PAGE_SIZE):
    """A page of the queryset (2 queries: count and slice); bad page numbers give the nearest page."""
    return Paginator(queryset, size).get_page(request.GET.get("page"))
