"""The explorer's dataset picker: every dataset with its item count (one grouped count)."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import one_line
from gt_tui.tui.widgets.footer import StableFooter

ALL_DATASETS = "\x00all"


class DatasetPickerScreen(ModalScreen[str | None]):
    """Dismisses with the chosen dataset name, "" for all datasets, None when cancelled."""

    CSS_PATH = DIALOGS_TCSS
    BINDINGS = [Binding("escape", "cancel", "Cancel", show=True)]

    def __init__(self, datasets: list[tuple[str, int]], current: str = "") -> None:
        super().__init__()
        self.datasets = datasets
        self.current = current

    def compose(self) -> ComposeResult:
        total = sum(count for _, count in self.datasets)
        width = max([len(one_line(name, 40)) for name, _ in self.datasets] + [12])
        options = [Option(Text(f"{'all datasets'.ljust(width)}  {total:>7}"), id=ALL_DATASETS)]
        options += [
            Option(Text(f"{one_line(name, 40).ljust(width)}  {count:>7}"), id=name)
            for name, count in self.datasets
        ]
        with Vertical(classes="dialog"):
            yield Static(Text("Datasets (items in each)"), classes="dialog-title")
            yield OptionList(*options, id="dataset-options")
            yield Static(Text("enter: filter by it    escape: cancel"), classes="dialog-keys")
        yield StableFooter()

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        names = [name for name, _ in self.datasets]
        options.highlighted = names.index(self.current) + 1 if self.current in names else 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        chosen = event.option.id
        self.dismiss("" if chosen == ALL_DATASETS else chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
