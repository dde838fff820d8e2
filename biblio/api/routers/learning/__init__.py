"""API endpoints for learning: thin, calling the same services and selectors as the pages.

Applications and selection, hour entries and their review, sessions and attendance, calendar
addresses, prior learning, module pages and materials, MOOC completions. Cohorts are named by code.
Five routers, joined here under /learning/.
"""

from ninja import Router

from . import applications, entries, mooc, offer, sessions

router = Router(tags=["learning"])
for part in (applications, entries, sessions, offer, mooc):
    router.add_router("", part.router)
