"""`g` on the item screen: every tag group, value and description, and the computed tags
with the rule that makes each."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from gt_tui.services.computed_tags import COMPUTED_TAG_RULES
from gt_tui.services.tag_vocabulary import TagVocabulary
from gt_tui.tui.widgets.footer import StableFooter


def glossary_text(vocabulary: TagVocabulary) -> Text:
    """Plain text (descriptions come from a file: never markup)."""
    text = Text()
    text.append("Manual tags\n", style="bold underline")
    for group in vocabulary.groups:
        text.append(f"{group.name}", style="bold")
        text.append("  (pick one)\n" if group.mutually_exclusive else "  (any number)\n")
        for value in group.values:
            text.append(f"  {group.tag(value):<32}")
            text.append(f"{group.descriptions.get(value, '')}\n")
    text.append("\nComputed tags (set by rules on every write)\n", style="bold underline")
    for rule in COMPUTED_TAG_RULES:
        text.append(f"{rule.group}:", style="bold")
        text.append(f"{'|'.join(rule.values)}\n")
        text.append(f"  {rule.rule}\n")
    return text


class TagGlossaryScreen(ModalScreen[None]):
    CSS_PATH = "tags.tcss"
    BINDINGS = [
        Binding("escape,q,g", "close", "Close", show=True, key_display="esc", id="glossary.close")
    ]

    def __init__(self, vocabulary: TagVocabulary) -> None:
        super().__init__()
        self.vocabulary = vocabulary

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="glossary-box", classes="tags-box"):
            yield Static(Text("Tag glossary", style="bold"), classes="tags-title")
            yield Static(glossary_text(self.vocabulary), id="glossary-text")
        yield StableFooter()

    def action_close(self) -> None:
        self.dismiss(None)
