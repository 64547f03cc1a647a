"""The review queue (`v` on the queue, for leads under GT_REVIEW=leads): approvals waiting
for review, `a` accept, `x` send back with a note."""

from gt_tui.tui.review.screen import ReviewQueueScreen, SendBackDialog

__all__ = ["ReviewQueueScreen", "SendBackDialog"]
