"""`h` on the item screen: the item's revisions, newest first (who, when, what), with each
changed field's difference (word by word for text). `enter` brings back the checked fields
as they were before the highlighted change: the screen is dismissed with them (alias ->
value), for the item screen to load as unsaved edits (then `ctrl+s` saves, with the etag).
`space` toggles the highlighted field, `escape` closes without changes."""

from __future__ import annotations

from typing import Any, Protocol

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from gt_tui.domain.revisions import Revision, RevisionChange
from gt_tui.services.history import restorable
from gt_tui.tui.history.word_diff import value_diff
from gt_tui.tui.widgets.footer import StableFooter

ROW_FIELDS = 3
"""Changed fields named on a revision's row (the rest are counted)."""


class ItemHistorySource(Protocol):
    async def item_history(self, dataset_name: str, item_id: str) -> list[Revision]: ...


def when(revision: Revision) -> str:
    return revision.at.strftime("%Y-%m-%d %H:%M")


def revision_row(revision: Revision) -> Text:
    """`#n  when  who  operation  fields` (plain text: names are never markup)."""
    row = Text(f"#{revision.number:<3} {when(revision)}  ")
    row.append(revision.by or "(unknown)", style="bold")
    row.append(f"  {revision.op}")
    names = list(revision.changes)
    if revision.change != RevisionChange.updated:
        what = str(revision.change)  # created / removed: every field, not worth listing
    else:
        what = ", ".join(names[:ROW_FIELDS])
        if len(names) > ROW_FIELDS:
            what += f" +{len(names) - ROW_FIELDS}"
    if what:
        row.append(f"  {what}", style="dim")
    return row


class HistoryScreen(ModalScreen[dict[str, Any] | None]):
    CSS_PATH = "history.tcss"
    AUTO_FOCUS = "#history-revisions"
    BINDINGS = [
        Binding("enter", "restore", "Bring back", show=True, priority=True, id="history.restore"),
        Binding("space", "toggle", "Toggle field", show=True, id="history.toggle"),
        Binding("escape", "close", "Close", show=True, id="history.close"),
    ]

    def __init__(self, history: ItemHistorySource, dataset_name: str, item_id: str) -> None:
        super().__init__()
        self.history = history
        self.dataset_name = dataset_name
        self.item_id = item_id
        self.revisions: list[Revision] = []
        self.unchecked: set[str] = set()
        """Fields of the highlighted revision left out of `enter` (space toggles)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="history-box"):
            title = Text("History of ", style="bold")
            title.append(f"{self.dataset_name}/{self.item_id}")
            yield Static(title, id="history-title")
            with Horizontal(id="history-panes"):
                yield OptionList(id="history-revisions")
                with Vertical(id="history-detail"):
                    yield Static(id="history-summary")
                    yield OptionList(id="history-fields")
            yield Static(id="history-hint")
        yield StableFooter()

    def on_mount(self) -> None:
        self.query_one("#history-summary", Static).update(Text("loading…", style="dim"))
        self.run_worker(self._load(), exclusive=True)

    async def _load(self) -> None:
        self.revisions = await self.history.item_history(self.dataset_name, self.item_id)
        revisions = self.query_one("#history-revisions", OptionList)
        revisions.clear_options()
        revisions.add_options(
            [Option(revision_row(r), id=f"rev:{r.number}") for r in self.revisions]
        )
        if self.revisions:
            revisions.highlighted = 0
        else:
            self.query_one("#history-summary", Static).update(
                Text("no revisions recorded for this item yet")
            )

    @property
    def current(self) -> Revision | None:
        index = self.query_one("#history-revisions", OptionList).highlighted
        if index is None or not 0 <= index < len(self.revisions):
            return None
        return self.revisions[index]

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "history-revisions":
            self.unchecked = set()
            self._show(self.current)

    def _show(self, revision: Revision | None) -> None:
        fields = self.query_one("#history-fields", OptionList)
        highlighted = fields.highlighted
        fields.clear_options()
        if revision is None:
            return
        summary = Text(f"#{revision.number} {revision.op} by ")
        summary.append(revision.by or "(unknown)", style="bold")
        summary.append(f" at {revision.at.strftime('%Y-%m-%d %H:%M:%S')} UTC ({revision.change})")
        self.query_one("#history-summary", Static).update(summary)
        wanted = restorable(revision)
        for name, change in revision.changes.items():
            prompt = Text(self._mark(name, wanted))
            prompt.append(name, style="bold")
            prompt.append("\n")
            prompt.append_text(
                value_diff(change.before, change.after, had=change.has_before, has=change.has_after)
            )
            fields.add_option(Option(prompt, id=f"field:{name}"))
        if fields.option_count:
            keep = highlighted is not None and highlighted < fields.option_count
            fields.highlighted = highlighted if keep else 0
        hint = (
            "enter brings back the checked fields as they were before this change "
            "(unsaved edits); space toggles a field"
            if wanted
            else "nothing to bring back from this revision (no field a curator edits)"
        )
        self.query_one("#history-hint", Static).update(Text(hint, style="dim"))

    def _mark(self, name: str, wanted: dict[str, Any]) -> str:
        """[x] a field enter brings back, [ ] one toggled off, blank one it never does."""
        if name not in wanted:
            return "    "
        return "[ ] " if name in self.unchecked else "[x] "

    def chosen(self) -> dict[str, Any]:
        """The checked fields of the highlighted revision, as they were before it."""
        revision = self.current
        if revision is None:
            return {}
        return {k: v for k, v in restorable(revision).items() if k not in self.unchecked}

    def action_toggle(self) -> None:
        fields = self.query_one("#history-fields", OptionList)
        revision = self.current
        if revision is None or fields.highlighted is None:
            return
        option = fields.get_option_at_index(fields.highlighted)
        name = (option.id or "").removeprefix("field:")
        if name not in restorable(revision):
            return
        self.unchecked ^= {name}
        self._show(revision)

    def action_restore(self) -> None:
        chosen = self.chosen()
        if not chosen:
            self.notify("nothing to bring back from this revision", severity="warning")
            return
        self.dismiss(chosen)

    def action_close(self) -> None:
        self.dismiss(None)
