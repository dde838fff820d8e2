"""The public programme catalogue: list with facet filters, a page per programme, its PDF description."""

from django.http import Http404, HttpResponse
from django.shortcuts import render

from . import selectors
from .documents import course_description_pdf


def catalogue(request):
    selected = {name: request.GET.get(name, "") for name in selectors.FACETS}
    programmes = list(selectors.programme_list(filters=selected))
    return render(
        request,
        "programmes/catalogue.html",
        {
            "programmes": programmes,
            "facets": selectors.catalogue_facets(selected),
            "filtered": any(selected.values()),
        },
    )


def programme_detail(request, slug: str):
    programme = selectors.programme_detail(slug=slug)
    if programme is None:
        raise Http404
    return render(request, "programmes/detail.html", {"programme": programme})


def course_description(request, slug: str):
    programme = selectors.programme_detail(slug=slug)
    if programme is None:
        raise Http404
    response = HttpResponse(course_description_pdf(programme), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{programme.slug}-course-description.pdf"'
    return response
