"""API endpoints for competences: thin, calling the same services and selectors as the pages.

Frameworks and role profiles are public reference data; self-assessments, learning paths and cohort
gains need a log-in and follow the same access rules as the pages.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from ninja import Router, Status

from biblio.competences import results, selectors, services
from biblio.competences.api_schemas import (
    AdjustIn,
    CompetenceGainOut,
    FrameworkDetailOut,
    FrameworkOut,
    PathOut,
    ProfileDetailOut,
    ProfileOut,
    RatingsIn,
    SelfAssessmentDetailOut,
    SelfAssessmentOut,
    StartIn,
)
from biblio.competences.interop.case import case_package
from biblio.competences.interop.moodle_export import moodle_export
from biblio.competences.models import RoleProfile
from biblio.core.errors import DomainError
from biblio.programmes.models import Module

from ._bounds import Id

router = Router(tags=["competences"])

ERR_UNKNOWN_PROFILE = _("There is no role profile with this code.")
ERR_UNKNOWN_MODULE = _("This module is not part of the participant's course.")


# --- Frameworks and profiles (public) ---------------------------------------------------------


def _framework(f) -> dict:
    return {
        "id": f.pk,
        "slug": f.slug,
        "name": f.name,
        "version": f.version,
        "title": f.title,
        "publisher": f.publisher,
        "licence": f.licence,
        "is_current": f.is_current,
        "unverified_titles": f.unverified_titles,
        "competence_count": getattr(f, "competence_count", 0),
        "level_count": getattr(f, "level_count", 0),
    }


@router.get("/frameworks", response=list[FrameworkOut], auth=None)
def list_frameworks(request):
    return [_framework(f) for f in selectors.framework_list()]


@router.get("/frameworks/{slug}/{version}", response=FrameworkDetailOut, auth=None)
def get_framework(request, slug: str, version: str):
    bundle = selectors.framework_bundle(selectors.framework_get(slug=slug, version=version))
    codes = {c.pk: c.code for c in bundle.competences}
    return {
        **_framework(bundle.framework),
        "competence_count": sum(not c.is_area for c in bundle.competences),
        "level_count": len(bundle.levels),
        "levels": [
            {"number": lv.number, "code": lv.code, "title": lv.title, "descriptor": lv.descriptor}
            for lv in bundle.levels
        ],
        "competences": [
            {
                "id": c.pk,
                "code": c.code,
                "title": c.title,
                "description": c.description,
                "parent_code": codes.get(c.parent_id),
                "is_area": c.is_area,
                "level_descriptors": c.level_descriptors or {},
                "related_codes": bundle.related.get(c.pk, []),
            }
            for c in bundle.competences
        ],
    }


@router.get(
    "/frameworks/{slug}/{version}/case", auth=None, summary="The framework as a 1EdTech CASE 1.1 CFPackage"
)
def get_framework_case(request, slug: str, version: str):
    return case_package(selectors.framework_bundle(selectors.framework_get(slug=slug, version=version)))


@router.get(
    "/frameworks/{slug}/{version}/moodle", auth=None, summary="The framework as Moodle competency CSV"
)
def get_framework_moodle(request, slug: str, version: str):
    framework = selectors.framework_get(slug=slug, version=version)
    return HttpResponse(
        moodle_export(selectors.framework_bundle(framework)), content_type="text/csv; charset=utf-8"
    )


@router.get("/profiles", response=list[ProfileOut], auth=None)
def list_profiles(request):
    return [
        {
            "code": p.code,
            "title": p.title,
            "description": p.description,
            "requirement_count": p.requirement_count,
        }
        for p in selectors.profile_list()
    ]


def _requirement(req) -> dict:
    return {
        "competence_id": req.competence_id,
        "framework": req.framework,
        "code": req.code,
        "title": req.title,
        "area": req.area_title,
        "target_level": req.target,
        "rationale": req.rationale,
        "levels": [vars(level) for level in req.levels],
    }


@router.get("/profiles/{code}", response=ProfileDetailOut, auth=None)
def get_profile(request, code: str):
    profile = selectors.profile_get(code=code)
    requirements = selectors.profile_requirements([profile.pk])[profile.pk]
    return {
        "code": profile.code,
        "title": profile.title,
        "description": profile.description,
        "requirements": [_requirement(r) for r in requirements],
    }


# --- Self-assessments -------------------------------------------------------------------------


def _assessment(a) -> dict:
    return {
        "id": a.pk,
        "person_id": a.person_id,
        "profile": a.profile.code,
        "moment": a.moment,
        "status": a.status,
        "created_at": a.created_at,
        "submitted_at": a.submitted_at,
    }


def _detail(assessment) -> dict:
    sheet = results.assessment_sheet(assessment)
    return {
        **_assessment(assessment),
        "rated": sheet.rated,
        "total": sheet.total,
        "ratings": [
            {
                "competence_id": item.requirement.competence_id,
                "framework": item.requirement.framework,
                "code": item.requirement.code,
                "title": item.requirement.title,
                "target_level": item.requirement.target,
                "level": item.level,
            }
            for item in sheet.items
        ],
    }


@router.get("/self-assessments", response=list[SelfAssessmentOut])
def list_self_assessments(request):
    """The caller's own self-assessments."""
    found = []
    for mine in results.my_self_assessments(request.auth):
        found += [_assessment(a) for a in (mine.pre, mine.post) if a is not None]
    return found


