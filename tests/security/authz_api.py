"""The API half of the authorization matrix: one row per OpenAPI operation ("METHOD /api/v1/path")."""

from __future__ import annotations

import datetime as dt
import re

from .authz_table import (
    ALL,
    ANY_PARTICIPANT,
    ANY_STAFF,
    AUTH,
    COMMENT,
    COORD,
    ENROLMENT,
    MEMBERS,
    OWN,
    SELF_VIEW,
    SIGN_OFF,
    STAFF,
    TRAINER_COORD,
    Row,
    about,
    activity,
    application,
    assessment,
    cohort_code,
    cohort_id,
    credential_public,
    enrolment,
    entry,
    exemption,
    framework,
    idea,
    material,
    mooc_code,
    mooc_job,
    nothing,
    programme_slug,
    public,
    self_assessment,
    session,
    token,
    week,
    work_entry,
)
from .authz_world import Subject, World

_schema: dict = {}


def operations(client) -> set[str]:
    """Every operation in the served OpenAPI document, as "METHOD /path"."""
    document = client.get("/api/v1/openapi.json").json()
    _schema.clear()
    _schema.update(document)
    return {f"{method.upper()} {path}" for path, ops in document["paths"].items() for method in ops}


def url_of(name: str, subject: Subject) -> str:
    path = name.split(" ", 1)[1]
    return re.sub(r"{(\w+)}", lambda m: str(subject.kwargs[m.group(1)]), path)


def api_subject(base, rename: dict[str, str] | None = None, **extra):
    """`base` with its URL arguments renamed to the OpenAPI parameter names."""

    def subject(w: World) -> Subject:
        s = base(w)
        kwargs = {(rename or {}).get(k, k): v for k, v in s.kwargs.items()}
        s.kwargs = {**kwargs, **{k: f(w) for k, f in extra.items()}}
        return s

    return subject


self_assessment_api = api_subject(self_assessment, {"pk": "assessment_id"})
adjustment = api_subject(enrolment, module_code=lambda w: w.objects["module"].code)
module = public(code=lambda w: w.objects["module"].code)
profile = public(code=lambda w: w.objects["profile"].code)
job_api = public(job_id=lambda w: str(w.objects["job"].pk))

