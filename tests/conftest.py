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


@pytest.fixture(autouse=True)
def _edit_journal_in_tmp(tmp_path_factory, monkeypatch) -> None:
    """No test writes the unsaved-edit journal into the real user state directory."""
    journal = tmp_path_factory.mktemp("journal") / "unsaved-edits.sqlite3"
    monkeypatch.setenv("GT_EDIT_JOURNAL_PATH", str(journal))
