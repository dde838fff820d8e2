"""Content that coordinators enter in several languages, falling back to English."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language


class TranslatableContent(models.Model):
    """Adds `translations` = {"lv": {"title": "…"}, …}; `tr("title")` reads the active language."""

    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    def tr(self, field: str, language: str | None = None) -> str:
        lang = (language or get_language() or "en").split("-")[0]
        value = (self.translations or {}).get(lang, {}).get(field)
        return value or getattr(self, field)
