"""The "Add reference" / "Edit reference" form: URL, title, key excerpt and, for multi-turn
items, the assistant turn it belongs to. `enter` keeps it (as an unsaved edit of the item),
`escape` cancels. A blank or malformed URL is refused in the form; the same URL twice on one
turn is a warning only."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from gt_tui.domain.models import Reference
from gt_tui.services.content_edits import ContentDraft, RefPlace, RefRow, url_problem
from gt_tui.services.references import moved_reference, new_reference
from gt_tui.tui.dialogs.styles import DIALOGS_TCSS
from gt_tui.tui.text import from_editor, one_line, to_editor
from gt_tui.tui.widgets.footer import StableFooter

ITEM_PLACE = -1
"""The Select value standing for the item's own references (Select needs a non-None value)."""


@dataclass(frozen=True)
class ReferenceFormResult:
    ref: Reference
    place: RefPlace
    warning: str | None = None


class ReferenceFormScreen(ModalScreen[ReferenceFormResult | None]):
    CSS_PATH = [DIALOGS_TCSS, "content_dialogs.tcss"]
    AUTO_FOCUS = "#ref-url"
    BINDINGS = [
        Binding("enter", "keep", "Keep", show=True, priority=False),
        Binding("escape", "cancel", "Cancel", show=True),
    ]

    def __init__(self, draft: ContentDraft, editing: RefRow | None = None) -> None:
        super().__init__()
        self._draft = draft
        self._editing = editing
        self._place: RefPlace = editing.place if editing else draft.default_place()

    def compose(self) -> ComposeResult:
        ref = self._editing.ref if self._editing else None
        title = "Edit reference" if ref else "Add reference"
        with Vertical(classes="dialog", id="reference-form"):
            yield Static(Text(title), classes="dialog-title")
            yield Label("URL", classes="dialog-label")
            yield Input(to_editor(ref.url if ref else ""), id="ref-url", placeholder="https://")
            yield Label("Title", classes="dialog-label")
            yield Input(to_editor(ref.title if ref else None), id="ref-title")
            yield Label(
                "Key excerpt (the passage that supports the answer)", classes="dialog-label"
            )
            yield Input(to_editor(ref.key_excerpt if ref else None), id="ref-excerpt")
            if self._draft.is_multi_turn:
                yield Label("Assistant turn it belongs to", classes="dialog-label")
                yield Select(
                    self._turn_options(),
                    value=ITEM_PLACE if self._place is None else self._place,
                    allow_blank=False,
                    id="ref-turn",
                )
            yield Static(id="ref-problem", classes="dialog-problem")
            yield Static(
                Text("enter: keep (unsaved until ctrl+s)    escape: cancel"), classes="dialog-keys"
            )
        yield StableFooter()

    def _turn_options(self) -> list[tuple[Text, int]]:
        history = self._draft.history or []
        turns = self._draft.assistant_turns()
        if self._place is not None and self._place not in turns:
            turns = sorted([*turns, self._place])  # a reference already on a user turn
        options = [
            (Text(f"turn {i + 1} ({one_line(history[i].role)}): {one_line(history[i].msg, 40)}"), i)
            for i in turns
        ]
        return [*options, (Text("the item itself (no turn)"), ITEM_PLACE)]

    def _chosen_place(self) -> RefPlace:
        if not self._draft.is_multi_turn:
            return None
        value = self.query_one("#ref-turn", Select).value
        return None if value in (ITEM_PLACE, Select.BLANK) else int(value)  # type: ignore[arg-type]

    def _check(self) -> tuple[str | None, str | None]:
        url = from_editor(self.query_one("#ref-url", Input).value).strip()
        problem = url_problem(url)
        editing = None
        place = self._chosen_place()
        if self._editing is not None and place == self._editing.place:
            editing = self._editing.index
        warning = None if problem else self._draft.duplicate_warning(place, url, editing)
        return problem, warning

    @on(Input.Changed, "#ref-url")
    @on(Select.Changed)
    def _show_problems(self) -> None:
        problem, warning = self._check()
        shown = self.query_one("#ref-problem", Static)
        if problem and self.query_one("#ref-url", Input).value:
            shown.update(Text(problem, style="bold"))
        elif warning:
            shown.update(Text(f"warning: {warning}"))
        else:
            shown.update("")

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_keep()

    def action_keep(self) -> None:
        problem, warning = self._check()
        if problem:
            self.query_one("#ref-problem", Static).update(Text(problem, style="bold"))
            self.query_one("#ref-url", Input).focus()
            return
        original = self._editing.ref if self._editing else None
        url = self._value("#ref-url", original.url if original else None) or ""
        title = self._value("#ref-title", original.title if original else None)
        excerpt = self._value("#ref-excerpt", original.key_excerpt if original else None)
        place = self._chosen_place()
        if self._editing is not None:
            ref = self._editing.ref.model_copy(deep=True)
            if place != self._editing.place:
                ref = moved_reference(ref, place)
            if ref.url != url:
                ref.visited_at = None  # a different page has not been visited
        else:
            ref = new_reference(url, turn=place)
        ref.url = url
        ref.title = title
        ref.key_excerpt = excerpt
        self.dismiss(ReferenceFormResult(ref, place, warning))

    def _value(self, selector: str, original: str | None) -> str | None:
        """The field's text; left as loaded, the stored value exactly (no spurious edit)."""
        value = self.query_one(selector, Input).value
        if original is not None and value == to_editor(original):
            return original
        return from_editor(value).strip() or None

    def action_cancel(self) -> None:
        self.dismiss(None)
