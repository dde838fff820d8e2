"""The dashboard page: bounded tables with their full lists a page at a time, the library filter as a
text field, and the figures kept a minute (and recomputed on request)."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from biblio.accounts.models import Role
from biblio.learning.models import Enrolment
from biblio.reports.attention import SHOWN_ON_DASHBOARD
from tests.factories import CohortFactory, PersonFactory, ProgrammeFactory, staff

from .factories import library, participant

pytestmark = pytest.mark.django_db


@pytest.fixture
def cohort():
    return CohortFactory(code="big", programme=ProgrammeFactory(budget={"online": 10}))


def with_mentors(cohort, n: int) -> list[Enrolment]:
    """n participants, each with a placement and a mentor of their own (behind the pace: at risk)."""
    found = []
    for i in range(n):
        e = participant(cohort, host=library(), full_name=f"Participant {i:02}")
        e.placement.mentor = PersonFactory(full_name=f"Mentor {i:02}")
        e.placement.save(update_fields=["mentor"])
        found.append(e)
    return found


def test_the_dashboard_lists_a_bounded_number_of_mentors_and_links_the_rest(cohort, login):
    with_mentors(cohort, SHOWN_ON_DASHBOARD + 5)
    client = login(staff(cohort, Role.COORDINATOR))

    page = client.get("/reports/?cohort=big").content.decode()
    mentors = page.split('id="table-mentors"')[1].split("</table>")[0]
    assert mentors.count('<th scope="row">') == SHOWN_ON_DASHBOARD
    assert f"The {SHOWN_ON_DASHBOARD} longest queues of {SHOWN_ON_DASHBOARD + 5} are listed." in page
    assert 'href="/reports/attention/mentors/?cohort=big"' in page
    assert 'href="/reports/attention/at-risk/?cohort=big"' in page

    full = client.get("/reports/attention/mentors/?cohort=big").content.decode()
    assert all(f"Mentor {i:02}" in full for i in range(SHOWN_ON_DASHBOARD + 5))


def test_the_full_lists_come_a_page_at_a_time(cohort, login):
    with_mentors(cohort, 55)
    client = login(staff(cohort, Role.COORDINATOR))

    first = client.get("/reports/attention/at-risk/?cohort=big").content.decode()
    second = client.get("/reports/attention/at-risk/?cohort=big&page=2").content.decode()
    beyond = client.get("/reports/attention/at-risk/?cohort=big&page=9").content.decode()
    rows = [page.split("<tbody>")[1].count('<th scope="row">') for page in (first, second, beyond)]
    assert rows == [50, 5, 5]  # past the end: the last page
    assert "Page 1 of 2" in first and 'rel="next"' in first
    named = {f"Participant {i:02}" for i in range(55)}
    assert {n for n in named if n in first} | {n for n in named if n in second} == named


def test_the_full_lists_need_a_reports_role(cohort, login):
    enrolment = with_mentors(cohort, 1)[0]
    client = login(enrolment.person)
    for kind in ("at-risk", "mentors"):
        assert client.get(f"/reports/attention/{kind}/").status_code == 403
    assert login(staff(cohort, Role.TRAINER)).get("/reports/attention/nothing/").status_code == 404


@pytest.mark.parametrize(
    ("typed", "found"),
    [("riga-central", "riga-central"), ("Rīgas Centrālā", "riga-central"), ("cēsis", "cesis")],
)
def test_the_library_filter_takes_a_code_a_name_or_a_city(cohort, login, typed, found):
    riga = library(key="riga-central", name="Rīgas Centrālā bibliotēka", city="Rīga")
    cesis = library(key="cesis", name="Cēsu bibliotēka", city="Cēsis")
    participant(cohort, host=riga, full_name="Rita Riga")
    participant(cohort, host=cesis, full_name="Cilda Cesis")
    client = login(staff(cohort, Role.COORDINATOR))

    response = client.get("/reports/", {"cohort": "big", "library": typed})
    assert response.context["scope"].filters.library.key == found
    assert f"library={found}" in response.content.decode()  # links and exports carry the code


def test_an_ambiguous_or_unknown_library_is_explained_and_left_out(cohort, login):
    for i in range(2):
        participant(cohort, host=library(key=f"valmiera-{i}", name=f"Valmieras bibliotēka {i}"))
    library(key="elsewhere", name="Nobody's library")  # no participant: not a participating library
    client = login(staff(cohort, Role.COORDINATOR))

    ambiguous = client.get("/reports/", {"cohort": "big", "library": "valmieras"})
    assert ambiguous.context["scope"].filters.library is None
    assert "Several libraries match" in ambiguous.content.decode()
    assert "valmiera-0" in ambiguous.content.decode()
    unknown = client.get("/reports/", {"cohort": "big", "library": "elsewhere"})
    assert unknown.context["scope"].filters.library is None
    assert "No participating library matches" in unknown.content.decode()


def test_the_library_filter_renders_no_list_of_libraries(cohort, login):
    for _ in range(30):
        participant(cohort, host=library())
    page = login(staff(cohort, Role.COORDINATOR)).get("/reports/?cohort=big").content.decode()
    assert page.count("<option") < 20  # cohorts, countries and tracks only
    assert 'name="library"' in page and 'aria-describedby="id_library_helptext"' in page


def test_figures_are_kept_a_minute_and_recomputed_on_request(cohort, login):
    cache.clear()
    participant(cohort, full_name="First Participant")
    client = login(staff(cohort, Role.COORDINATOR))

    def participants(page: str) -> str:
        return page.split('data-total="participants">')[1].split("<")[0]

    first = client.get("/reports/?cohort=big").content.decode()
    participant(cohort, full_name="Second Participant")
    with CaptureQueriesContext(connection) as warm:
        kept = client.get("/reports/?cohort=big").content.decode()
    refreshed = client.get("/reports/?cohort=big&refresh=1").content.decode()
    after = client.get("/reports/?cohort=big").content.decode()

    assert (participants(first), participants(kept), participants(refreshed), participants(after)) == (
        "1",
        "1",
        "2",
        "2",
    )
    assert "Figures as of" in kept and "refresh=1" in kept
    assert len(warm.captured_queries) <= 12  # no figure computed: session, person, filters, scope, cache


def test_cached_figures_are_never_another_scopes(cohort, login):
    other = CohortFactory(code="other")
    participant(cohort)
    for _ in range(3):
        participant(other)
    coordinator = staff(cohort, Role.COORDINATOR)
    admin = PersonFactory(is_staff=True)

    def participants(client, query: str) -> str:
        page = client.get(f"/reports/{query}").content.decode()
        return page.split('data-total="participants">')[1].split("<")[0]

    assert participants(login(coordinator), "?cohort=big") == "1"
    assert participants(login(admin), "?cohort=other") == "3"
    assert participants(login(admin), "") == "4"
    assert participants(login(coordinator), "") == "1"  # their one cohort, not the admin's all
