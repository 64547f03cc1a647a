"""The item screen's text and tag sections: each loads its part of the ItemDraft and posts
`ItemSection.Changed` when the curator changes it (the screen redraws the dirty marker,
journals the draft and handles decisions).

A text field is one row of a table: `TextSpec` names the draft attribute, the label and
the editor, and `TextSection(spec)` is its section. An editor left as loaded keeps the
stored value exactly (None stays None), so only what the curator typed is a change.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Size
from textual.message import Message
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Input, Label, Static, TextArea

from gt_tui.services.item_draft import ItemDraft
from gt_tui.tui.context import workstation
from gt_tui.tui.text import from_editor, parse_tags, plain, to_editor


def laid_out_height(widget: Widget, content_height: Callable[[], int]) -> int:
    """The height a layout would give `widget` for `content_height()` lines: its gutter
    added and its min/max-height applied, or its size where the stylesheet sets a height
    (content_height is not asked then)."""
    styles = widget.styles
    if styles.height is not None and not styles.height.is_auto:
        return widget.size.height  # set by the stylesheet, not by the content
    height = content_height() + widget.gutter.height
    for limit, pick in (styles.max_height, min), (styles.min_height, max):
        if limit is not None:
            height = pick(height, int(limit.resolve(widget.container_size, widget.app.size)))
    return height


class Shown(Static):
    """A Static updated only when its text changes, and relaid out only when its height
    does: a layout is a reflow of the whole screen and a repaint of what moved, most of
    what moving to the next item cost. Text of the same height repaints in place."""

    _shown: Text | None = None

    @property
    def shown(self) -> Text | None:
        """The text shown (None before the first `show`)."""
        return self._shown

    def show(self, text: Text, *, layout: bool = True) -> None:
        """`layout=False` where the widget's size is fixed (no relayout needed)."""
        if self._shown == text:
            return
        self._shown = text
        if not layout or not self.size:  # fixed, or never laid out: no height to keep
            self.update(text, layout=layout)
            return
        self.update(text, layout=False)
        if self.fitted_height() != self.size.height:
            self.refresh(layout=True)

    def fitted_height(self) -> int:
        """The height a layout would give this widget for its current text (at its width)."""
        return laid_out_height(
            self,
            lambda: self.get_content_height(
                self.container_size, self.app.size, self.content_size.width
            ),
        )


