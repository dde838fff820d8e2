"""Accessibility and language checks shared by the browser tests (axe-core, crawling, layout)."""
