"""Edit the arguments a tool is expected to get: a JSON object, or free text describing
them (GTC 2.x takes either). Text that starts like JSON must be a JSON object: invalid JSON
is refused in the form, with where it fails, and nothing changes."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from gt_tui.tui.text import from_editor, one_line, to_editor


def arguments_to_text(arguments: Any) -> str:
    if arguments is None:
        return ""
    if isinstance(arguments, str):
        return arguments
    return json.dumps(arguments, indent=2, ensure_ascii=False)


def parse_arguments(text: str) -> Any:
    """None (empty), a dict (JSON object) or the text; ValueError for invalid JSON."""
    stripped = text.strip()
    if not stripped:
        return None
    if stripped[0] not in "{[":
        return text
    try:
        value = json.loads(stripped)
    except json.JSONDecodeError as exc:
        raise ValueError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    if not isinstance(value, dict):
        raise ValueError("arguments in JSON must be an object {...}, not a list")
    return value


class ExpectationArgumentsScreen(ModalScreen[Any]):
    CANCELLED = object()
    """Dismissed with this when the curator cancels (None means: no arguments)."""

    DEFAULT_CSS = """
    ExpectationArgumentsScreen { align: center middle; }
    ExpectationArgumentsScreen > Vertical {
        width: 80%; height: auto; max-height: 90%; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ExpectationArgumentsScreen TextArea { height: 14; }
    ExpectationArgumentsScreen #arguments-error { color: $error; }
    """
    BINDINGS = [
        Binding("ctrl+s", "keep", "Keep", show=True),
        Binding("escape", "cancel", "Cancel", show=True),
    ]

    def __init__(self, tool_name: str, arguments: Any) -> None:
        super().__init__()
        self.tool_name = tool_name
        self.arguments = arguments

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = f"expected arguments of {one_line(self.tool_name, 40)}"
            yield Static(Text("A JSON object, or text describing the arguments."))
            yield TextArea(to_editor(arguments_to_text(self.arguments)), id="arguments-text")
            yield Static(id="arguments-error")
            yield Static(Text("ctrl+s: keep (an unsaved edit of the item)    escape: cancel"))

    def on_mount(self) -> None:
        self.query_one("#arguments-text", TextArea).focus()

    def action_keep(self) -> None:
        text = self.query_one("#arguments-text", TextArea).text
        if text == to_editor(arguments_to_text(self.arguments)):
            self.dismiss(self.arguments)
            return
        try:
            value = parse_arguments(from_editor(text))
        except ValueError as exc:
            self.query_one("#arguments-error", Static).update(Text(str(exc)))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(self.CANCELLED)
