"""The two Cosmos entries of the backend registry, both on the cosmosdb-server fixture.

"cosmos-emulator" is CosmosEmulatorGroundTruthRepo, "cosmos" the production class, and
"cosmos-gtc" the production class on a container made the way GroundTruthCurator makes its
own (hierarchical key /datasetName + /bucket, GTC's indexing policy; see gtc_container.py),
beside GTC's assignments container, so every write path keeps GTC's assignment documents.
Each test gets its own fresh container, so tests never see each other's data. The production
class meets server gaps the emulator class works around; a test that needs such a feature
is listed in SERVER_GAPS and skipped for "cosmos" only, with the feature as the reason.
"""

from __future__ import annotations

import contextlib
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from gt_tui.config import Settings
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_emulator import CosmosEmulatorGroundTruthRepo
from tests.integration.gtc_container import (
    create_gtc_assignments_container,
    create_gtc_container,
)

TEST_DATABASE = "gt-tui-tests"

POINT_READ_MISSING = (
    "cosmosdb-server lacks 404 on a point read of a missing item (answers HTTP 500)"
)
DESCENDING_FROM_ASCENDING_INDEX = (
    "cosmosdb-server lacks serving a descending two-field ORDER BY from an ascending "
    "composite index"
)
GROUP_BY = "cosmosdb-server lacks GROUP BY"
SERVER_GAPS: dict[str, str] = {
    "test_repo_count_groups.py::test_counts_per_dataset_and_status": GROUP_BY,
    "test_repo_count_groups.py::test_counts_per_assignee_of_drafts_with_none_for_unassigned": (
        GROUP_BY
    ),
    "test_repo_count_groups.py::test_counts_per_curator_and_utc_day_since_an_instant": GROUP_BY,
    "test_stats.py::test_decisions_per_curator_per_day_over_the_last_7_days": GROUP_BY,
    "test_stats.py::test_counts_per_dataset_status_and_assigned_drafts": GROUP_BY,
    "test_stats.py::test_empty_store": GROUP_BY,
    "test_stats.py::test_counts_per_shape": GROUP_BY,
    "test_progress_service.py::test_my_pace_counts_my_decisions_since_the_start": GROUP_BY,
    "test_review_service.py::test_progress_carries_the_review_numbers_when_the_stage_is_on": (
        GROUP_BY
    ),
    "test_repo_basics.py::test_get_of_a_missing_item_is_none": POINT_READ_MISSING,
    "test_repo_basics.py::test_update_of_a_missing_item_is_not_found": POINT_READ_MISSING,
    "test_repo_basics.py::test_delete_needs_the_current_etag": POINT_READ_MISSING,
    "test_repo_concurrency.py::test_50_deleters_with_the_same_etag_delete_once": (
        POINT_READ_MISSING
    ),
    "test_claim_and_queue.py::test_claim_of_a_missing_item": POINT_READ_MISSING,
    "test_repo_history.py::test_many_items_read_at_once_leave_the_missing_out": (
        POINT_READ_MISSING
    ),
    "test_repo_history.py::test_many_documents_read_at_once_are_the_items_documents": (
        POINT_READ_MISSING
    ),
    "test_oversight.py::test_reassign_of_a_missing_item": POINT_READ_MISSING,
    "test_repo_paging.py::test_paging_with_limit_7_visits_every_item_once_in_sort_order": (
        DESCENDING_FROM_ASCENDING_INDEX
    ),
    "test_repo_query_filters.py::test_every_sort_pages_in_order_descending": (
        DESCENDING_FROM_ASCENDING_INDEX
    ),
    "test_repo_agentic_queries.py::test_sort_by_number_of_tool_calls_descending": (
        DESCENDING_FROM_ASCENDING_INDEX
    ),
}
"""'file::test function' -> the server feature it needs that cosmosdb-server lacks."""

GTC_SERVER_GAPS: dict[str, str] = {
    test: gap for test, gap in SERVER_GAPS.items() if gap == GROUP_BY
}
"""The same, for the GTC-layout backend (its reads by key are queries, so the point-read
gap does not apply; it never needs a descending composite index)."""


def cosmos_settings(server: Any, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "backend": "cosmos",
        "cosmos_endpoint": server.endpoint,
        "cosmos_key": server.key,
        "cosmos_database": TEST_DATABASE,
        "cosmos_container": f"c-{uuid.uuid4().hex[:12]}",
        "cosmos_tags_container": f"t-{uuid.uuid4().hex[:12]}",
        "cosmos_history_container": f"h-{uuid.uuid4().hex[:12]}",
        # a name no other test creates: GTC's assignments container exists only where a
        # test makes it (create_gtc_assignments_container)
        "cosmos_assignments_container": f"a-{uuid.uuid4().hex[:12]}",
        "cosmos_create_if_missing": True,
        "cosmos_connection_verify": False,
        "cosmos_timeout_s": 30.0,  # the whole-operation deadline; a loaded machine is slow
    }
    values.update(overrides)
    return Settings(**values)


async def assert_assignment_documents_follow_items(repo: CosmosGroundTruthRepo) -> None:
    """One assignment document per assigned item, under its holder, and no other."""
    from gt_tui.repos.cosmos_assignment_repair import inspect_assignments

    report = await inspect_assignments(repo)
    assert report.container is not None
    assert (report.missing, report.stale) == ([], []), report.lines()


def _factory(
    repo_class: type[CosmosGroundTruthRepo], *, production: bool, gtc: bool = False
) -> Any:
    @contextlib.asynccontextmanager
    async def open_repo(tmp_path: Path, request: Any) -> AsyncIterator[CosmosGroundTruthRepo]:
        test = f"{Path(str(request.node.path)).name}::{request.node.originalname}"
        gap = (GTC_SERVER_GAPS if gtc else SERVER_GAPS).get(test)
        if production and gap:
            pytest.skip(gap)
        server = request.getfixturevalue("cosmos_server")
        settings = cosmos_settings(server)
        options: dict[str, Any] = {}
        if gtc:  # GTC's database: its items container and its assignments container
            await create_gtc_container(settings)
            await create_gtc_assignments_container(settings)
            # one local endpoint: no cross-region retry after each server error
            options["enable_endpoint_discovery"] = False
        repo = repo_class(settings, client_options=options)
        await repo.open()
        try:
            yield repo
            if gtc:  # whatever the test wrote, GTC's assignment documents follow the items
                await assert_assignment_documents_follow_items(repo)
        finally:
            await repo.close()

    return open_repo


def register(factories: dict[str, Any], marks: dict[str, list[Any]]) -> None:
    factories["cosmos-emulator"] = _factory(CosmosEmulatorGroundTruthRepo, production=False)
    factories["cosmos"] = _factory(CosmosGroundTruthRepo, production=True)
    factories["cosmos-gtc"] = _factory(CosmosGroundTruthRepo, production=True, gtc=True)
    marks["cosmos-emulator"] = [pytest.mark.cosmos]
    marks["cosmos"] = [pytest.mark.cosmos]
    marks["cosmos-gtc"] = [pytest.mark.cosmos]
