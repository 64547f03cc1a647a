"""The always-visible backend health badge, fed by the app's health poll."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual.widgets import Static

from gt_tui.tui.text import one_line

if TYPE_CHECKING:  # the badge is on the first frame, before services (and pydantic) load
    from gt_tui.services.health import HealthReport


def health_text(report: HealthReport | None) -> Text:
    if report is None:
        return Text("○ checking backend…", style="italic")
    if report.ok:
        return Text.assemble(("● ", "bold"), f"{report.backend} ok")
    return Text.assemble(
        ("▲ ", "bold"), f"{report.backend} degraded: ", one_line(report.detail, limit=60)
    )


class HealthIndicator(Static):
    """Shows ok / degraded with the reason; mirrors `App.health` (a HealthReport or None)."""

    DEFAULT_CSS = """
    HealthIndicator { width: auto; padding: 0 1; }
    HealthIndicator.-ok { color: $success; }
    HealthIndicator.-degraded { background: $error; color: $text; text-style: bold; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "health", self.show_report, init=True)

    def show_report(self, report: HealthReport | None) -> None:
        self.set_class(report is not None and report.ok, "-ok")
        self.set_class(report is not None and not report.ok, "-degraded")
        self.update(health_text(report))
