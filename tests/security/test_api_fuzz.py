"""schemathesis against /api/v1/openapi.json: hostile and random input never gets a 5xx, and every
documented response matches its schema (body and content type).

BIBLIO_FUZZ_CASES is the number of generated requests (default 150: the normal suite, under a minute);
`make fuzz` sets 5000. Only schemathesis's fuzzing phase runs, so the number holds. The cases are spread
evenly over the operations, run as an administrator (who reaches every code path); when there are at
least four per operation, as many again run as a participant (whose requests are mostly refused).
"""

from __future__ import annotations

import math
import os
import time
from collections import Counter

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import content_type_conformance, response_schema_conformance

from biblio.accounts.models import ApiToken, Role
from biblio.wsgi import application
from tests.factories import CohortFactory, EnrolmentFactory, PersonFactory, PlacementFactory, staff

CASES = int(os.environ.get("BIBLIO_FUZZ_CASES", "150"))
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]
CONFIG = SchemathesisConfig.from_dict(
    {"phases": {"coverage": {"enabled": False}, "examples": {"enabled": False}}}
)

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)
OPERATIONS = max(1, sum(1 for result in schema.get_all_operations() if result.ok()))
BOTH = CASES >= 4 * OPERATIONS
# Operations without parameters run out of distinct cases early: in `make fuzz`, ask for 10 % more so
# the requests made reach BIBLIO_FUZZ_CASES (the figure is printed at the end of the run).
PER_OPERATION = math.ceil(CASES * 1.1 / (OPERATIONS * 2)) if BOTH else max(1, round(CASES / OPERATIONS))
FIGURES = {"requests": 0, "by_status": Counter(), "started": time.monotonic()}
HYPOTHESIS = settings(
    max_examples=PER_OPERATION, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


def _token(person) -> str:
    secret = ApiToken.new_secret()
    ApiToken.objects.create(
        person=person, name="fuzz", key_hash=ApiToken.hash_key(secret), key_prefix=secret[:10]
    )
    return secret


@pytest.fixture
def _keep_connection():
    """schemathesis calls the WSGI app directly, whose request_finished signal would close the test's
    database connection (and its transaction) on PostgreSQL; Django's own test client does the same."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def world(db, _keep_connection):
    """A cohort with a participant on placement and a coordinator, and tokens for an admin and the participant."""
    cohort = CohortFactory(code="lv-2026")
    placement = PlacementFactory(enrolment=EnrolmentFactory(cohort=cohort))
    staff(cohort, Role.COORDINATOR)
    return {"admin": _token(PersonFactory(is_staff=True)), "participant": _token(placement.enrolment.person)}


def _call(case, token: str) -> None:
    response = case.call(headers={"Authorization": f"Bearer {token}"})
    FIGURES["requests"] += 1
    FIGURES["by_status"][response.status_code // 100 * 100] += 1
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@HYPOTHESIS
def test_api_as_administrator(case, world):
    _call(case, world["admin"])


@pytest.mark.skipif(not BOTH, reason=f"participant pass runs from {4 * OPERATIONS} cases (make fuzz)")
@schema.parametrize()
@HYPOTHESIS
def test_api_as_participant(case, world):
    _call(case, world["participant"])


@pytest.mark.parametrize(
    ("method", "path", "body"),
    [
        ("get", "/api/v1/workplace/placements?cohort_id=63115012905841643749376", None),
        ("get", "/api/v1/workplace/placements?cohort_id=-46823710303987892224", None),
        ("post", "/api/v1/learning/review/approve", {"ids": [301170410890077588256980992]}),
    ],
)
def test_numbers_too_big_for_the_database_are_bad_input(world, client, method, path, body):
    """Found by `make fuzz`: integers beyond 64 bits reached SQLite and gave 500s. PostgreSQL compares
    them as numerics and finds nothing (200); SQLite cannot bind them (now 422). Never a 5xx."""
    headers = {"Authorization": f"Bearer {world['admin']}"}
    if body is None:
        response = client.get(path, headers=headers)
    else:
        response = client.post(path, body, content_type="application/json", headers=headers)
    assert response.status_code in {200, 422}
    if response.status_code == 422:
        assert response.json()["message"] == "Some of the input is not valid."
