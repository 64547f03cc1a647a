"""A row-cursor DataTable whose `enter` shows up in the footer as "Open"."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import DataTable


class ItemTable(DataTable[Text]):
    BINDINGS = [Binding("enter", "select_cursor", "Open", show=True, id="table.open")]

    openable: reactive[bool] = reactive(True, bindings=True)
    """False while the rows are the last-known queue: `enter` shows greyed out."""

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select_cursor" and not self.openable:
            return None
        return True
