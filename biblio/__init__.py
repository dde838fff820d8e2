"""Biblio: competence-based vocational training for library professionals."""
