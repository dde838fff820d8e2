"""Reports tests: read a response whole, streamed or not."""

from __future__ import annotations

import pytest


def body(response) -> bytes:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


@pytest.fixture
def read():
    return body
