"""The item history pane (`h` on the item screen): revisions newest first, per-field
differences, and `enter` to bring old values back as unsaved edits."""

from gt_tui.tui.history.screen import HistoryScreen

__all__ = ["HistoryScreen"]
