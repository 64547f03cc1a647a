"""Read-only pieces of an item: references and multi-turn history, all as plain text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from gt_tui.domain.models import HistoryTurn, Reference
from gt_tui.tui.text import one_line, visible


def reference_header(index: int, ref: Reference) -> Text:
    text = Text()
    text.append(f"[{index}] ", style="bold")
    text.append(one_line(ref.title) or "(untitled)", style="bold")
    if ref.bonus:
        text.append("  bonus", style="italic")
    text.append("\n")
    text.append(one_line(ref.url), style="underline")
    if ref.key_excerpt:
        text.append("\n“")
        text.append(visible(ref.key_excerpt), style="italic")
        text.append("”")
    return text


class ReferenceView(Vertical):
    """Title, url and key excerpt, with the full content in its own scroll box."""

    DEFAULT_CSS = """
    ReferenceView { height: auto; margin: 0 0 1 0; border-left: thick $accent; padding: 0 1; }
    ReferenceView > .ref-content {
        height: auto; max-height: 6; background: $boost; padding: 0 1; }
    """

    def __init__(self, index: int, ref: Reference) -> None:
        super().__init__()
        self._index = index
        self._ref = ref

    def compose(self) -> ComposeResult:
        yield Static(reference_header(self._index, self._ref), classes="ref-head")
        content = VerticalScroll(classes="ref-content")
        content.display = bool(self._ref.content)
        with content:
            yield Static(Text(visible(self._ref.content or "")), classes="ref-text")

    def show(self, index: int, ref: Reference) -> None:
        """Show another reference in place: cheaper than mounting a new view per item."""
        self._index = index
        self._ref = ref
        self.query_one(".ref-head", Static).update(reference_header(index, ref))
        content = self.query_one(".ref-content", VerticalScroll)
        content.display = bool(ref.content)
        self.query_one(".ref-text", Static).update(Text(visible(ref.content or "")))
        content.scroll_home(animate=False)


class TurnView(Vertical):
    """One turn of a multi-turn conversation with the references it cites."""

    DEFAULT_CSS = """
    TurnView { height: auto; margin: 0 0 1 0; }
    TurnView > .turn-msg { padding: 0 1; }
    TurnView > ReferenceView { margin-left: 4; }
    """

    def __init__(self, number: int, turn: HistoryTurn) -> None:
        super().__init__()
        self._number = number
        self._turn = turn

    def compose(self) -> ComposeResult:
        head = Text()
        head.append(f"{self._number}. {self._turn.role}: ", style="bold")
        head.append(visible(self._turn.msg))
        if self._turn.expected_behavior:
            head.append("\n   expected: ", style="italic")
            head.append(visible(", ".join(self._turn.expected_behavior)), style="italic")
        yield Static(head, classes="turn-msg")
        for index, ref in enumerate(self._turn.refs, start=1):
            yield ReferenceView(index, ref)
