"""The review queue (`v` on the queue, for leads under GT_REVIEW=leads): approvals waiting
for review, `a` accept, `x` send back with a note; and the item screen's send-back note."""

from gt_tui.tui.review.note_banner import ReviewNoteBanner, note_text
from gt_tui.tui.review.screen import ReviewQueueScreen, SendBackDialog

__all__ = ["ReviewNoteBanner", "ReviewQueueScreen", "SendBackDialog", "note_text"]
