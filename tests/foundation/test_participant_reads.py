"""The participant's reads (issue #9's throughput mix): the same pages in a fixed number of queries
whatever the data, and the navigation kept per process stays right when roles and pages change."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from biblio.accounts.models import Membership, Role
from biblio.core import context_processors
from biblio.learning.models import HourEntry
from tests.factories import (
    CohortFactory,
    EnrolmentFactory,
    ExemptionFactory,
    HourEntryFactory,
    PlacementFactory,
)

pytestmark = pytest.mark.django_db

# Session, person, then the page's own: home (enrolments, budgets with hour totals, roles); the API
# (enrolments, budgets with hour totals); the progress page (enrolments, budgets with hour totals and
# the entries waiting, roles, and the exemptions when the totals hold recognised minutes); the list of
# entries (count, the page's rows, roles).
QUERIES = {
    "home": 5,
    "api": 4,
    "learning:my_progress": 6,
    "learning:my_entries": 5,
}


def _url(name: str) -> str:
    return "/api/v1/me/progress" if name == "api" else reverse(name)


def _participant(enrolments: int, entries: int, exemptions: bool = True):
    first = EnrolmentFactory()
    person = first.person
    all_enrolments = [first] + [EnrolmentFactory(person=person) for _ in range(enrolments - 1)]
    for i, e in enumerate(all_enrolments):
        PlacementFactory(enrolment=e)
        if exemptions:
            ExemptionFactory(enrolment=e, status="approved", recognised_minutes=600)
        for n in range(entries):
            status = HourEntry.Status.values[n % 3]
            HourEntryFactory(
                enrolment=e,
                status=status,
                minutes=30 + n,
                mode="online" if n % 2 else "self_study",
                date=dt.date.today() - dt.timedelta(days=n + i),
                evidence=f"evidence/2026/01/e{n}.pdf" if n % 4 == 0 else "",
                review_comment="Not this module." if status == HourEntry.Status.REJECTED else "",
            )
    return person


@pytest.mark.parametrize("name", list(QUERIES))
def test_participant_reads_run_a_fixed_number_of_queries(login, name, django_assert_num_queries):
    small = login(_participant(enrolments=1, entries=3))
    small.get(_url(name))
    with django_assert_num_queries(QUERIES[name]):
        assert small.get(_url(name)).status_code == 200
    big = login(_participant(enrolments=3, entries=60))  # more enrolments, more than a page of entries
    big.get(_url(name))
    with django_assert_num_queries(QUERIES[name]):
        assert big.get(_url(name)).status_code == 200


def test_progress_page_reads_exemptions_only_when_there_are(login, django_assert_num_queries):
    url = reverse("learning:my_progress")
    without = login(_participant(enrolments=2, entries=5, exemptions=False))
    with django_assert_num_queries(QUERIES["learning:my_progress"] - 1):
        body = without.get(url).content.decode()
    assert "Exempted modules" not in body
    person = _participant(enrolments=2, entries=5)
    module = person.enrolments.first().exemptions.get().module
    body = login(person).get(url).content.decode()
    assert body.count("Exempted modules (count as passed):") == 2 and f"{module.code} · 10 h" in body


def test_list_of_entries_shows_each_row(login):
    e = EnrolmentFactory()
    waiting = HourEntryFactory(enrolment=e, minutes=90, note="x" * 200, evidence="evidence/2026/01/a.pdf")
    rejected = HourEntryFactory(
        enrolment=e, status=HourEntry.Status.REJECTED, review_comment="Not this module.", minutes=60
    )
    signed = HourEntryFactory(enrolment=e, mode="work_based", minutes=60)  # the logbook's: not edited here
    body = login(e.person).get(reverse("learning:my_entries")).content.decode()
    assert reverse("learning:entry_edit", args=[waiting.pk]) in body
    assert reverse("learning:entry_withdraw", args=[waiting.pk]) in body
    assert reverse("learning:entry_evidence", args=[waiting.pk]) in body
    assert "x" * 119 + "…" in body and "x" * 120 not in body
    assert '<td class="num">1.5</td>' in body
    assert '<span class="tag tag--warn">Waiting for approval</span>' in body
    assert '<span class="tag tag--bad">Rejected</span><div class="note muted">Not this module.</div>' in body
    for entry in (rejected, signed):
        assert reverse("learning:entry_edit", args=[entry.pk]) not in body
    assert reverse("learning:entry_evidence", args=[rejected.pk]) not in body
    filtered = login(e.person).get(reverse("learning:my_entries") + "?status=rejected").content.decode()
    assert (
        "Not this module." in filtered and reverse("learning:entry_edit", args=[waiting.pk]) not in filtered
    )


def test_list_of_entries_in_the_readers_language(login):
    e = EnrolmentFactory()
    HourEntryFactory(enrolment=e, minutes=90, date=dt.date(2026, 3, 5))
    client = login(e.person)
    client.cookies["django_language"] = "lv"
    body = client.get(reverse("learning:my_entries")).content.decode()
    with translation.override("lv"):
        day = date_format(dt.date(2026, 3, 5), "j M Y")
    assert f'<th scope="row">{day}</th>' in body
    assert '<td class="num">1,5</td>' in body and "Gaida apstiprinājumu" in body and ">Labot<" in body


def _nav(body: str) -> str:
    return body.split('class="main-nav"', 1)[1].split("</nav>", 1)[0]


def test_navigation_follows_memberships_at_once(login):
    e = EnrolmentFactory()
    client = login(e.person)
    assert reverse("workplace:mentor") not in _nav(client.get(reverse("home")).content.decode())
    granted = Membership.objects.create(person=e.person, cohort=CohortFactory(), role=Role.MENTOR)
    assert reverse("workplace:mentor") in _nav(client.get(reverse("home")).content.decode())
    granted.delete()
    assert reverse("workplace:mentor") not in _nav(client.get(reverse("home")).content.decode())
    Membership.objects.filter(person=e.person).delete()  # no longer a participant anywhere
    nav = _nav(client.get(reverse("home")).content.decode())
    assert reverse("learning:my_entries") not in nav and reverse("learning:calls") in nav


def test_navigation_marks_the_page_and_speaks_the_language(login):
    e = EnrolmentFactory()
    client = login(e.person)
    entries = _nav(client.get(reverse("learning:my_entries")).content.decode())
    home = _nav(client.get(reverse("home")).content.decode())
    mine = f'href="{reverse("learning:my_entries")}" aria-current="page"'
    assert mine in entries and mine not in home
    assert f'href="{reverse("home")}" aria-current="page"' in home
    client.cookies["django_language"] = "lv"
    assert "Mans sākums" in _nav(client.get(reverse("home")).content.decode())
    client.cookies["django_language"] = "en"
    assert "My home" in _nav(client.get(reverse("home")).content.decode())


def _page(client, url: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", client.get(url).content.decode())


def test_kept_pieces_are_the_rendered_ones(login, settings):
    """What the process keeps (navigation, language menu, footer) is exactly what rendering would
    give, for each kind of person, page and language."""
    cohort = CohortFactory()
    placement = PlacementFactory(enrolment__cohort=cohort)
    people = [placement.enrolment.person, placement.mentor]
    for role in (Role.COORDINATOR, Role.TRAINER):
        person = EnrolmentFactory().person
        Membership.objects.create(person=person, cohort=cohort, role=role)
        people.append(person)
    pages = [reverse("home"), reverse("learning:my_progress"), reverse("catalogue"), reverse("map")]
    for person in people:
        client = login(person)
        for language in ("en", "lv"):
            client.cookies["django_language"] = language
            for page in pages:
                context_processors._kept.clear()
                settings.DEBUG = True  # nothing kept: rendered for this request
                rendered = _page(client, page)
                settings.DEBUG = False
                first = _page(client, page)  # rendered and kept
                again = _page(client, page)  # the kept pieces
                assert rendered == first == again
                assert f'<option value="{language}" lang="{language}" selected>' in again
    assert len(context_processors._kept) == 3  # and the three pieces were kept


def test_anonymous_navigation(client):
    nav = _nav(client.get(reverse("catalogue")).content.decode())
    assert f'href="{reverse("catalogue")}" aria-current="page"' in nav
    assert reverse("home") not in nav
