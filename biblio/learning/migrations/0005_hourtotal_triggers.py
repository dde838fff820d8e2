"""The database keeps HourTotal: install the triggers (biblio/learning/totals.py) and back-fill the
totals of the rows already there.

It runs the triggers' current definitions on purpose: totals.py holds the only copy, which
`manage.py rebuild_totals` also re-installs (and a later migration that re-creates one of the
triggered tables on SQLite must re-install, see totals.py). Reversible: the triggers are dropped and the
totals emptied.
"""

from django.db import migrations


def install(apps, schema_editor):
    from biblio.learning import totals

    totals.install_triggers(schema_editor.connection)
    totals.backfill(schema_editor.connection)


def uninstall(apps, schema_editor):
    from biblio.learning import totals

    totals.drop_triggers(schema_editor.connection)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {totals.TOTAL}")  # noqa: S608


class Migration(migrations.Migration):
    dependencies = [
        ("learning", "0004_hourtotal"),
        ("programmes", "0001_initial"),
    ]

    operations = [migrations.RunPython(install, uninstall, elidable=False)]
