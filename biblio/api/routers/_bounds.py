"""Bounded integers for the API's inputs: an id the database could never hold, a negative count or an
endless list is refused up front with a 422 that names the field, before it reaches a query."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

MAX_ID = 2**31 - 1  # no table of this platform will hold more rows (and a PostgreSQL integer's limit)
MAX_IDS = 1000  # ids in one bulk request

Id = Annotated[int, Field(ge=1, le=MAX_ID)]
Ids = Annotated[list[Id], Field(max_length=MAX_IDS)]
# Counts, minutes, ratings, paging: the services and rules judge the value; this only keeps it storable.
Number = Annotated[int, Field(ge=-MAX_ID, le=MAX_ID)]
