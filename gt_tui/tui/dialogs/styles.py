"""Where the dialogs' shared stylesheet is, for dialogs of every feature package."""

from __future__ import annotations

from pathlib import Path

DIALOGS_TCSS = Path(__file__).with_name("dialogs.tcss")
"""The look every dialog shares (a feature package's dialog names it in its CSS_PATH)."""