class LineEditor(Input):
    """A one-line editor whose text length never relays out the screen. Textual's Input
    asks for a layout whenever its text gets longer or shorter (its virtual width), but a
    line editor has no scrollbar and its size is set by the stylesheet: a repaint will do."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)


class TextEditor(TextArea):
    """A TextArea that relays out the screen only when its height or its scrollbar would
    change: Textual's asks for a layout whenever its number of wrapped lines changes,
    though an editor of reserved height (the answer's) stays the same size."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)

    def watch_virtual_size(self, before: Size, after: Size) -> None:
        room = self.scrollable_content_region.height
        if (
            before.height > room
            or after.height > room
            or laid_out_height(self, lambda: after.height) != self.size.height
        ):
            self.refresh(layout=True)


class ItemSection(Vertical):
    """One part of the item screen over the screen's ItemDraft."""

    DEFAULT_CSS = "ItemSection { height: auto; }"

    class Changed(Message):
        """The curator changed this section's part of the draft."""

        def __init__(self, section: ItemSection) -> None:
            super().__init__()
            self.section = section

    draft: ItemDraft | None = None

    def load(self, draft: ItemDraft) -> None:
        """Show `draft`'s part (a new item, or the same one after a merge or restore)."""
        self.draft = draft
        self.fill(draft)

    def fill(self, draft: ItemDraft) -> None:
        raise NotImplementedError

    def changed(self) -> None:
        self.post_message(self.Changed(self))


def editor_value(text: str, stored: str | None) -> str | None:
    """What an editor holds: the stored value itself while its text is as loaded."""
    return stored if text == to_editor(stored) else from_editor(text)


@dataclass(frozen=True)
class TextSpec:
    """One editable text field of the item screen."""

    field: str
    """The ItemDraft attribute (a DraftField of services.draft_fields)."""
    label: str
    editor_id: str
    multiline: bool = True
    short: bool = False
    """A multi-line editor that grows to 4 lines, not 8."""
    turns_for_agentic: bool = False
    """Read-only on an agentic item, whose conversation turns hold this text."""


EDITED_QUESTION = TextSpec(
    "edited_question",
    "Edited question (empty: the synthetic one is used)",
    "edited-question",
    short=True,
    turns_for_agentic=True,
)
ANSWER = TextSpec("answer", "Answer", "answer", turns_for_agentic=True)
COMMENT = TextSpec("comment", "Comment", "comment", multiline=False)


class TextSection(ItemSection):
    """A label and an editor for one text field of the draft."""

    def __init__(self, spec: TextSpec) -> None:
        super().__init__(id=f"{spec.editor_id}-section")
        self.spec = spec

    def compose(self) -> ComposeResult:
        spec = self.spec
        yield Label(spec.label, classes="section")
        if spec.multiline:
            classes = "editor short" if spec.short else "editor"
            yield TextEditor(id=spec.editor_id, classes=classes, soft_wrap=True)
        else:
            yield LineEditor(id=spec.editor_id, classes="editor")

    def fill(self, draft: ItemDraft) -> None:
        text = to_editor(getattr(draft, self.spec.field))
        editor = self.query_one(f"#{self.spec.editor_id}")
        if isinstance(editor, TextArea):
            in_turns = self.spec.turns_for_agentic and draft.base.is_agentic
            editor.read_only = in_turns
            if editor.has_class("-in-turns") != in_turns:  # agentic: no height reserved
                editor.set_class(in_turns, "-in-turns")
            editor.load_text(text)
        else:
            assert isinstance(editor, Input)
            editor.value = text

    @on(TextArea.Changed)
    @on(Input.Changed)
    def _edited(self, event: TextArea.Changed | Input.Changed) -> None:
        event.stop()
        if self.draft is None:
            return
        editor = event.control
        text = editor.text if isinstance(editor, TextArea) else editor.value
        value = editor_value(text, getattr(self.draft.base, self.spec.field))
        if value == getattr(self.draft, self.spec.field):
            return  # as loaded (a new item's text arriving): nothing changed
        setattr(self.draft, self.spec.field, value)
        self.changed()


class QuestionSection(TextSection):
    """The synthetic question as generated, above the curator's edited question."""

    def __init__(self) -> None:
        super().__init__(EDITED_QUESTION)

    def compose(self) -> ComposeResult:
        yield Label("Synthetic question", classes="section")
        yield Shown(id="synth-question")
        yield from super().compose()

    def fill(self, draft: ItemDraft) -> None:
        # An agentic item (GTC 2.x) has no synthQuestion: its question is its first user
        # turn, and question and answer are edited as turns, not in these editors.
        item = draft.base
        asked = item.question if item.synth_question is None else item.synth_question
        self.query_one("#synth-question", Shown).show(plain(asked))
        super().fill(draft)


class TagsSection(ItemSection):
    """Manual tags (checked like the picker as they are typed) and the computed ones."""

    def __init__(self) -> None:
        super().__init__(id="tags-section")

    def compose(self) -> ComposeResult:
        yield Label("Manual tags (comma-separated)", classes="section")
        # validate_on=[]: Input's own validation (none here) would take away the -invalid
        # class set below on every new value, restyling the field twice per item.
        yield LineEditor(id="manual-tags", classes="editor", validate_on=[])
        # One line kept for the problems (the whole text in its tooltip), empty for most
        # items, in place of the label's margin: the next item's problems (or none) never
        # move what is below.
        yield Shown(id="manual-tags-problems")
        yield Label("Computed tags", classes="section", id="computed-tags-label")
        yield Shown(id="computed-tags")

    def fill(self, draft: ItemDraft) -> None:
        self.query_one("#manual-tags", Input).value = to_editor(", ".join(draft.manual_tags))

    def show_computed(self, tags: list[str]) -> None:
        """The computed tags as the derivations see the draft."""
        self.query_one("#computed-tags", Shown).show(plain(", ".join(tags) or "(none)"))

    def pick(self) -> None:
        """`t`: the tag picker; its choice goes into the editor (an edit like typing)."""
        from gt_tui.tui.item.tag_picker import TagPickerScreen

        if self.draft is None:
            return

        def picked(chosen: list[str] | None) -> None:
            if chosen is not None:
                self.set_tags(chosen)

        vocabulary = workstation(self).services.tags.vocabulary
        self.app.push_screen(TagPickerScreen(vocabulary, list(self.draft.manual_tags)), picked)

    def glossary(self) -> None:
        """`g`: what each tag of the vocabulary means."""
        from gt_tui.tui.item.tag_glossary import TagGlossaryScreen

        self.app.push_screen(TagGlossaryScreen(workstation(self).services.tags.vocabulary))

    def set_tags(self, tags: list[str]) -> None:
        """Put `tags` in the editor (the picker's choice); the change follows as typed."""
        self.query_one("#manual-tags", Input).value = to_editor(", ".join(tags))

    @on(Input.Changed, "#manual-tags")
    def _edited(self, event: Input.Changed) -> None:
        """The text field is checked like the picker; under reject the save is refused."""
        event.stop()
        if self.draft is None:
            return
        value = event.input.value
        base = self.draft.base
        if value == to_editor(", ".join(base.manual_tags)):
            tags = list(base.manual_tags)
        else:
            tags = parse_tags(from_editor(value))
        self._show_problems(event.input, tags)
        if tags == self.draft.manual_tags:
            return  # as loaded: nothing changed
        self.draft.manual_tags = tags
        self.changed()

    def _show_problems(self, field: Input, tags: list[Any]) -> None:
        vocabulary = workstation(self).services.tags
        problems = vocabulary.problems(tags)
        note = "; ".join(problems)
        if problems and vocabulary.policy == "reject":
            note += " (GT_TAG_POLICY=reject: fix before saving)"
        shown = self.query_one("#manual-tags-problems", Shown)
        text = plain(note)
        if text != shown.shown:
            shown.show(text, layout=False)
            shown.tooltip = text if note else None  # a Text: tags are never markup
        # A class only when it changes: each change restyles the widget.
        if field.has_class("-invalid") != bool(problems):
            field.set_class(bool(problems), "-invalid")
