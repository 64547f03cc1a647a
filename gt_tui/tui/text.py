"""Item text as plain, inert text: no markup is parsed and no control byte reaches the terminal.

Curated data is untrusted: a question may hold "[@click=app.quit]x[/]" or "\\x1b[2J". Every
widget that shows item text gets it through these helpers: `plain()` returns a rich Text
(never parsed as markup) with control characters replaced by visible symbols, and the
editor pair `to_editor()` / `from_editor()` maps C0 controls to the Unicode "control
pictures" block and back, so an edited field round-trips what the curator did not touch.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text

_KEEP = {"\n", "\t"}
_C0_TO_PICTURE = {i: 0x2400 + i for i in range(0x20) if chr(i) not in _KEEP}
_C0_TO_PICTURE[0x7F] = 0x2421  # DEL -> ␡
_PICTURE_TO_C0 = {picture: code for code, picture in _C0_TO_PICTURE.items()}
_C1 = {i: 0xFFFD for i in range(0x80, 0xA0)}  # C1 controls (8-bit CSI etc.) -> �
_DISPLAY = {**_C0_TO_PICTURE, **_C1}


def visible(value: str | None) -> str:
    """The string with every control character (except newline and tab) made visible."""
    return (value or "").translate(_DISPLAY)


def one_line(value: str | None, limit: int | None = None) -> str:
    """Visible text squeezed onto one line (for table cells), optionally shortened."""
    text = " ".join(visible(value).split())
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def plain(value: str | None, style: str = "") -> Text:
    """A rich Text that shows `value` literally: markup is never parsed."""
    return Text(visible(value), style=style)


def plain_line(value: str | None, limit: int | None = None, style: str = "") -> Text:
    return Text(one_line(value, limit), style=style)


def to_editor(value: str | None) -> str:
    """Text to load into an editor widget: C0 controls become control pictures."""
    return (value or "").translate(_DISPLAY)


def from_editor(value: str) -> str:
    """Undo to_editor for what a curator typed or kept (control pictures -> controls)."""
    return value.translate(_PICTURE_TO_C0)


def age_text(since: datetime | None, now: datetime) -> str:
    """A short age like 45s, 12m, 3h, 2d (from the injected clock, never the wall clock)."""
    if since is None:
        return "-"
    seconds = max(int((now - since).total_seconds()), 0)
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"
