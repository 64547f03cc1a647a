"""JSON as plain text for a curator to read: pretty-printed, long values cut."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text

from gt_tui.domain.text import visible

MAX_LINES = 24
"""Lines of one value shown before the rest is cut with "… N more lines"."""


def pretty_lines(value: Any) -> list[str]:
    """A string is shown as its own lines; anything else as indented JSON."""
    if isinstance(value, str):
        return value.splitlines() or [""]
    return json.dumps(value, indent=2, ensure_ascii=False, sort_keys=False).splitlines()


def cut(lines: list[str], limit: int = MAX_LINES) -> list[str]:
    if len(lines) <= limit:
        return lines
    hidden = len(lines) - limit
    return [*lines[:limit], f"… {hidden} more line{'s' if hidden != 1 else ''}"]


def json_text(value: Any, limit: int = MAX_LINES) -> Text:
    """Plain text (never markup) of `value`, at most `limit` lines plus the cut line."""
    return Text(visible("\n".join(cut(pretty_lines(value), limit))))
