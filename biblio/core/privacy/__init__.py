"""Personal data across every app: what it is (registry), a person's copy of it (export), erasure at
their request, and retention periods. The rules are written down in docs/privacy.md."""
