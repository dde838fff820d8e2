"""Which pages there are to check, and the ones a crawl from the home pages does not reach by itself.

`page_routes()` is every route of the URLconf that answers a GET with a page: the crawl (tests/a11y/crawl.py)
plus `extra_paths(...)` must reach each of them, so a page added later without a way to reach it in the
tests fails the check instead of going unchecked. `extra_paths` adds, per demo role, the pages no link leads
to (a bad password-reset link, a credential's public page) and the role's own variant of a page another
role reached first (the mentor's logbook has the sign-off buttons, the coordinator's application its
decision), built from the demo's data.
"""

from __future__ import annotations

from django.urls import URLPattern, URLResolver, get_resolver

from biblio.core.models import Job
from biblio.learning.models import Application, HourEntry, Material, Session
from biblio.learning.services.mooc_jobs import JOB_KIND
from biblio.programmes.models import LearningMode, Programme
from biblio.recognition.models import Assessment, Credential
from biblio.workplace.models import Placement, ProjectIdea

from .crawl import SKIP_ROUTES
from .session import ANONYMOUS

# Routes that are not pages: actions behind a POST form (each answers a GET with 405), and what is not HTML.
NOT_PAGES = {
    "set_language",
    "logout",
    "erasure_cancel",
    "token_create",
    "token_revoke",
    "course_description",  # a PDF
    "map_geojson",
    "competences:framework_moodle",
    "competences:framework_case",
    "competences:start",
    "competences:path_adjust",
    "competences:path_remove",
    "learning:application_withdraw",
    "learning:application_rate",
    "learning:application_decide",
    "learning:enrolment_withdraw",
    "learning:entry_withdraw",
    "learning:entry_approve",
    "learning:review_bulk_approve",
    "learning:session_delete",
    "learning:cohort_feed",
    "learning:person_feed",
    "learning:exemption_withdraw",
    "learning:material_delete",
    "learning:material_move",
    "workplace:week_approve",
    "workplace:entry_withdraw",
    "workplace:entry_approve",
    "workplace:idea_review",
    "workplace:idea_publish",
    "workplace:idea_move",
    "workplace:comment_add",
    "workplace:attachment_add",
    "workplace:activity_delete",
    "workplace:attachment_delete",
    "recognition:certificate_pdf",
    "learning:mooc_import_report",  # a CSV
    "recognition:transcript_pdf",
    "recognition:credential_json",
    "recognition:cohort_issue",
    "recognition:credential_issue",
    "recognition:credential_revoke",
    # Pages that only exist inside a flow: the second step of a log-in with a second factor (checked by
    # tests/browser/test_security_csp.py's journey) and a running issuing job's progress (a fragment the
    # cohort's page polls while certificates are made).
    "login_verify",
    "recognition:job",
    "workplace:index",  # sends each role on to its own workplace page
}


def _routes(resolver, namespace: str = "", prefix: str = ""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            inner = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from _routes(pattern, inner, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield prefix + str(pattern.pattern), f"{namespace}:{pattern.name}" if namespace else pattern.name


def page_routes() -> set[str]:
    """Every route that answers a GET with an HTML page (the Django admin and the API aside)."""
    found = set()
    for path, name in _routes(get_resolver()):
        if path.startswith(("admin/", "api/")) or name in NOT_PAGES:
            continue
        if name.split(":")[-1] in SKIP_ROUTES:
            continue
        found.add(name)
    return found


def extra_paths(who: str, demo) -> list[str]:
    """Pages `who` has that the crawl does not reach (or reaches as another role first)."""
    lv = demo.cohorts["lv"]
    participant = demo.people["participant.lv@example.org"]
    if who == ANONYMOUS:
        credential = Credential.objects.filter(revoked_at__isnull=True).order_by("pk").first()
        programme = Programme.objects.filter(kind=Programme.Kind.SPECIALISATION).order_by("slug").first()
        return [
            "/password-reset/sent/",
            "/password-reset/done/",
            "/password-reset/MQ/not-a-token/",  # the link is not valid (any more): the page says so
            f"/recognition/verify/{credential.public_id}/",
            f"/recognition/achievements/{programme.slug}/",
        ]
    if who == "participant.lv@example.org":
        idea = ProjectIdea.objects.filter(enrolment__person=participant).order_by("pk").first()
        return ["/learning/applications/", "/workplace/projects/new/", f"/workplace/projects/{idea.pk}/edit/"]
    if who == "mentor.lv@example.org":
        placement = Placement.objects.get(enrolment__person=participant)
        entry = (
            HourEntry.objects.filter(
                enrolment=placement.enrolment, mode=LearningMode.WORK_BASED, status=HourEntry.Status.SUBMITTED
            )
            .order_by("date")
            .first()
        )
        monday = entry.date.fromordinal(entry.date.toordinal() - entry.date.weekday())
        return [
            f"/workplace/logbook/{placement.enrolment_id}/",  # the mentor's: sign-off buttons, "Return…"
            f"/workplace/logbook/{placement.enrolment_id}/weeks/{monday.isoformat()}/return/",
            f"/workplace/entries/{entry.pk}/return/",
        ]
    if who == "trainer.lv@example.org":
        entry = (
            HourEntry.objects.filter(enrolment__cohort=lv, status=HourEntry.Status.SUBMITTED)
            .exclude(mode=LearningMode.WORK_BASED)
            .order_by("pk")
            .first()
        )
        session = Session.objects.filter(cohort=lv).order_by("pk").first()
        material = Material.objects.filter(cohort=lv).order_by("pk").first()
        return [
            "/profile/two-factor/",  # offered to staff only
            f"/learning/entries/{entry.pk}/reject/",
            f"/learning/sessions/{session.pk}/edit/",
            f"/learning/cohorts/{lv.code}/materials/new/",
            f"/learning/materials/{material.pk}/edit/",
        ]
    if who == "coordinator.lv@example.org":
        application = Application.objects.filter(cohort=lv, status=Application.Status.SUBMITTED).order_by(
            "pk"
        )[0]
        placement = Placement.objects.filter(enrolment__cohort=lv).order_by("pk").first()
        assessment = Assessment.objects.filter(enrolment__cohort=lv).order_by("pk").first()
        return [
            f"/learning/applications/{application.pk}/",  # the coordinator's: the decision's buttons
            f"/workplace/placements/{placement.enrolment_id}/assign/",
            f"/recognition/assessments/{assessment.pk}/",
        ]
    if who == "admin@example.org":
        mooc = demo.cohorts["mooc"]
        job = Job.objects.create(  # a finished import: its page shows the counts and the unmatched rows
            kind=JOB_KIND,
            title="MOOC completions",
            status=Job.Status.DONE,
            cohort=mooc,
            report={
                "file": "report.csv",
                "rows": 3,
                "created": 1,
                "updated": 1,
                "unchanged": 0,
                "not_completed": 0,
                "unmatched": [[4, "nobody@example.org"]],
            },
        )
        return [
            f"/learning/cohorts/{mooc.code}/mooc/",  # the MOOC's own coordinators
            f"/learning/cohorts/{mooc.code}/mooc/imports/{job.pk}/",
        ]
    return []


# Error pages, in every language too: (who, path, status).
ERROR_PAGES = [
    (ANONYMOUS, "/no-such-page/", 404),
    ("participant.lv@example.org", "/reports/", 403),
]
