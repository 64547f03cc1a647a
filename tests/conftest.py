"""Shared fixtures: `repo` runs a test once per backend in tests/backends.py."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.backends import FACTORIES, backend_params
from tests.integration.cosmos_server import cosmos_server  # noqa: F401 - session fixture


@pytest.fixture(params=backend_params())
def backend_name(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture
async def repo(backend_name: str, tmp_path, request: pytest.FixtureRequest) -> AsyncIterator[Any]:
    async with FACTORIES[backend_name](tmp_path, request) as repo:
        yield repo
