"""`ctrl+e`: the focused text field (a TextArea or an Input, on any screen) goes to the
curator's `$VISUAL` / `$EDITOR` while the app is suspended (Textual's App.suspend); what
comes back replaces the field's text as an ordinary edit (the section's Changed message
makes it an unsaved edit). With no text field focused, a screen that edits a whole item
(EditsWholeItem: the item screen) hands over the whole item as JSON instead. Under
`gt-tui serve` there is no terminal to hand over: the key says so. The editor run and its
checks are services.external_editor's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual.app import App, SuspendNotSupported
from textual.widgets import Input, TextArea

from gt_tui.services.external_editor import EditKind, EditOutcome, edit

NO_FIELD = "ctrl+e opens the focused text field in $VISUAL / $EDITOR: focus a text field first."


@runtime_checkable
class EditsWholeItem(Protocol):
    """A screen whose `ctrl+e` without a focused text field edits its whole item."""

    def edit_whole_item(self) -> None: ...


NO_TERMINAL = "No terminal to hand over here (gt-tui serve): ctrl+e works when gt-tui runs in one."


def edit_focused_field(app: App) -> None:
    widget = app.focused
    if not isinstance(widget, TextArea | Input) or widget.disabled or _read_only(widget):
        if isinstance(app.screen, EditsWholeItem):
            app.screen.edit_whole_item()
        else:
            app.notify(NO_FIELD, markup=False)
        return
    text = widget.text if isinstance(widget, TextArea) else widget.value
    outcome = run_editor(app, text, EditKind.text)
    if outcome is None or outcome.value == text:
        return
    if isinstance(widget, TextArea):
        widget.replace(outcome.value, (0, 0), widget.document.end)
    else:
        widget.value = " ".join(outcome.value.splitlines())


def run_editor(
    app: App, value: Any, kind: EditKind, *, accept: Callable[[Any], str | None] | None = None
) -> EditOutcome | None:
    """The app suspended while the editor runs `value`; None (and a notice saying why)
    when nothing comes back: no terminal, or the edit was dropped."""
    try:
        with app.suspend():
            outcome = edit(value, kind, accept=accept)
    except SuspendNotSupported:
        app.notify(NO_TERMINAL, markup=False)
        return None
    if outcome.dropped:
        app.notify(f"Edit dropped: {outcome.reason}.", markup=False)
        return None
    return outcome


def _read_only(widget: TextArea | Input) -> bool:
    return bool(getattr(widget, "read_only", False))
