"""Home screen: my assigned drafts, queue counts, and the way to get more work."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable, Input, LoadingIndicator, Static

from gt_tui.domain.errors import GroundTruthError
from gt_tui.tui.context import (
    OpenItems,
    OpenScreen,
    Workstation,
    WorkstationScreen,
    app_of,
    workstation,
)
from gt_tui.tui.queue.rows import COLUMNS, empty_state, item_key, matches, row_cells
from gt_tui.tui.text import one_line
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.item_table import ItemTable
from gt_tui.tui.widgets.list_columns import MIN_QUESTION_WIDTH, fit_columns, id_width
from gt_tui.tui.widgets.top_bar import TopBar

if TYPE_CHECKING:
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.services.browse import QueueCounts
    from gt_tui.services.health import HealthReport

__all__ = ["QueueScreen", "empty_state", "item_key"]

log = logging.getLogger(__name__)

NEEDS_SERVICES = frozenset({"get_more", "refresh", "filter", "explorer", "progress", "undo"})
"""Queue keys greyed out until the start worker has built the services."""

QUEUE_TARGET = 10
"""`n` tops the queue up to this many items (or 5 more when it already holds that many)."""
QUEUE_STEP = 5


class QueueScreen(WorkstationScreen[None]):
    CSS_PATH = "queue.tcss"
    AUTO_FOCUS = "#queue-table"
    BINDINGS = [
        Binding("n", "get_more", "Get items", show=True, id="queue.get_more"),
        Binding("r", "refresh", "Refresh", show=True, id="queue.refresh"),
        Binding("slash", "filter", "Filter", show=True, key_display="/", id="queue.filter"),
        Binding("e", "explorer", "Explorer", show=True, id="queue.explorer"),
        Binding("p", "progress", "Progress", show=True, id="queue.progress"),
        Binding("u", "undo", "Undo", show=True, id="queue.undo"),
        Binding("question_mark", "help", "Help", show=True, key_display="?", id="queue.help"),
        Binding("q", "quit", "Quit", show=True, id="queue.quit"),
        Binding("escape", "clear_filter", "Clear filter", show=False, id="queue.clear_filter"),
        Binding("v", "review_queue", "Review queue", show=False, id="queue.review"),
    ]

    getting: reactive[bool] = reactive(False, bindings=True)
    """`n` is fetching items: the key is disabled until it ends (check_action)."""

    def __init__(self) -> None:
        super().__init__()
        self.loaded = False
        """The queue has been read at least once (until then the table shows loading)."""
        self.items: list[GroundTruthItem] = []
        self.filter_text = ""
        self.counts: QueueCounts | None = None
        self._last_health_ok: bool | None = None
        self._mount_load_pending = False
        """on_mount started a load; the ScreenResume that follows a push needs no second one."""

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield TopBar("queue")
        yield Static(id="queue-counts")
        # The filter box and the busy spinner are mounted when first needed (`/`, `n`):
        # hidden from the start, they only cost the first frame their styles and mounts.
        yield Static(id="queue-busy-label")
        yield ItemTable(id="queue-table")
        yield Static(empty_state(None), id="queue-empty")
        yield StableFooter()

    async def on_mount(self) -> None:
        table = self.query_one("#queue-table", DataTable)
        for name, width in COLUMNS:
            table.add_column(name, key=name, width=min(width, MIN_QUESTION_WIDTH))
        self._set_busy(None)
        self.watch(self.app, "health", self._health_changed, init=False)
        if not self.app_ready:
            table.loading = True  # until the first load: the start worker builds services
            self.watch(self.app, "services_ready", self._services_arrived, init=False)
            return
        # Services came first (the demo's memory store, or built before the app): read the
        # queue now, so the first frame shows its rows rather than a loading state.
        self._mount_load_pending = True
        await self._load()

    @property
    def app_ready(self) -> bool:
        """Services exist (False while the start worker builds them)."""
        return app_of(self).services_ready

    def _services_arrived(self, ready: bool) -> None:
        if ready:
            self.refresh_bindings()
            self.action_refresh()

    def on_screen_resume(self) -> None:
        if self._mount_load_pending:  # pushed just now: on_mount's load is on its way
            self._mount_load_pending = False
            return
        if self.is_mounted and self.items is not None:
            self.action_refresh()

    def on_screen_suspend(self) -> None:
        self._mount_load_pending = False

    def _health_changed(self, report: HealthReport | None) -> None:
        ok = report is not None and report.ok
        if ok and self._last_health_ok is False and self.app_ready:
            self.action_refresh()
        self._last_health_ok = ok

    # -- loading ----------------------------------------------------------------------------

    def _filter_box(self) -> Input | None:
        """The filter box, once `/` has mounted it."""
        found = self.query("#queue-filter")
        return found.first(Input) if found else None

    def _set_busy(self, label: str | None) -> None:
        spinner = self.query("#queue-busy")
        if spinner:
            spinner.first().display = label is not None
        elif label is not None:
            self.mount(LoadingIndicator(id="queue-busy"), before="#queue-busy-label")
        busy_label = self.query_one("#queue-busy-label", Static)
        busy_label.display = label is not None
        busy_label.update(Text(label or ""))

    def action_refresh(self) -> None:
        if self.app_ready:  # else: the real load comes when services arrive
            self._load_in_worker()

    @work(exclusive=True, group="queue-load", exit_on_error=False)
    async def _load_in_worker(self) -> None:
        await self._load()

    async def _load(self) -> None:
        app = self.gt_app
        try:
            items = await app.services.assignments.my_assignments(app.user_id)
            counts = await app.browse.counts(app.user_id, app.now().date())
        except GroundTruthError as exc:
            app.report_failure(exc, "load your queue")
            return
        finally:
            self.query_one("#queue-table", DataTable).loading = False
        self.items = items
        self.counts = counts
        self.loaded = True
        self._render_rows()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NEEDS_SERVICES and not self.app_ready:
            return None  # shown, greyed out, until the real queue is there
        if action == "get_more" and self.getting:
            return None  # shown, greyed out
        return True

    def action_get_more(self) -> None:
        if self.getting:
            return
        self.getting = True
        self._set_busy("Getting items for you…")
        self._get_more()

    @work(group="queue-more", exit_on_error=False)
    async def _get_more(self) -> None:
        app = self.gt_app
        before = {item_key(item) for item in self.items}
        limit = max(QUEUE_TARGET, len(self.items) + QUEUE_STEP)
        try:
            queue = await app.services.assignments.self_assign(app.user_id, limit)
            self.counts = await app.browse.counts(app.user_id, app.now().date())
        except GroundTruthError as exc:
            app.report_failure(exc, "get more items")
            return
        finally:
            self.getting = False
            self._set_busy(None)
        self.items = queue
        self.loaded = True
        self._render_rows()
        added = len([item for item in queue if item_key(item) not in before])
        if added:
            self.notify(f"{added} new item(s) in your queue.", markup=False)
        else:
            self.notify("Nothing left to assign: the pool is empty.", markup=False)

    # -- rendering ----------------------------------------------------------------------------

    def visible_items(self) -> list[GroundTruthItem]:
        if not self.filter_text:
            return list(self.items)
        return [item for item in self.items if matches(item, self.filter_text)]

    def _render_rows(self) -> None:
        self._show_rows(self.visible_items(), bool(self.items))
        self._render_counts(self.table_row_count)

    @property
    def table_row_count(self) -> int:
        return self.query_one("#queue-table", DataTable).row_count

    def _show_rows(self, items: list[GroundTruthItem], any_items: bool) -> None:
        """Replace the table's rows, keeping the highlight on the same item if it is there."""
        table = self.query_one("#queue-table", DataTable)
        highlighted = self._highlighted_key()
        table.clear()
        now = self.gt_app.now()
        keys = []
        for item in items:
            key = item_key(item)
            table.add_row(*row_cells(item, now), key=key)
            keys.append(key)
        ids = [item.id for item in items]
        fit_columns(table, id_width(ids), self.size.width or self.app.size.width)
        if highlighted in keys:
            table.move_cursor(row=keys.index(highlighted))
        self.query_one("#queue-empty", Static).update(empty_state(self.counts))
        self.query_one("#queue-empty").display = not any_items
        table.display = any_items
        self._focus_table_if_free()

    def _highlighted_key(self) -> str | None:
        """The row key under the table's cursor (None: no rows)."""
        table = self.query_one("#queue-table", DataTable)
        if not table.row_count or table.cursor_row < 0:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _focus_table_if_free(self) -> None:
        """Give the table focus (with a row highlighted) unless the filter box is being typed in.

        The table is hidden while the queue is empty, so focus is lost then; without this a
        first `n` fills the table and `enter` does nothing.
        """
        table = self.query_one("#queue-table", DataTable)
        box = self._filter_box()
        if not table.display or (box is not None and box.has_focus):
            return
        if table.row_count and table.cursor_row < 0:
            table.move_cursor(row=0)
        if self.app.screen is self:
            table.focus()

    def _render_counts(self, shown: int) -> None:
        counts = self.counts
        parts = []
        if counts is not None:
            parts += self._count_parts(counts.in_queue, counts.approved_today, counts.pool_left)
        if self.filter_text:
            parts.append(f"Filter {one_line(self.filter_text, 30)!r}: {shown} shown")
        self.query_one("#queue-counts", Static).update(Text("   ·   ".join(parts)))

    @staticmethod
    def _count_parts(in_queue: int, approved_today: int, pool_left: int) -> list[str]:
        return [
            f"In my queue: {in_queue}",
            f"Approved by me today: {approved_today}",
            f"Left in the pool: {pool_left}",
        ]

    # -- actions ------------------------------------------------------------------------------

    def action_open(self) -> None:
        if not self.loaded:
            return
        shown = self.visible_items()
        table = self.query_one("#queue-table", DataTable)
        if not shown or not table.display:
            self.notify("Nothing to open: press n to get items.", markup=False)
            return
        index = min(max(table.cursor_row, 0), len(shown) - 1)
        self._open_at(shown, index)

    @on(DataTable.RowSelected, "#queue-table")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.action_open()

    def _open_at(self, shown: list[GroundTruthItem], index: int) -> None:
        self.post_message(OpenItems(shown, index))

    async def action_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            box = Input(
                placeholder="filter the queue: id, dataset, question, tag", id="queue-filter"
            )
            await self.mount(box, after="#queue-counts")
        box.display = True
        box.focus()

    @on(Input.Changed, "#queue-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_text = event.value.strip()
        self._render_rows()

    @on(Input.Submitted, "#queue-filter")
    def _filter_submitted(self) -> None:
        self.query_one("#queue-table").focus()

    def action_clear_filter(self) -> None:
        box = self._filter_box()
        if box is None:
            return
        if box.has_focus:
            self.query_one("#queue-table").focus()
            if not box.value:
                box.display = False
            return
        if box.value:
            box.value = ""
        box.display = False

    def action_undo(self) -> None:
        self._undo()

    @work(exclusive=True, group="queue-undo", exit_on_error=False)
    async def _undo(self) -> None:
        """Take back the last decision and open the item again (in the queue when it is
        back in it)."""
        from gt_tui.tui.dialogs.undo import undo_last_decision

        restored = await undo_last_decision(self)
        if restored is None:
            return
        await self._load()
        shown = self.visible_items()
        keys = [item_key(item) for item in shown]
        if item_key(restored) in keys:
            self._open_at(shown, keys.index(item_key(restored)))
        else:
            self.post_message(OpenItems([restored], source="undo"))

    def action_explorer(self) -> None:
        self.post_message(OpenScreen("explorer"))

    def action_progress(self) -> None:
        self.post_message(OpenScreen("progress"))

    def action_help(self) -> None:
        from gt_tui.tui.dialogs.help import HelpScreen, section_in_focus  # `?` only

        self.app.push_screen(HelpScreen(section_in_focus(self)))

    def action_review_queue(self) -> None:
        """Leads' review queue (GT_REVIEW=leads, GT_LEADS): gt_tui/tui/review."""
        app = self.gt_app
        review = app.services.review
        if not review.enabled or not review.is_lead(app.user_id):
            self.notify(
                "the review queue is for leads (GT_LEADS) when GT_REVIEW=leads",
                severity="warning",
                markup=False,
            )
            return
        from gt_tui.tui.review import ReviewQueueScreen

        self.app.push_screen(ReviewQueueScreen(review, app.user_id))

    async def action_quit(self) -> None:
        self.app.exit()
