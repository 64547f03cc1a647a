"""`p` from the queue: how far each dataset is, who decided what this week, my pace.

One services call (ProgressService.progress: a fixed number of grouped counts, 4 on
every backend) fills the whole screen; `r` asks again.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Sparkline, Static

from gt_tui.domain.errors import GroundTruthError
from gt_tui.services.progress import Progress
from gt_tui.services.stats import STATUSES
from gt_tui.tui.context import Workstation, WorkstationScreen, workstation
from gt_tui.tui.text import one_line
from gt_tui.tui.widgets.footer import StableFooter
from gt_tui.tui.widgets.top_bar import TopBar

BAR_WIDTH = 50
STATUS_STYLES = {
    "approved": "bold green",
    "draft": "bold blue",
    "skipped": "bold yellow",
    "deleted": "bold red",
}
BAR_CHARS = {"approved": "█", "draft": "▒", "skipped": "▓", "deleted": "░"}


def status_bar(counts: dict[str, int], width: int = BAR_WIDTH) -> Text:
    """A stacked bar, one segment per status in STATUSES order (largest remainder widths,
    so the segments always fill `width` and a non-zero status gets at least one cell)."""
    total = sum(counts.get(s, 0) for s in STATUSES)
    bar = Text()
    if total == 0:
        return bar.append("·" * width, style="dim")
    shares = {s: counts.get(s, 0) * width / total for s in STATUSES}
    cells = {s: int(shares[s]) for s in STATUSES}
    for s in STATUSES:
        if counts.get(s, 0) and cells[s] == 0:
            cells[s] = 1
    while sum(cells.values()) > width:
        biggest = max(STATUSES, key=lambda s: cells[s])
        cells[biggest] -= 1
    by_remainder = sorted(STATUSES, key=lambda s: (-(shares[s] - int(shares[s])), s))
    for s in by_remainder:
        if sum(cells.values()) >= width:
            break
        cells[s] += 1
    for s in STATUSES:
        bar.append(BAR_CHARS[s] * cells[s], style=STATUS_STYLES[s])
    return bar


NAME_CELLS = 25
MIN_BAR_WIDTH = 10


def dataset_line(name: str, counts: dict[str, int], room: int = 200) -> Text:
    """Name, bar and count on one line of `room` cells: the bar shrinks (down to
    MIN_BAR_WIDTH) so the line never wraps on a narrow terminal (80 columns)."""
    line = Text(one_line(name, NAME_CELLS - 1).ljust(NAME_CELLS), style="bold", no_wrap=True)
    total = sum(counts.get(s, 0) for s in STATUSES)
    done = counts.get("approved", 0)
    summary = f"  {done}/{total} approved" if total else "  empty"
    width = max(MIN_BAR_WIDTH, min(BAR_WIDTH, room - NAME_CELLS - len(summary)))
    line.append_text(status_bar(counts, width))
    line.append(summary)
    legend = Text(no_wrap=True)
    for s in STATUSES:
        legend.append(BAR_CHARS[s] + " ", style=STATUS_STYLES[s])
        legend.append(f"{s} {counts.get(s, 0)}  ")
    legend.rstrip()
    indent = NAME_CELLS if NAME_CELLS + legend.cell_len <= room else 0
    line.append_text(Text("\n" + " " * indent))
    line.append_text(legend)
    return line


def pace_text(progress: Progress) -> Text:
    since = progress.since.strftime("%H:%M UTC")
    text = Text("My pace: ", style="bold")
    text.append(f"{progress.my_decisions} decisions since the app started at {since}")
    pace = progress.pace_per_hour
    text.append(f"  ·  {pace:.1f} items per hour" if pace is not None else "  ·  (too early)")
    return text


class ProgressScreen(WorkstationScreen[None]):
    CSS_PATH = "progress.tcss"
    BINDINGS = [
        Binding("r", "refresh", "Refresh", show=True),
        Binding("escape", "back", "Back", show=True),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.progress: Progress | None = None

    @property
    def gt_app(self) -> Workstation:
        return workstation(self)

    def compose(self) -> ComposeResult:
        yield TopBar("progress")
        with VerticalScroll(id="progress-body"):
            yield Static(id="progress-pace")
            yield Static("Datasets", classes="section")
            yield VerticalScroll(id="progress-datasets")
            yield Static(id="progress-curators-title", classes="section")
            yield VerticalScroll(id="progress-curators")
        yield StableFooter()

    def on_mount(self) -> None:
        self.action_refresh()

    def action_refresh(self) -> None:
        self.run_worker(self._load(), group="progress", exclusive=True, exit_on_error=False)

    async def _load(self) -> None:
        app = self.gt_app
        try:
            progress = await app.services.progress.progress(app.user_id, app.started_at)
        except GroundTruthError as exc:
            app.report_failure(exc, "load progress")
            return
        self.progress = progress
        await self._show(progress)

    async def _show(self, progress: Progress) -> None:
        data = progress.stats.to_json()
        self.query_one("#progress-pace", Static).update(pace_text(progress))
        datasets = self.query_one("#progress-datasets", VerticalScroll)
        await datasets.remove_children()
        room = datasets.size.width or self.app.size.width - 4  # inside the body's padding
        rows = [
            Static(dataset_line(name, counts, room), classes="dataset-row")
            for name, counts in data["datasets"].items()
        ]
        if data["shapes"]["agentic"]["total"]:  # a store of both shapes: each one's progress
            rows += [
                Static(dataset_line(f"({shape} items)", counts), classes="dataset-row")
                for shape, counts in data["shapes"].items()
            ]
        await datasets.mount_all(rows or [Static("No items yet.", classes="dataset-row")])
        days = data["decisions"]["days"]
        title = f"Decisions per curator · today and the last 7 days ({days[0]} to {days[-1]})"
        self.query_one("#progress-curators-title", Static).update(Text(title))
        curators = self.query_one("#progress-curators", VerticalScroll)
        await curators.remove_children()
        widgets = []
        for user, numbers in data["decisions"]["curators"].items():
            label = Text(one_line(user, 20).ljust(21), style="bold")
            label.append(f"today {numbers['today']:>4}   7 days {numbers['last_7_days']:>5}")
            widgets.append(
                Horizontal(
                    Static(label, classes="curator-label"),
                    Sparkline(numbers["per_day"], classes="curator-spark"),
                    Static(
                        Text(" ".join(str(n) for n in numbers["per_day"])), classes="curator-days"
                    ),
                    classes="curator-row",
                )
            )
        if not widgets:
            widgets.append(Static("No decisions in the last 7 days.", classes="dataset-row"))
        await curators.mount_all(widgets)

    def action_back(self) -> None:
        self.dismiss()
