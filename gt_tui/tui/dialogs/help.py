"""`?`: every key of the workstation, by screen, read from the BINDINGS themselves
(gt_tui.tui.keys), with the keymap (GT_KEYMAP) applied. It opens scrolled to the section of
where it was pressed (the focused list's, else the screen's); the others are a scroll away."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from gt_tui.tui.context import app_of
from gt_tui.tui.keys import binding_scopes, help_sections, own_bindings, section_of
from gt_tui.tui.widgets.footer import StableFooter


def section_text(title: str, rows: list[tuple[str, str]]) -> Text:
    text = Text()
    text.append(f"{title}\n", style="bold underline")
    for key, what in rows:
        text.append(f"  {key:<12}", style="bold")
        text.append(f"{what}\n")
    text.rstrip()
    return text


def help_text(sections: list[tuple[str, list[tuple[str, str]]]]) -> Text:
    text = Text()
    for title, rows in sections:
        text.append_text(section_text(title, rows))
        text.append("\n\n")
    return text


def section_in_focus(screen: Screen) -> str:
    """The help section of the focused widget with keys of its own (a list), else of the
    screen: where `?` was pressed."""
    node = screen.focused
    while node is not None and node is not screen:
        if own_bindings(type(node)):
            return section_of(type(node))
        node = node.parent
    return section_of(type(screen))


class HelpScreen(ModalScreen[None]):
    CSS_PATH = "help.tcss"
    BINDINGS = [
        Binding(
            "escape,q,question_mark",
            "close",
            "Close",
            show=True,
            key_display="esc",
            id="help.close",
        ),
    ]

    def __init__(self, section: str | None = None) -> None:
        super().__init__()
        self.section = section
        """The section shown first (scrolled to the top); None: the start."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("gt-tui keys", style="bold"), id="help-title")
            sections = help_sections(binding_scopes(type(self.app)), app_of(self).keymap)
            for title, rows in sections:
                yield Static(section_text(title, rows), classes="help-section", name=title)
        yield StableFooter()

    def on_mount(self) -> None:
        if self.section is None:
            return
        for section in self.query(".help-section"):
            if section.name == self.section:
                self.call_after_refresh(
                    self.query_one("#help-box", VerticalScroll).scroll_to_widget,
                    section,
                    animate=False,
                    top=True,
                )
                return

    def action_close(self) -> None:
        self.dismiss(None)
