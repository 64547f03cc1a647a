"""Registry of repo backends the contract and service suites run against.

Each entry is a name and an async context-manager factory `(tmp_path) -> repo`. The
contract suite (tests/contract) and the service suites parametrize over BACKENDS, so a
new backend joins every suite by adding one entry here, not by copying tests.
Entries whose infrastructure is missing are added with pytest marks by their own module
(for example the Cosmos entries need the cosmosdb-server fixture).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.repos.sqlite import SqliteGroundTruthRepo

RepoFactory = Callable[[Path, Any], contextlib.AbstractAsyncContextManager[Any]]


@contextlib.asynccontextmanager
async def memory_repo(tmp_path: Path, request: Any) -> AsyncIterator[InMemoryGroundTruthRepo]:
    repo = InMemoryGroundTruthRepo()
    try:
        yield repo
    finally:
        await repo.close()


@contextlib.asynccontextmanager
async def sqlite_repo(tmp_path: Path, request: Any) -> AsyncIterator[SqliteGroundTruthRepo]:
    repo = SqliteGroundTruthRepo(tmp_path / "repo" / "gt.sqlite3")
    try:
        yield repo
    finally:
        await repo.close()


# name -> factory. Cosmos entries are registered by their own module.
FACTORIES: dict[str, RepoFactory] = {"memory": memory_repo, "sqlite": sqlite_repo}
MARKS: dict[str, list[pytest.MarkDecorator]] = {}

from tests.integration import cosmos_backends  # noqa: E402 - registers after the table exists

cosmos_backends.register(FACTORIES, MARKS)


def backend_params() -> list[Any]:
    return [pytest.param(name, marks=MARKS.get(name, []), id=name) for name in FACTORIES]
