"""What every request reads before the page's own work (issue #9): the person (accounts/backends.py),
their roles (permissions.roles_by_cohort), and the progress bar drawn in Python (core/templatetags)."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, authenticate
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.hashers import check_password
from django.contrib.auth.signals import user_login_failed
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from biblio.accounts.backends import PersonBackend, read_person
from biblio.accounts.models import Person, Role
from biblio.accounts.permissions import roles_by_cohort
from biblio.core.templatetags.biblio import progress_bar
from biblio.learning.progress import ModeProgress
from tests.factories import PASSWORD, CohortFactory, MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PERSON_BACKEND = "biblio.accounts.backends.PersonBackend"
MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


def test_the_person_read_is_the_orms(django_assert_num_queries):
    person = PersonFactory(
        country="LV",
        consent_public=True,
        preferred_language="lv",
        organisation=OrganisationFactory(),
        erased_at=timezone.now(),
        calendar_token="t0k",
    )
    with django_assert_num_queries(1):
        read = read_person(person.pk)
    expected = Person.objects.get(pk=person.pk)
    for field in Person._meta.concrete_fields:
        assert getattr(read, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(read, field.attname)) is type(getattr(expected, field.attname)), field.name
    assert read.get_deferred_fields() == set()
    assert read._state.adding is False and read._state.db == expected._state.db
    assert read.get_session_auth_hash() == expected.get_session_auth_hash()


def test_get_user_refuses_what_model_backend_refuses():
    inactive = PersonFactory(is_active=False)
    backend = PersonBackend()
    assert backend.get_user(inactive.pk) is None
    assert backend.get_user(10**9) is None
    assert backend.get_user("not a number") is None
    assert backend.get_user(None) is None
    active = PersonFactory()
    assert backend.get_user(str(active.pk)) == active


def test_pages_read_the_person_with_the_statement(client, django_assert_num_queries):
    person = PersonFactory()
    client.force_login(person)
    assert client.session[BACKEND_SESSION_KEY] == PERSON_BACKEND
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    person_reads = [q["sql"] for q in queries.captured_queries if 'FROM "accounts_person"' in q["sql"]]
    assert len(person_reads) == 1
    assert " JOIN " not in person_reads[0].upper()


def test_sessions_that_name_model_backend_stay_logged_in(client):
    person = PersonFactory()
    client.force_login(person, backend=MODEL_BACKEND)
    assert client.session[BACKEND_SESSION_KEY] == MODEL_BACKEND
    response = client.get(reverse("home"))
    assert response.status_code == 200
    assert response.wsgi_request.user == person


def test_a_log_in_names_person_backend(client):
    person = PersonFactory()
    assert authenticate(None, username=person.email, password=PASSWORD).backend == PERSON_BACKEND
    response = client.post(reverse("login"), {"username": person.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session[BACKEND_SESSION_KEY] == PERSON_BACKEND


def test_a_wrong_password_is_checked_once_and_reported_once():
    person = PersonFactory()
    failures = []

    def failed(sender, credentials, **kwargs):
        failures.append(credentials)

    user_login_failed.connect(failed)
    try:
        with mock.patch("django.contrib.auth.base_user.check_password", wraps=check_password) as checked:
            assert authenticate(None, username=person.email, password="wrong") is None
    finally:
        user_login_failed.disconnect(failed)
    assert checked.call_count == 1
    assert len(failures) == 1
    # Not for credentials it does not handle: the next backend is asked (and says no).
    assert PersonBackend().authenticate(None, token="x") is None
    assert ModelBackend().authenticate(None, token="x") is None


def test_roles_are_read_without_joins(django_assert_num_queries):
    person = PersonFactory()
    one, two = CohortFactory(), CohortFactory()
    MembershipFactory(person=person, cohort=one, role=Role.PARTICIPANT)
    MembershipFactory(person=person, cohort=two, role=Role.MENTOR)
    MembershipFactory(person=person, cohort=two, role=Role.TRAINER)
    MembershipFactory(cohort=one, role=Role.COORDINATOR)  # someone else's
    with CaptureQueriesContext(connection) as queries:
        roles = roles_by_cohort(person)
        assert roles_by_cohort(person) is roles  # remembered for the request
    assert len(queries.captured_queries) == 1
    assert " JOIN " not in queries.captured_queries[0]["sql"].upper()
    assert roles == {one.pk: frozenset({Role.PARTICIPANT}), two.pk: frozenset({Role.MENTOR, Role.TRAINER})}


# includes/progress_bar.html as it was, which the tag now draws in Python.
FORMER_BAR = """{% load i18n biblio %}{% with done=mp.credited_minutes|hours budget=mp.budget_minutes|hours %}<div class="progress">
  <div class="progress__label"><span>{{ label }}</span>
    <span class="progress__figures">{% blocktranslate %}{{ done }} of {{ budget }} h{% endblocktranslate %}{% if mp.pending_minutes %} · {% blocktranslate with pending=mp.pending_minutes|hours %}{{ pending }} h waiting{% endblocktranslate %}{% endif %}{% if mp.recognised_minutes %} · {% blocktranslate with rec=mp.recognised_minutes|hours %}{{ rec }} h recognised{% endblocktranslate %}{% endif %}</span></div>
  <svg class="progress__bar" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" aria-label="{% blocktranslate %}{{ done }} of {{ budget }} hours{% endblocktranslate %}">
    <rect class="progress__track" x="0" y="0" width="100" height="8"/>
    <rect class="progress__approved" x="0" y="0" width="{{ approved|stringformat:'.2f' }}" height="8"/>
    <rect class="progress__recognised" x="{{ recognised_x|stringformat:'.2f' }}" y="0" width="{{ recognised|stringformat:'.2f' }}" height="8"/>
    <rect class="progress__pending" x="{{ pending_x|stringformat:'.2f' }}" y="0" width="{{ pending|stringformat:'.2f' }}" height="8"/>
    {% if expected > 0 and expected < 100 %}<rect class="progress__expected" x="{{ expected|stringformat:'.2f' }}" y="0" width="0.6" height="8"/>{% endif %}
  </svg>
</div>{% endwith %}
"""

BARS = [
    ModeProgress("online", 6000),
    ModeProgress(
        "online",
        6000,
        approved_minutes=1234,
        pending_minutes=90,
        recognised_minutes=600,
        expected_minutes=3000,
    ),
    ModeProgress("f2f", 0, approved_minutes=30),
    ModeProgress("work_based", 600, approved_minutes=900, pending_minutes=45, expected_minutes=600),
    ModeProgress("project", 1800, recognised_minutes=1805, pending_minutes=1, expected_minutes=1),
    ModeProgress("assessment", 60, approved_minutes=59, pending_minutes=1),
]


@pytest.mark.parametrize("lang", ["en", "lv", "el"])
@pytest.mark.parametrize("label", ["", "<b>Seminars & more</b>"])
def test_progress_bar_draws_what_the_template_did(lang, label):
    former, tag = Template(FORMER_BAR), Template("{% load biblio %}{% progress_bar mp label %}")
    with translation.override(lang):
        for mp in BARS:
            context = Context({"mp": mp, "label": label})
            assert tag.render(context) == former.render(Context(progress_bar(mp, label)))


def test_postgresql_prepares_the_statements_it_repeats():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's server-side binding")
    person = PersonFactory()
    for _ in range(8):
        assert read_person(person.pk) == person
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        prepared = [row[0] for row in cursor.fetchall()]
    assert any('FROM "accounts_person"' in statement for statement in prepared)
