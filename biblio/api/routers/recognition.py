"""API endpoints for recognition: thin, calling the same services and selectors as the pages."""

from ninja import Router

router = Router(tags=["recognition"])
