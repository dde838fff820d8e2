"""The database keeps HourTotal: install the triggers (biblio/learning/totals/) and back-fill the
totals of the rows already there.

PostgreSQL here; on SQLite the triggers are installed (and the totals computed) after the last
migration of the run, by `totals.resume_after_migrations` (post_migrate), because SQLite cannot
re-create a table that another table's trigger names, which later migrations may do.

It runs the triggers' current definitions on purpose: totals/triggers.py holds the only copy, which
`manage.py rebuild_totals` also re-installs. Reversible: the triggers are dropped and the totals emptied.
"""

from django.db import migrations


def install(apps, schema_editor):
    from biblio.learning import totals

    if schema_editor.connection.vendor != "sqlite":
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
