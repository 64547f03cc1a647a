"""`t` on the item screen: pick manual tags from the vocabulary.

Type to filter, space (or 1-9 for the numbered rows) toggles, enter keeps the choice,
escape drops it. Picking a value of a mutually exclusive group replaces the old one.
Tags on the item that the vocabulary does not know are listed last and can be removed.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gt_tui.services.tag_vocabulary import TagVocabulary
from gt_tui.tui.widgets.footer import StableFooter

_FILTER_CHARS = set("abcdefghijklmnopqrstuvwxyz_:-")


def toggled(vocabulary: TagVocabulary, chosen: list[str], tag: str) -> list[str]:
    """`chosen` with `tag` flipped; an exclusive group keeps only the new value."""
    if tag in chosen:
        return [t for t in chosen if t != tag]
    name = tag.partition(":")[0]
    group = vocabulary.group(name)
    if group is not None and group.mutually_exclusive:
        chosen = [t for t in chosen if t.partition(":")[0] != name]
    return [*chosen, tag]


class TagPickerScreen(ModalScreen[list[str] | None]):
    CSS_PATH = "tags.tcss"
    AUTO_FOCUS = "#picker-list"
    BINDINGS = [
        Binding("enter", "done", "Keep", show=True, priority=True, id="picker.keep"),
        Binding("space", "toggle", "Toggle", show=True, id="picker.toggle"),
        Binding("escape", "cancel", "Cancel", show=True, id="picker.cancel"),
        Binding("backspace", "unfilter", "Erase filter", show=False, id="picker.unfilter"),
    ]

    def __init__(self, vocabulary: TagVocabulary, tags: list[str]) -> None:
        super().__init__()
        self.vocabulary = vocabulary
        self.chosen = list(tags)
        self.filter = ""
        self.numbered: list[str] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="picker-box", classes="tags-box"):
            yield Static(Text("Manual tags", style="bold"), classes="tags-title")
            yield Static(id="picker-filter")
            yield OptionList(id="picker-list")
            yield Static(id="picker-problems")
        yield StableFooter()

    def on_mount(self) -> None:
        self.refresh_list()

    def _row(self, tag: str, description: str, known: bool) -> Option:
        mark = "[x]" if tag in self.chosen else "[ ]"
        number = ""
        if len(self.numbered) < 9:
            self.numbered.append(tag)
            number = str(len(self.numbered))
        text = Text(f"{number:>2} {mark} {tag}")
        if description:
            text.append(f"  {description}", style="dim")
        if not known:
            text.append("  not in the vocabulary (space removes)", style="italic")
        return Option(text, id=f"tag:{tag}")

    def refresh_list(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        self.numbered = []
        needle = self.filter
        for group in self.vocabulary.groups:
            rows = [
                v
                for v in group.values
                if needle in group.tag(v) or needle in group.descriptions.get(v, "").lower()
            ]
            if not rows:
                continue
            kind = "pick one" if group.mutually_exclusive else "any number"
            options.add_option(Option(Text(f"{group.name} ({kind})", style="bold"), disabled=True))
            for value in rows:
                options.add_option(
                    self._row(group.tag(value), group.descriptions.get(value, ""), True)
                )
        unknown = [t for t in self.chosen if not self.vocabulary.knows(t) and needle in t]
        if unknown:
            options.add_option(Option(Text("not in the vocabulary", style="bold"), disabled=True))
            for tag in unknown:
                options.add_option(self._row(tag, "", False))
        if highlighted is not None and options.option_count:
            options.highlighted = min(highlighted, options.option_count - 1)
        elif options.option_count:
            options.action_first()
        shown = self.filter or "type to filter"
        self.query_one("#picker-filter", Static).update(Text(f"filter: {shown}"))
        problems = self.vocabulary.problems(self.chosen)
        self.query_one("#picker-problems", Static).update(Text("\n".join(problems)))

    def _flip(self, tag: str) -> None:
        self.chosen = toggled(self.vocabulary, self.chosen, tag)
        self.refresh_list()

    def action_toggle(self) -> None:
        options = self.query_one("#picker-list", OptionList)
        if options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id and not option.disabled:
            self._flip(option.id.removeprefix("tag:"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_done()

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and event.character != "0":
            index = int(event.character) - 1
            if index < len(self.numbered):
                self._flip(self.numbered[index])
            event.stop()
        elif event.character and event.character.lower() in _FILTER_CHARS:
            self.filter += event.character.lower()
            self.refresh_list()
            event.stop()

    def action_unfilter(self) -> None:
        self.filter = self.filter[:-1]
        self.refresh_list()

    def action_done(self) -> None:
        self.dismiss(self.chosen)

    def action_cancel(self) -> None:
        self.dismiss(None)
