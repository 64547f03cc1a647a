"""import-traces' writes on every backend: draft agentic items through the import
pipeline, and a second import of the same traces changes nothing (no new etag)."""

from __future__ import annotations

import pytest

from gt_tui.services.importing import ImportService
from gt_tui.services.trace_import import convert_traces, write_items
from tests.integration.services.helpers import all_items
from tests.trace_fixtures import LANGFUSE, OTEL_GENAI, agentic_items_supported

pytestmark = pytest.mark.skipif(
    not agentic_items_supported(),
    reason="agentic items (issue 25, helper agentic) are not in the domain model yet: "
    "items without synthQuestion cannot be stored",
)


async def import_traces(repo, path, **options):
    with path.open("rb") as handle:
        conversion = convert_traces(handle, dataset="prod", **options)
    problems: list[str] = []
    summary = await write_items(
        ImportService(repo), conversion, source=path.name, on_problem=problems.append
    )
    return summary, problems


@pytest.mark.parametrize(("path", "count"), [(OTEL_GENAI, 3), (LANGFUSE, 2)])
async def test_traces_become_drafts_and_importing_again_changes_nothing(repo, path, count):
    summary, _ = await import_traces(repo, path)
    assert (summary.imported, summary.skipped, summary.invalid) == (count, 0, 0)
    first = {item.id: item for item in await all_items(repo)}
    assert len(first) == count
    assert {item.status.value for item in first.values()} == {"draft"}
    summary, problems = await import_traces(repo, path)
    assert (summary.imported, summary.updated, summary.skipped) == (0, 0, count)
    assert not [p for p in problems if "warning" not in p]
    again = {item.id: item for item in await all_items(repo)}
    assert {k: v.etag for k, v in again.items()} == {k: v.etag for k, v in first.items()}
    stored = again[next(iter(again))].to_doc()
    assert stored["toolCalls"] and stored["traceIds"]["traceId"]
