"""Content that coordinators enter in several languages, falling back to English."""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import get_language


class TranslatableContent(models.Model):
    """Adds `translations` = {"lv": {"title": "…"}, …}; `tr("title")` reads the active language."""

    translations = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    # The field a dropdown or a list names the object by (`tr_label`); Module adds its code.
    label_field = "title"

    def tr(self, field: str, language: str | None = None) -> str:
        lang = (language or get_language() or "en").split("-")[0]
        value = (self.translations or {}).get(lang, {}).get(field)
        return value or getattr(self, field)

    def tr_label(self) -> str:
        return self.tr(self.label_field)


def label_in_language(obj) -> str:
    """A ModelChoiceField's `label_from_instance` for coordinator-entered content: the reader's language
    (`__str__` stays English, for the admin and the audit log)."""
    return obj.tr_label() if isinstance(obj, TranslatableContent) else str(obj)


class TranslatedModelChoiceField(forms.ModelChoiceField):
    """A dropdown of programmes, modules, cohorts or competences named in the reader's language."""

    def label_from_instance(self, obj) -> str:
        return label_in_language(obj)
