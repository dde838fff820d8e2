"""Work-based learning over the API: placements, logbooks and sign-off, project ideas and their plans.

Thin: each endpoint fetches through the workplace access selectors (404 for missing and not visible
alike) and calls the same services as the pages, so every rule and message is the same.
"""

from ninja import Router

from . import logbooks, projects

router = Router(tags=["workplace"])
router.add_router("", logbooks.router)
router.add_router("", projects.router)
