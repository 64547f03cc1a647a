"""The explorer's dataset picker, restore of a deleted item, and kept state (a mixin of
ExplorerScreen, so explorer.py keeps only the table, the filters and the claim)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.widgets import DataTable, Input, Select

from gt_tui.domain.errors import GroundTruthError
from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus
from gt_tui.tui.explorer_state import DEFAULT_SORT, ExplorerState
from gt_tui.tui.text import one_line

if TYPE_CHECKING:
    from gt_tui.tui.screens.explorer import ExplorerScreen

    _Base = ExplorerScreen
else:
    _Base = object


class ExplorerActions(_Base):
    pending_row: int | None = None
    """A row to highlight once enough pages are loaded (restored position)."""

    # -- kept state ---------------------------------------------------------------------------

    def current_state(self) -> ExplorerState:
        status = self.query_one("#filter-status", Select).value
        sort = self.query_one("#filter-sort", Select).value
        return ExplorerState(
            status=status if isinstance(status, str) else None,
            dataset=self.query_one("#filter-dataset", Input).value,
            tags=self.query_one("#filter-tags", Input).value,
            text=self.query_one("#filter-text", Input).value,
            id_prefix=self.query_one("#filter-id", Input).value,
            url=self.query_one("#filter-url", Input).value,
            sort=sort if isinstance(sort, str) else DEFAULT_SORT,
            warnings_only=self.warnings_only,
            row=max(self.query_one("#explorer-table", DataTable).cursor_row, 0),
        )

    def keep_state(self) -> None:
        self.gt_app.explorer = self.current_state()

    def restore_state(self) -> None:
        """Put back the filters, sort and row of the last visit (before the first load)."""
        state = self.gt_app.explorer
        if state is None:
            return
        with self.prevent(Select.Changed, Input.Changed):
            status = self.query_one("#filter-status", Select)
            if state.status:
                status.value = state.status
            else:
                status.clear()
            self.query_one("#filter-sort", Select).value = state.sort
            for widget_id, value in (
                ("#filter-dataset", state.dataset),
                ("#filter-tags", state.tags),
                ("#filter-text", state.text),
                ("#filter-id", state.id_prefix),
                ("#filter-url", state.url),
            ):
                self.query_one(widget_id, Input).value = value
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

    # -- dataset picker ---------------------------------------------------------------------

    def action_pick_dataset(self) -> None:
        self.run_worker(self._pick_dataset(), group="explorer-datasets", exit_on_error=False)

    async def _pick_dataset(self) -> None:
        from gt_tui.tui.screens.dataset_picker import DatasetPickerScreen

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

    # -- restore ----------------------------------------------------------------------------

    def action_restore(self) -> None:
        from gt_tui.tui.screens.confirm import ConfirmScreen

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
