"""What an agentic item carries besides its conversation and trace: context entries,
feedback, metadata, trace ids. Shown read-only, each folded until opened."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Collapsible, Static

from gt_tui.domain.models import GroundTruthItem
from gt_tui.tui.trace.json_text import json_text

SECTIONS = ("contextEntries", "feedback", "metadata", "traceIds")


def item_facts(item: GroundTruthItem) -> list[tuple[str, Any]]:
    """(title, JSON value) of each part the item has."""
    found = []
    if item.context_entries:
        found.append(
            (
                f"context entries ({len(item.context_entries)})",
                {e.key: e.value for e in item.context_entries},
            )
        )
    if item.feedback:
        # Only this field as stored: the whole item's JSON (its trace) costs far more.
        doc = item.model_dump(mode="json", by_alias=True, include={"feedback"})
        found.append((f"feedback ({len(item.feedback)})", doc.get("feedback")))
    if item.metadata:
        found.append((f"metadata ({len(item.metadata)})", item.metadata))
    if item.trace_ids:
        found.append(("trace ids", item.trace_ids))
    return found


class TraceFacts(Vertical):
    DEFAULT_CSS = """
    TraceFacts { height: auto; }
    TraceFacts Collapsible { padding: 0; border-top: none; }
    TraceFacts Collapsible Contents { padding: 0 0 0 4; }
    """

    def compose(self) -> ComposeResult:
        yield from ()

    async def load(self, item: GroundTruthItem) -> None:
        await self.remove_children()
        await self.mount_all(
            [
                Collapsible(Static(json_text(value)), title=title, collapsed=True)
                for title, value in item_facts(item)
            ]
        )
