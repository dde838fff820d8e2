"""Django's ModelBackend, with the person of every request read by one written-out statement.

Every request of a logged-in person loads them (`request.user`); the ORM's compilation of that one
primary-key read cost about as much as the rest of a constant page's work. `get_user` reads the same
row (every column, so nothing is deferred and the instance is the one `Person.objects.get` gives) with
the same database converters; everything else (passwords, permissions, `user_can_authenticate`) is
ModelBackend's.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connections, router

from biblio.accounts.models import Person

_STATEMENTS: dict[str, tuple[str, list[str], list[list[tuple]]]] = {}


def _statement(alias: str) -> tuple[str, list[str], list[list[tuple]]]:
    """The SELECT of one person by primary key, the fields' attribute names and each column's converters
    (as the ORM applies them: the backend's, then the field's), worked out once per database alias."""
    found = _STATEMENTS.get(alias)
    if found is None:
        connection = connections[alias]
        meta, quote = Person._meta, connection.ops.quote_name
        fields = list(meta.concrete_fields)
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"SELECT {columns} FROM {quote(meta.db_table)} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608
        converters = []
        for field in fields:
            col = field.get_col(meta.db_table)
            both = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
            converters.append([(convert, col) for convert in both])
        found = _STATEMENTS[alias] = (sql, [f.attname for f in fields], converters)
    return found


def read_person(user_id) -> Person | None:
    """The person with this primary key, or None (one statement)."""
    try:
        pk = Person._meta.pk.to_python(user_id)
    except (ValidationError, TypeError, ValueError):
        return None
    if pk is None:
        return None
    alias = router.db_for_read(Person)
    connection = connections[alias]
    sql, names, converters = _statement(alias)
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])
        row = cursor.fetchone()
    if row is None:
        return None
    values = list(row)
    for i, column_converters in enumerate(converters):
        for convert, col in column_converters:
            values[i] = convert(values[i], col, connection)
    return Person.from_db(alias, names, values)


class PersonBackend(ModelBackend):
    """ModelBackend; `get_user` reads the person with `read_person`.

    A failed password check stops there (PermissionDenied: `authenticate` then reports the failure once,
    as it does for any invalid credentials) instead of falling through to the ModelBackend listed after
    this one for sessions that name it, which would hash the same wrong password a second time."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        person = super().authenticate(request, username=username, password=password, **kwargs)
        if (
            person is None
            and (username or kwargs.get(Person.USERNAME_FIELD)) is not None
            and password is not None
        ):
            raise PermissionDenied
        return person

    def get_user(self, user_id):
        person = read_person(user_id)
        return person if person is not None and self.user_can_authenticate(person) else None
