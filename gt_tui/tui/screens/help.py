"""`?`: every key of the workstation, by screen."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.tui.widgets.footer import StableFooter

KEYS: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "Queue (home)",
        [
            ("enter", "open the highlighted item"),
            ("n", "get more items assigned to you"),
            ("r", "refresh the queue and counts"),
            ("/", "filter the queue (escape clears)"),
            ("e", "explorer: all items, filters, claim"),
            ("p", "progress: datasets, curators this week, my pace"),
            ("u", "undo the last decision (opens the item again)"),
            ("?", "this help"),
            ("q", "quit"),
        ],
    ),
    (
        "Item",
        [
            ("a / s / d", "approve / skip / delete at once; next item"),
            ("", "unsaved edits: a dialog first (GT_CONFIRM)"),
            ("u", "undo the last decision"),
            ("c", "edit the comment"),
            ("ctrl+s", "save your edits"),
            ("t", "tag picker (type to filter, space or 1-9 toggle)"),
            ("g", "tag glossary: groups, values, computed-tag rules"),
            ("i", "show / hide the dataset's curation instructions"),
            ("R", "rephrase: a new draft copy to reword the question"),
            ("[ / ]", "previous / next item in the queue"),
            ("tab", "move into the editors"),
            ("escape", "leave the editor, then back to the queue"),
        ],
    ),
    ("Dialogs", [("enter / y", "confirm"), ("escape / n", "cancel")]),
    (
        "Edit conflict",
        [
            ("r", "reload their version"),
            ("k", "keep mine: my edits on the latest version, saved"),
            ("escape", "back to editing"),
        ],
    ),
    (
        "Explorer",
        [
            ("c", "claim the highlighted item (GT_LEADS may take over a held one)"),
            ("w", "only items with warnings (personal data, duplicates)"),
            ("enter", "open the highlighted item"),
            ("/", "edit the filters (sort: the picker beside tags)"),
            ("D", "dataset picker, with item counts"),
            ("b", "restore the highlighted deleted item (asks first)"),
            ("escape", "back"),
        ],
    ),
    ("Anywhere", [("ctrl+p", "command palette (themes, quit)")]),
]


def help_text() -> Text:
    text = Text()
    for title, rows in KEYS:
        text.append(f"{title}\n", style="bold underline")
        for key, what in rows:
            text.append(f"  {key:<12}", style="bold")
            text.append(f"{what}\n")
        text.append("\n")
    return text


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding("escape,q,question_mark", "close", "Close", show=True, key_display="esc"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("gt-tui keys", style="bold"), id="help-title")
            yield Static(help_text(), id="help-keys")
        yield StableFooter()

    def action_close(self) -> None:
        self.dismiss(None)
