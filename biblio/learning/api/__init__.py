"""The learning part of the REST API, in four routers that biblio/api/routers/learning.py joins."""
