"""Django's database sessions, read with one written-out statement.

Every request of a logged-in person reads their session; the ORM's compilation of that one
primary-key read cost several times the read itself. Everything else (the table, saving, expiry,
logging out, `clearsessions`) is Django's `sessions.backends.db`, so a session ended in one process
is ended in all of them.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.db import connections, router
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        """The session's row if it exists and has not expired, as `db.SessionStore` reads it."""
        key = self.session_key
        if not key:
            self._session_key = None
            return None
        model = self.model
        connection = connections[router.db_for_read(model)]
        quote, meta = connection.ops.quote_name, model._meta
        sql = (  # identifiers from the model, quoted; the key and the time are parameters
            f"SELECT {quote(meta.get_field('session_data').column)} FROM {quote(meta.db_table)} "  # noqa: S608
            f"WHERE {quote(meta.get_field('session_key').column)} = %s "
            f"AND {quote(meta.get_field('expire_date').column)} > %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [key, connection.ops.adapt_datetimefield_value(timezone.now())])
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=key, session_data=row[0])