P = "/api/v1"
API: dict[str, Row] = {
    f"GET {P}/me": Row(nothing, AUTH),
    f"GET {P}/me/progress": Row(nothing, AUTH),
    f"GET {P}/me/tokens": Row(nothing, AUTH),
    f"POST {P}/me/tokens": Row(nothing, AUTH),
    f"POST {P}/me/tokens/{{token_id}}/revoke": Row(token, frozenset({"participant"}), "POST"),
    f"GET {P}/programmes": Row(nothing, ALL),
    f"GET {P}/programmes/{{slug}}": Row(programme_slug, ALL),
    f"GET {P}/cohorts": Row(nothing, AUTH),
    f"GET {P}/cohorts/{{code}}": Row(cohort_code, MEMBERS),
    f"GET {P}/cohorts/{{code}}/roster": Row(cohort_code, STAFF),
    f"GET {P}/competences/frameworks": Row(nothing, ALL),
    f"GET {P}/competences/frameworks/{{slug}}/{{version}}": Row(framework, ALL),
    f"GET {P}/competences/frameworks/{{slug}}/{{version}}/case": Row(framework, ALL),
    f"GET {P}/competences/frameworks/{{slug}}/{{version}}/moodle": Row(framework, ALL),
    f"GET {P}/competences/profiles": Row(nothing, ALL),
    f"GET {P}/competences/profiles/{{code}}": Row(profile, ALL),
    f"GET {P}/competences/self-assessments": Row(nothing, AUTH),
    f"POST {P}/competences/self-assessments": Row(nothing, AUTH),
    f"GET {P}/competences/self-assessments/{{assessment_id}}": Row(self_assessment_api, SELF_VIEW),
    f"PATCH {P}/competences/self-assessments/{{assessment_id}}": Row(self_assessment_api, OWN),
    f"POST {P}/competences/self-assessments/{{assessment_id}}/submit": Row(self_assessment_api, OWN),
    f"GET {P}/competences/enrolments/{{enrolment_id}}/path": Row(enrolment, SELF_VIEW),
    f"POST {P}/competences/enrolments/{{enrolment_id}}/path/adjustments": Row(enrolment, STAFF),
    f"DELETE {P}/competences/enrolments/{{enrolment_id}}/path/adjustments/{{module_code}}": Row(
        adjustment, STAFF
    ),
    f"GET {P}/competences/cohorts/{{cohort_id}}/gains": Row(cohort_id, STAFF),
    f"GET {P}/learning/calls": Row(nothing, ALL),
    f"POST {P}/learning/cohorts/{{code}}/applications": Row(cohort_code, AUTH),
    f"GET {P}/learning/cohorts/{{code}}/applications": Row(cohort_code, STAFF),
    f"GET {P}/learning/applications": Row(nothing, AUTH),
    f"POST {P}/learning/applications/{{application_id}}/withdraw": Row(
        application, frozenset({"participant"})
    ),
    f"POST {P}/learning/applications/{{application_id}}/rating": Row(application, STAFF),
    f"POST {P}/learning/applications/{{application_id}}/decision": Row(application, COORD),
    f"POST {P}/learning/enrolments/{{enrolment_id}}/withdraw": Row(
        enrolment, frozenset({"participant"}) | COORD
    ),
    f"GET {P}/learning/enrolments/{{enrolment_id}}/progress": Row(enrolment, ENROLMENT),
    f"POST {P}/learning/cohorts/{{code}}/mooc/completions": Row(
        mooc_code,
        COORD,
        body=lambda w: {"email": w.objects["person"].email, "completed_on": dt.date.today().isoformat()},
    ),
    f"POST {P}/learning/cohorts/{{code}}/mooc/import": Row(mooc_code, COORD),
    f"GET {P}/learning/cohorts/{{code}}/mooc/imports/{{job_id}}": Row(mooc_job, COORD),
    f"GET {P}/learning/entries": Row(nothing, AUTH),
    f"POST {P}/learning/entries": Row(
        about(enrolment),
        OWN,
        body=lambda w: {
            "enrolment_id": w.enrolment.pk,
            "mode": "online",
            "date": dt.date.today().isoformat(),
            "minutes": 30,
        },
    ),
    f"PUT {P}/learning/entries/{{entry_id}}": Row(entry, OWN),
    f"DELETE {P}/learning/entries/{{entry_id}}": Row(entry, OWN),
    f"POST {P}/learning/entries/{{entry_id}}/evidence": Row(entry, OWN),
    f"GET {P}/learning/review": Row(nothing, AUTH),  # lists only what the person reviews
    f"POST {P}/learning/entries/{{entry_id}}/approve": Row(entry, STAFF),
    f"POST {P}/learning/entries/{{entry_id}}/reject": Row(entry, STAFF),
    f"POST {P}/learning/review/approve": Row(
        entry,
        STAFF,
        body=lambda w: {"ids": [w.objects["entry"].pk]},
        granted=lambda r: r.json()["approved"] == 1,
    ),
    f"GET {P}/learning/cohorts/{{code}}/sessions": Row(cohort_code, MEMBERS),
    f"POST {P}/learning/cohorts/{{code}}/sessions": Row(cohort_code, STAFF),
    f"PUT {P}/learning/sessions/{{session_id}}": Row(session, STAFF),
    f"DELETE {P}/learning/sessions/{{session_id}}": Row(session, STAFF),
    f"GET {P}/learning/sessions/{{session_id}}/attendance": Row(session, STAFF),
    f"PUT {P}/learning/sessions/{{session_id}}/attendance": Row(session, STAFF),
    f"GET {P}/learning/me/calendar": Row(nothing, AUTH),
    f"POST {P}/learning/me/calendar/reset": Row(nothing, AUTH),
    f"GET {P}/learning/exemptions": Row(nothing, AUTH),
    f"POST {P}/learning/exemptions": Row(nothing, AUTH),
    f"DELETE {P}/learning/exemptions/{{exemption_id}}": Row(exemption, OWN),
    f"GET {P}/learning/cohorts/{{code}}/exemptions": Row(cohort_code, STAFF),
    f"POST {P}/learning/exemptions/{{exemption_id}}/decision": Row(exemption, COORD),
    f"GET {P}/learning/modules/{{code}}": Row(module, AUTH),
    f"POST {P}/learning/cohorts/{{code}}/materials": Row(cohort_code, STAFF),
    f"DELETE {P}/learning/materials/{{material_id}}": Row(material, STAFF),
    f"GET {P}/workplace/placements": Row(nothing, AUTH),
    f"GET {P}/workplace/placements/{{enrolment_id}}": Row(enrolment, ENROLMENT),
    f"PUT {P}/workplace/placements/{{enrolment_id}}": Row(
        enrolment,
        COORD,
        body=lambda w: {
            "host_id": w.objects["placement"].host_id,
            "mentor_id": w.objects["placement"].mentor_id,
        },
    ),
    f"GET {P}/workplace/logbooks/{{enrolment_id}}": Row(enrolment, ENROLMENT),
    f"POST {P}/workplace/logbooks/{{enrolment_id}}/entries": Row(enrolment, OWN),
    f"PUT {P}/workplace/entries/{{entry_id}}": Row(work_entry, OWN),
    f"DELETE {P}/workplace/entries/{{entry_id}}": Row(work_entry, OWN),
    f"POST {P}/workplace/entries/{{entry_id}}/review": Row(work_entry, SIGN_OFF),
    f"POST {P}/workplace/logbooks/{{enrolment_id}}/weeks/{{week}}/review": Row(week, SIGN_OFF),
    f"GET {P}/workplace/mentees": Row(nothing, AUTH),
    f"GET {P}/workplace/projects": Row(nothing, AUTH),
    f"POST {P}/workplace/projects": Row(nothing, ANY_PARTICIPANT),
    f"GET {P}/workplace/projects/{{idea_id}}": Row(idea, ENROLMENT),
    f"PUT {P}/workplace/projects/{{idea_id}}": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/submit": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/withdraw": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/start": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/review": Row(idea, STAFF),
    f"POST {P}/workplace/projects/{{idea_id}}/complete": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/publish": Row(idea, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/activities": Row(idea, OWN),
    f"PUT {P}/workplace/activities/{{activity_id}}": Row(activity, OWN),
    f"DELETE {P}/workplace/activities/{{activity_id}}": Row(activity, OWN),
    f"POST {P}/workplace/projects/{{idea_id}}/comments": Row(idea, COMMENT | {"participant"}),  # they reply
    f"POST {P}/recognition/verify": Row(nothing, ALL),
    f"GET {P}/recognition/verify/{{public_id}}": Row(credential_public, ALL),
    f"GET {P}/recognition/issuer": Row(nothing, ALL),
    f"GET {P}/recognition/cohorts/{{cohort_id}}/completion": Row(cohort_id, STAFF),
    f"GET {P}/recognition/enrolments/{{enrolment_id}}/completion": Row(enrolment, ENROLMENT),
    f"GET {P}/recognition/enrolments/{{enrolment_id}}/assessments": Row(enrolment, ENROLMENT),
    f"POST {P}/recognition/enrolments/{{enrolment_id}}/assessments": Row(enrolment, TRAINER_COORD),
    f"PUT {P}/recognition/assessments/{{assessment_id}}": Row(assessment, TRAINER_COORD),
    f"DELETE {P}/recognition/assessments/{{assessment_id}}": Row(assessment, TRAINER_COORD),
    f"POST {P}/recognition/enrolments/{{enrolment_id}}/credential": Row(enrolment, COORD),
    f"POST {P}/recognition/credentials/{{public_id}}/revoke": Row(credential_public, COORD),
    f"GET {P}/recognition/credentials": Row(nothing, AUTH),
    f"GET {P}/recognition/credentials/{{public_id}}": Row(credential_public, ENROLMENT),
    f"POST {P}/recognition/cohorts/{{cohort_id}}/credentials": Row(cohort_id, COORD),
    f"GET {P}/recognition/jobs/{{job_id}}": Row(job_api, COORD),
    f"GET {P}/reports/dashboard": Row(nothing, ANY_STAFF),
    f"GET {P}/reports/map": Row(nothing, ALL),
}


