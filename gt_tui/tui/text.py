"""Item text as plain, inert text: no markup is parsed and no control byte reaches the terminal.

Curated data is untrusted: a question may hold "[@click=app.quit]x[/]" or "\\x1b[2J". Every
widget that shows item text gets it through these helpers: `plain()` returns a rich Text
(never parsed as markup) made visible by gt_tui.domain.text (shared with the CLI), which
also holds the lossless editor pair `to_editor()` / `from_editor()`.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

from gt_tui.domain.text import from_editor, one_line, to_editor, visible

__all__ = [
    "age_text",
    "from_editor",
    "one_line",
    "parse_tags",
    "plain",
    "plain_line",
    "to_editor",
    "visible",
]


def plain(value: str | None, style: str = "") -> Text:
    """A rich Text that shows `value` literally: markup is never parsed."""
    return Text(visible(value), style=style)


def plain_line(value: str | None, limit: int | None = None, style: str = "") -> Text:
    return Text(one_line(value, limit), style=style)


def age_text(since: datetime | None, now: datetime) -> str:
    """A short age like 45s, 12m, 3h, 2d (from the injected clock, never the wall clock)."""
    if since is None:
        return "-"
    seconds = max(int((now - since).total_seconds()), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def parse_tags(text: str) -> list[str]:
    """Comma-separated tags: trimmed, blanks dropped, duplicates removed, order kept."""
    return list(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