@router.post("/self-assessments", response={201: SelfAssessmentDetailOut})
def start_self_assessment(request, payload: StartIn):
    profile = RoleProfile.objects.filter(code__iexact=payload.profile).first()
    if profile is None:
        raise DomainError(ERR_UNKNOWN_PROFILE, fields={"profile": [ERR_UNKNOWN_PROFILE]})
    assessment = services.self_assessment_start(
        actor=request.auth, person=request.auth, profile=profile, moment=payload.moment
    )
    return Status(201, _detail(results.self_assessment_for(request.auth, assessment.pk)))


@router.get("/self-assessments/{assessment_id}", response=SelfAssessmentDetailOut)
def get_self_assessment(request, assessment_id: Id):
    return _detail(results.self_assessment_for(request.auth, assessment_id))


@router.patch("/self-assessments/{assessment_id}", response=SelfAssessmentDetailOut)
def update_self_assessment(request, assessment_id: Id, payload: RatingsIn):
    """Store levels in a draft."""
    assessment = results.self_assessment_for(request.auth, assessment_id, write=True)
    services.self_assessment_save(
        actor=request.auth, assessment=assessment, ratings={r.competence: r.level for r in payload.ratings}
    )
    return _detail(results.self_assessment_for(request.auth, assessment_id))


@router.post("/self-assessments/{assessment_id}/submit", response=SelfAssessmentDetailOut)
def submit_self_assessment(request, assessment_id: Id, payload: RatingsIn | None = None):
    """Store the last levels (optional) and submit: the self-assessment becomes read-only."""
    assessment = results.self_assessment_for(request.auth, assessment_id, write=True)
    ratings = {r.competence: r.level for r in payload.ratings} if payload else {}
    services.self_assessment_submit(actor=request.auth, assessment=assessment, ratings=ratings)
    return _detail(results.self_assessment_for(request.auth, assessment_id))


# --- Learning path ----------------------------------------------------------------------------


def _change(change) -> dict:
    return {
        "framework": change.key[0],
        "code": change.key[1],
        "title": change.label,
        "before": change.before,
        "after": change.after,
        "target": change.target,
        "closes": change.closes,
    }


def _step(step) -> dict:
    a = step.adjustment
    return {
        "module": step.module.code,
        "title": step.module.title,
        "hours": step.module.hours,
        "mandatory": step.module.mandatory,
        "changes": [_change(c) for c in step.changes],
        "adjustment": {"kind": a.kind, "reason": a.reason, "by": a.by} if a else None,
    }


def _path(page) -> dict:
    res, path = page.results, page.path
    return {
        "enrolment_id": page.enrolment.pk,
        "programme": page.programme.slug,
        "profile": page.programme.profile.code if page.programme.profile_id else None,
        "based_on": res.basis.moment if res and res.basis else None,
        "total_gap": path.total_gap if path else 0,
        "covered": path.covered if path else 0,
        "areas": [
            {
                "label": a.label,
                "title": a.title,
                "top": a.top,
                "target": a.target,
                "pre": a.pre,
                "post": a.post,
            }
            for a in (res.areas if res else [])
        ],
        "steps": [_step(s) for s in (path.steps if path else [])],
        "left_out": [_step(s) for s in (path.left_out if path else [])],
        "open_gaps": [_change(c) for c in (path.open_gaps if path else [])],
    }


@router.get("/enrolments/{enrolment_id}/path", response=PathOut)
def get_learning_path(request, enrolment_id: Id):
    """Chart figures, gaps and the learning path of one participant's course."""
    return _path(results.enrolment_skills(request.auth, enrolment_id))


def _module(page, code: str) -> Module:
    known = {m.code: m.id for m in page.modules}
    if code not in known:
        raise DomainError(ERR_UNKNOWN_MODULE, fields={"module": [ERR_UNKNOWN_MODULE]})
    return Module.objects.get(pk=known[code])


@router.post("/enrolments/{enrolment_id}/path/adjustments", response={201: PathOut})
def adjust_learning_path(request, enrolment_id: Id, payload: AdjustIn):
    page = results.enrolment_skills(request.auth, enrolment_id)
    services.path_adjust(
        actor=request.auth,
        enrolment=page.enrolment,
        module=_module(page, payload.module),
        kind=payload.kind,
        reason=payload.reason,
    )
    return Status(201, _path(results.enrolment_skills(request.auth, enrolment_id)))


@router.delete("/enrolments/{enrolment_id}/path/adjustments/{module_code}", response={204: None})
def remove_path_adjustment(request, enrolment_id: Id, module_code: str):
    page = results.enrolment_skills(request.auth, enrolment_id)
    services.path_adjustment_remove(
        actor=request.auth, enrolment=page.enrolment, module=_module(page, module_code)
    )
    return Status(204, None)


# --- Cohort gains -----------------------------------------------------------------------------


@router.get("/cohorts/{cohort_id}/gains", response=list[CompetenceGainOut])
def get_cohort_gains(request, cohort_id: Id):
    """Average self-assessed levels before and after, per competence, for the cohort's staff."""
    cohort = selectors.cohort_for(request.auth, cohort_id)
    return [
        {
            **{k: getattr(g, k) for k in CompetenceGainOut.model_fields if k not in ("profile", "gain")},
            "profile": g.profile_code,
            "gain": g.gain,
        }
        for g in selectors.cohort_competence_gains([cohort.pk])
    ]
