"""A row-cursor DataTable whose `enter` shows up in the footer as "Open"."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable


class ItemTable(DataTable[Text]):
    BINDINGS = [Binding("enter", "select_cursor", "Open", show=True, id="table.open")]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
