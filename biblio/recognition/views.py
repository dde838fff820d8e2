from django.http import HttpResponse


def verify(request):  # replaced by the recognition work (issue 6)
    return HttpResponse("Verify")
