from django.http import HttpResponse


def map_page(request):  # replaced by the reports work (issue 7)
    return HttpResponse("Map")
