"""The explorer's filter bar: status, shape, dataset, tags, sort, text, id prefix, URL,
tool (called, or expected as required), and who changed an item / since when (its history).

It turns its fields into an ItemQuery, and into (and back from) the ExplorerState the
app keeps between visits.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Select

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.queries import ItemQuery
from gt_tui.services.filter_syntax import FilterSyntaxError
from gt_tui.services.item_filter import SHAPES, ItemFilter
from gt_tui.tui.context import DEFAULT_SORT, ExplorerState
from gt_tui.tui.explorer.sorting import SORT_CHOICES, parse_sort
from gt_tui.tui.explorer.tag_filter import TagFilterSuggester

TEXT_FIELDS = (
    ("#filter-dataset", "dataset"),
    ("#filter-tags", "tags"),
    ("#filter-text", "text"),
    ("#filter-id", "id_prefix"),
    ("#filter-url", "url"),
    ("#filter-tool", "tool"),
    ("#filter-changed-by", "changed_by"),
    ("#filter-changed-since", "changed_since"),
)
"""The text inputs and the ItemFilter attribute each one reads into."""


class ExplorerFilters(Vertical):
    DEFAULT_CSS = "ExplorerFilters { height: auto; }"

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__()
        self._tags = list(tags)

    def compose(self) -> ComposeResult:
        with Horizontal(id="explorer-filters"):
            yield Select(
                [(status.value, status.value) for status in GroundTruthStatus],
                prompt="any status",
                id="filter-status",
            )
            yield Select(
                [(f"{shape} items", shape) for shape in SHAPES],
                prompt="any shape",
                id="filter-shape",
            )
            yield Input(placeholder="dataset", id="filter-dataset")
            yield Input(
                placeholder="tags: a, -b",
                id="filter-tags",
                suggester=TagFilterSuggester(self._tags),
            )
            yield Select(SORT_CHOICES, value=DEFAULT_SORT, allow_blank=False, id="filter-sort")
        with Horizontal(id="explorer-filters-2"):
            yield Input(placeholder="text in question / answer / history", id="filter-text")
            yield Input(placeholder="id prefix", id="filter-id")
            yield Input(placeholder="part of a reference URL", id="filter-url")
            yield Input(placeholder="tool called/required", id="filter-tool")
        with Horizontal(id="explorer-filters-3"):
            yield Input(placeholder="changed by (user id)", id="filter-changed-by")
            yield Input(
                placeholder="changed since (2026-12-01 or …T08:00Z)", id="filter-changed-since"
            )

    def _text(self, selector: str) -> str:
        return self.query_one(selector, Input).value

    def _chosen(self, selector: str) -> str | None:
        value = self.query_one(selector, Select).value
        return value if isinstance(value, str) else None

    def item_filter(self) -> ItemFilter:
        """The fields as typed, read as services read them (`gt-tui bulk --filter`)."""
        return ItemFilter(
            status=self._chosen("#filter-status"),
            shape=self._chosen("#filter-shape") or "",
            **{name: self._text(selector) for selector, name in TEXT_FIELDS},
        )

    def problem(self) -> str | None:
        """What is wrong with a field that cannot be read (changed since), or None."""
        try:
            self.item_filter().query()
        except FilterSyntaxError as exc:
            return str(exc)
        return None

    def item_query(self, limit: int) -> ItemQuery:
        """The ItemQuery these fields describe (first page); FilterSyntaxError when a field
        cannot be read (changed since)."""
        sort, descending = parse_sort(self.query_one("#filter-sort", Select).value)
        return self.item_filter().query(sort=sort, descending=descending, limit=limit)

    def state(self, warnings_only: bool, row: int) -> ExplorerState:
        return ExplorerState(
            filter=self.item_filter(),
            sort=self._chosen("#filter-sort") or DEFAULT_SORT,
            warnings_only=warnings_only,
            row=row,
        )

    def restore(self, state: ExplorerState) -> None:
        """Put back a kept state's fields (no Changed messages: nothing reloads)."""
        with self.prevent(Select.Changed, Input.Changed):
            for selector, value in (
                ("#filter-status", state.filter.status),
                ("#filter-shape", state.filter.shape),
            ):
                select = self.query_one(selector, Select)
                if value:
                    select.value = value
                else:
                    select.clear()
            self.query_one("#filter-sort", Select).value = state.sort
            for selector, name in TEXT_FIELDS:
                self.query_one(selector, Input).value = getattr(state.filter, name)
