from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "biblio.core"
    label = "core"
    verbose_name = "Core"
