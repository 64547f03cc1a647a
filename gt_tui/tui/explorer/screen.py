"""Explorer: every item, filtered by status / dataset / tags / text / id prefix / reference
URL / who changed it since when, sorted by any field, one page at a time (the filter bar:
filters.py); claim, takeover, restore of a deleted item, and the filters and row kept
between visits."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Input, Select, Static

from gt_tui.domain.errors import AssignmentConflictError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.domain.queries import ItemQuery, SortField
from gt_tui.services.bulk import BulkRecord, BulkResult, BulkService
from gt_tui.tui.context import (
    OpenItems,
    Workstation,
    WorkstationScreen,
    workstation,
)
from gt_tui.tui.dialogs.confirm import ConfirmScreen
from gt_tui.tui.dialogs.help import HelpScreen, section_in_focus
from gt_tui.tui.explorer.bulk import BulkDialog, bulk_summary
from gt_tui.tui.explorer.filters import ExplorerFilters
from gt_tui.tui.explorer.sorting import SORT_LABELS
from gt_tui.tui.text import one_line, plain_line
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.item_table import ItemTable
from gt_tui.tui.widgets.list_columns import (
    MAX_ID_WIDTH,
    MIN_QUESTION_WIDTH,
    fit_columns,
    id_width,
    manual_tags_text,
    sort_value,
)
from gt_tui.tui.widgets.top_bar import TopBar

PAGE_SIZE = 50
PREFETCH_ROWS = 3
"""Load the next page when the cursor comes this close to the last loaded row."""


class ExplorerScreen(WorkstationScreen[None]):
    CSS_PATH = "explorer.tcss"
    AUTO_FOCUS = "#explorer-table"
    BINDINGS = [
        Binding("c", "claim", "Claim", show=True, id="explorer.claim"),
        Binding("slash", "filters", "Filters", show=True, key_display="/", id="explorer.filters"),
        Binding("m", "more", "More rows", show=True, id="explorer.more"),
        Binding("w", "warnings_only", "Warnings only", show=True, id="explorer.warnings_only"),
        Binding("D", "pick_dataset", "Datasets", show=True, id="explorer.pick_dataset"),
        Binding("b", "restore", "Restore", show=True, id="explorer.restore"),
        Binding("B", "bulk", "Bulk", show=True, id="explorer.bulk"),
        Binding("u", "undo_bulk", "Undo bulk", show=False, id="explorer.undo_bulk"),
        Binding("escape", "back", "Back", show=True, id="explorer.back"),
        Binding("question_mark", "help", "Help", show=True, key_display="?", id="explorer.help"),
    ]

    def __init__(self, page_size: int = PAGE_SIZE) -> None:
        super().__init__()
        self.page_size = page_size
        self.rows: list[GroundTruthItem] = []
        self.next_cursor: str | None = None
        self.total = 0
        self.loading_page = False
        self.query_filter = ItemQuery(limit=page_size)
        self.warnings_only = False
        """`w`: only items with content warnings (personal data, duplicate question)."""
        self.pending_row: int | None = None
        """A row to highlight once enough pages are loaded (restored position)."""
        self.last_bulk: BulkRecord | None = None
        """`B`'s last action while the explorer is open, for `u`."""

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield TopBar("explorer")
        yield ExplorerFilters(self.gt_app.services.tags.vocabulary.all_tags())
        yield Static(id="explorer-status")
        yield ItemTable(id="explorer-table")
        yield StableFooter()

    def on_mount(self) -> None:
        self.restore_state()
        self.apply_filters()

    def _columns(self) -> list[tuple[str, str, int]]:
        """(key, label, width): a sort other than by id is a column of its own, beside
        the id; the id and question widths follow the loaded rows (list_columns)."""
        columns = [("id", "id", 4), ("dataset", "dataset", 16), ("status", "status", 8)]
        columns.append(("assigned", "assigned", 12))
        sort = self.query_filter.sort
        if sort is not SortField.id:
            columns.append(("sorted", SORT_LABELS[sort], 16))
        return [*columns, ("question", "question", MIN_QUESTION_WIDTH), ("tags", "tags", 16)]

    def _build_columns(self) -> None:
        table = self.query_one("#explorer-table", DataTable)
        table.clear(columns=True)
        for key, label, width in self._columns():
            table.add_column(label, key=key, width=width)

    def _fit_columns(self) -> None:
        table = self.query_one("#explorer-table", DataTable)
        fit_columns(table, id_width(item.id for item in self.rows), self.size.width)

    def on_resize(self) -> None:
        if self.query_filter is not None and self.is_mounted:
            self._fit_columns()

    # -- filters and pages -------------------------------------------------------------------

    def build_query(self) -> ItemQuery:
        return self.query_one(ExplorerFilters).item_query(self.page_size)

    def apply_filters(self) -> bool:
        """Start over with the current filters: first page only. A field that cannot be
        read (changed since) is named, and the rows of the last good filter stay (False)."""
        if problem := self.query_one(ExplorerFilters).problem():
            self.notify(f"Filter not applied: {problem}", severity="error", markup=False)
            self._render_status(f"filter not applied: {problem}")
            return False
        self.query_filter = self.build_query()
        self.rows = []
        self.next_cursor = None
        self._build_columns()
        self._load_page(None)
        return True

    @work(exclusive=True, group="explorer", exit_on_error=False)
    async def _load_page(self, cursor: str | None) -> None:
        self.loading_page = True
        self._render_status("loading…")
        try:
            query = self.query_filter.model_copy(update={"cursor": cursor})
            if self.warnings_only:
                page = await self.gt_app.services.content_checks.page_with_warnings(query)
            else:
                page = await self.gt_app.browse.page(query)
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "load items")
            self._render_status("could not load")
            return
        finally:
            self.loading_page = False
        self.next_cursor = page.next_cursor
        self.total = page.total
        table = self.query_one("#explorer-table", DataTable)
        for item in page.items:
            self.rows.append(item)
            table.add_row(*self._cells(item), key=f"{len(self.rows) - 1}")
        self._fit_columns()
        self._render_status()
        self.after_page()

    def _cells(self, item: GroundTruthItem) -> list[Text]:
        cells = {
            "id": plain_line(item.id, MAX_ID_WIDTH),
            "dataset": plain_line(item.dataset_name, 16),
            "status": Text(item.status.value),
            "assigned": plain_line(item.assigned_to or "", 12),
            "sorted": plain_line(sort_value(item, self.query_filter.sort), 16),
            "question": plain_line(item.question, 200),
            "tags": plain_line(manual_tags_text(item), 16),
        }
        return [cells[key] for key, _, _ in self._columns()]

    def _render_status(self, note: str = "") -> None:
        more = "  ·  m or scroll down for more" if self.next_cursor else ""
        text = f"{len(self.rows)} of {self.total} matching items loaded{more}"
        if self.warnings_only:
            text = f"{len(self.rows)} items with warnings loaded (w: show all){more}"
        if note:
            text = f"{text}  ·  {note}"
        self.query_one("#explorer-status", Static).update(Text(text))

    def action_more(self) -> None:
        if self.next_cursor is None or self.loading_page:
            return
        self._load_page(self.next_cursor)

    def action_warnings_only(self) -> None:
        self.warnings_only = not self.warnings_only
        self.apply_filters()

    @on(DataTable.RowHighlighted, "#explorer-table")
    def _near_end(self, event: DataTable.RowHighlighted) -> None:
        if event.cursor_row >= len(self.rows) - PREFETCH_ROWS:
            self.action_more()

    @on(Input.Submitted)
    def _filter_submitted(self) -> None:
        if self.apply_filters():  # else the field stays focused, to be corrected
            self.query_one("#explorer-table").focus()

    @on(Select.Changed, "#filter-status")
    @on(Select.Changed, "#filter-shape")
    @on(Select.Changed, "#filter-sort")
    def _status_changed(self) -> None:
        if self.is_mounted and (  # not a restored value
            self.query_one(ExplorerFilters).problem() or self.build_query() != self.query_filter
        ):
            self.apply_filters()

    # -- row actions -------------------------------------------------------------------------

    def highlighted(self) -> GroundTruthItem | None:
        table = self.query_one("#explorer-table", DataTable)
        if not self.rows or not 0 <= table.cursor_row < len(self.rows):
            return None
        return self.rows[table.cursor_row]

    def action_claim(self) -> None:
        item = self.highlighted()
        if item is None:
            self.notify("No item highlighted.", markup=False)
            return
        self._claim(item)

    @work(exclusive=True, group="explorer-claim", exit_on_error=False)
    async def _claim(self, item: GroundTruthItem) -> None:
        app = self.gt_app
        try:
            claimed = await app.services.assignments.claim(app.user_id, item.dataset_name, item.id)
        except AssignmentConflictError as exc:
            from gt_tui.tui.explorer.takeover import offer_takeover

            await offer_takeover(self, item, exc.owner, self._replace_row)
            return
        except GroundTruthError as exc:
            app.report_failure(exc, f"claim {item.id}")
            return
        self._replace_row(claimed)
        self.notify(f"Claimed {one_line(claimed.id)}: it is in your queue.", markup=False)

    def _replace_row(self, item: GroundTruthItem) -> None:
        for index, row in enumerate(self.rows):
            if (row.dataset_name, row.id) == (item.dataset_name, item.id):
                self.rows[index] = item
                table = self.query_one("#explorer-table", DataTable)
                for (column, _, _), cell in zip(self._columns(), self._cells(item), strict=True):
                    table.update_cell(str(index), column, cell)

    def action_open(self) -> None:
        item = self.highlighted()
        if item is not None:
            self.post_message(OpenItems([item], 0, source="explorer", done=self._after_detail))

    def _after_detail(self, written: list[GroundTruthItem] | None) -> None:
        for item in written or ():
            self._replace_row(item)

    @on(DataTable.RowSelected, "#explorer-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def action_filters(self) -> None:
        self.query_one("#filter-text", Input).focus()

    def action_back(self) -> None:
        if isinstance(self.focused, Input):
            self.query_one("#explorer-table").focus()
            return
        self.keep_state()
        self.dismiss()

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen(section_in_focus(self)))

    # -- kept state ---------------------------------------------------------------------------

    def keep_state(self) -> None:
        row = max(self.query_one("#explorer-table", DataTable).cursor_row, 0)
        self.gt_app.explorer = self.query_one(ExplorerFilters).state(self.warnings_only, row)

    def restore_state(self) -> None:
        """Put back the filters, sort and row of the last visit (before the first load)."""
        state = self.gt_app.explorer
        if state is None:
            return
        self.query_one(ExplorerFilters).restore(state)
        self.warnings_only = state.warnings_only
        self.pending_row = state.row or None

    def after_page(self) -> None:
        """Called after each page: go on loading until the restored row is there."""
        if self.pending_row is None:
            return
        if self.pending_row >= len(self.rows) and self.next_cursor is not None:
            self.action_more()
            return
        row = min(self.pending_row, max(len(self.rows) - 1, 0))
        self.pending_row = None
        self.query_one("#explorer-table", DataTable).move_cursor(row=row, animate=False)

    # -- dataset picker and restore -----------------------------------------------------------

    def action_pick_dataset(self) -> None:
        self.run_worker(self._pick_dataset(), group="explorer-datasets", exit_on_error=False)

    async def _pick_dataset(self) -> None:
        from gt_tui.tui.explorer.dataset_picker import DatasetPickerScreen

        try:
            datasets = await self.gt_app.services.progress.datasets()
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "list datasets")
            return
        field = self.query_one("#filter-dataset", Input)

        def chosen(name: str | None) -> None:
            if name is not None:
                field.value = name
                self.apply_filters()
                self.query_one("#explorer-table").focus()

        self.app.push_screen(DatasetPickerScreen(datasets, field.value.strip()), chosen)

    # -- bulk actions (B, u) ------------------------------------------------------------------

    def _bulk_service(self) -> BulkService:
        services = self.gt_app.services
        return BulkService(services.repo, tags=services.tags, clock=self.gt_app.clock)

    def action_bulk(self) -> None:
        if self.query_one(ExplorerFilters).problem():
            self.apply_filters()  # names it
            return
        item_filter = self.query_one(ExplorerFilters).item_filter()
        dialog = BulkDialog(item_filter, self._bulk_service(), self.gt_app.user_id)
        self.app.push_screen(dialog, self._after_bulk)

    def _after_bulk(self, result: BulkResult | None) -> None:
        if result is None or result.record is None:
            return
        if result.record.entries:
            self.last_bulk = result.record
        self.notify(bulk_summary(result, "changed", "u undoes it"), markup=False)
        self.apply_filters()

    def action_undo_bulk(self) -> None:
        if self.last_bulk is None or not self.last_bulk.pending:
            self.notify("No bulk action to undo here.", markup=False)
            return
        self.run_worker(self._undo_bulk(self.last_bulk), group="explorer-bulk", exit_on_error=False)

    async def _undo_bulk(self, record: BulkRecord) -> None:
        try:
            result = await self._bulk_service().undo(self.gt_app.user_id, record)
        except GroundTruthError as exc:
            self.gt_app.report_failure(exc, "undo the bulk action")
            return
        self.notify(bulk_summary(result, "put back", ""), markup=False)
        self.apply_filters()

    def action_restore(self) -> None:
        item = self.highlighted()
        if item is None:
            self.notify("No item highlighted.", markup=False)
            return
        if item.status != GroundTruthStatus.deleted:
            self.notify(
                f"{one_line(item.id)} is {item.status.value}: only deleted items can be restored.",
                markup=False,
            )
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.run_worker(self._restore(item), group="explorer-restore", exit_on_error=False)

        self.app.push_screen(
            ConfirmScreen(
                f"Restore {one_line(item.id)}?",
                f"{one_line(item.id)} in {one_line(item.dataset_name)} goes back to draft, "
                "unassigned, so it can be curated again.",
                confirm_label="Restore",
            ),
            answered,
        )

    async def _restore(self, item: GroundTruthItem) -> None:
        app = self.gt_app
        try:
            restored = await app.services.curation.restore(app.user_id, item)
        except GroundTruthError as exc:
            app.report_failure(exc, f"restore {item.id}")
            return
        self._replace_row(restored)
        self.notify(f"Restored {one_line(restored.id)}: it is a draft again.", markup=False)
