from django.conf import settings


def site(request):
    """Values every page needs: the site URL and whether online map tiles are configured."""
    return {"SITE_URL": settings.SITE_URL, "MAP_TILES_URL": settings.BIBLIO_MAP_TILES_URL}