# --- Request bodies: the smallest valid instance of each operation's JSON schema ---------------------


def body_for(name: str) -> dict | None:
    """A minimal body that passes validation, so the permission check (not the parser) answers."""
    method, path = name.split(" ", 1)
    operation = _schema.get("paths", {}).get(path, {}).get(method.lower(), {})
    content = operation.get("requestBody", {}).get("content", {})
    schema = content.get("application/json", {}).get("schema")
    return _instance(schema) if schema else None


def _resolve(schema: dict) -> dict:
    while "$ref" in schema:
        schema = _schema["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    if "allOf" in schema:
        merged: dict = {"type": "object", "properties": {}, "required": []}
        for part in schema["allOf"]:
            part = _resolve(part)
            merged["properties"].update(part.get("properties", {}))
            merged["required"] += part.get("required", [])
        return merged
    if "anyOf" in schema:
        options = [s for s in schema["anyOf"] if s.get("type") != "null"]
        return _resolve(options[0]) if options else {"type": "null"}
    return schema


def _instance(schema: dict):
    schema = _resolve(schema)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind, fmt = schema.get("type"), schema.get("format")
    if kind == "object" or "properties" in schema:
        return {key: _instance(schema["properties"][key]) for key in schema.get("required", [])}
    if kind == "array":
        return [_instance(schema["items"])] * schema.get("minItems", 0)
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "number":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return False
    if fmt == "date":
        return dt.date.today().isoformat()
    if fmt == "date-time":
        return dt.datetime.now(dt.UTC).isoformat()
    if fmt == "email":
        return "someone@example.org"
    if fmt == "uuid":
        return "00000000-0000-4000-8000-000000000000"
    return "Test" if schema.get("minLength", 0) <= 4 else "T" * schema["minLength"]
