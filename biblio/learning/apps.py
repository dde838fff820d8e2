from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


class LearningConfig(AppConfig):
    name = "biblio.learning"
    label = "learning"
    verbose_name = _("Learning")

    def ready(self) -> None:
        from . import totals

        # SQLite re-creates tables to alter them, which the hour totals' triggers would stop.
        pre_migrate.connect(totals.pause_for_migrations, sender=self)
        post_migrate.connect(totals.resume_after_migrations, sender=self)
