"""The send-back note at the top of the item screen: what the lead asked to change, who and
when; hidden for an item without one (or once it is approved again)."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from gt_tui.domain.models import GroundTruthItem
from gt_tui.domain.review import ReviewState, review_of


def note_text(item: GroundTruthItem) -> Text | None:
    """The banner's text, None when the item has no send-back note to show."""
    review = review_of(item)
    if review is None or review.state != ReviewState.sent_back or not review.note:
        return None
    shown = Text("Sent back", style="bold")
    if review.reviewed_by:
        shown.append(f" by {review.reviewed_by}")
    if review.reviewed_at:
        shown.append(f" on {review.reviewed_at.strftime('%Y-%m-%d %H:%M')}")
    shown.append(": ")
    shown.append(review.note)  # plain text: a note is never markup
    return shown


class ReviewNoteBanner(Static):
    DEFAULT_CSS = """
    ReviewNoteBanner { height: auto; padding: 0 1; background: $warning 20%; color: $text; }
    ReviewNoteBanner.-hidden { display: none; }
    """

    _shown: Text | None = None

    def show_item(self, item: GroundTruthItem) -> None:
        """Changes only what differs: most items have no note, and an update or a class
        change makes the next frame lay out the whole screen again."""
        text = note_text(item)
        if self.has_class("-hidden") != (text is None):
            self.set_class(text is None, "-hidden")
        if text != self._shown:
            self._shown = text
            self.update(text or "")
