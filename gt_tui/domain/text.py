"""Stored text made visible and inert, for every screen and every CLI line.

Curated data is untrusted: "\\x1b[2J", an 8-bit CSI (U+009B) or a bidi override (U+202E)
must never reach a terminal as itself. `visible()` is the one function the TUI and the
commands use: C0 controls become Unicode control pictures (␛), and C1 controls and
format characters (category Cf: bidi embeddings and isolates, zero-width space and
joiner, BOM, ...) become a visible tag U+XXXX in
single angle quotes (U+2039, U+203A). The editor pair `to_editor()` /
`from_editor()` uses the same forms and maps them back, so a field round-trips every
character the curator did not touch, including C1 controls.
"""

from __future__ import annotations

import re
import unicodedata

_KEEP = {"\n", "\t"}
_C0_TO_PICTURE = {i: 0x2400 + i for i in range(0x20) if chr(i) not in _KEEP}
_C0_TO_PICTURE[0x7F] = 0x2421  # DEL -> ␡
_PICTURE_TO_C0 = {chr(picture): chr(code) for code, picture in _C0_TO_PICTURE.items()}


_OPEN, _CLOSE = "\u2039", "\u203a"


def _tag(code: int) -> str:
    return f"{_OPEN}U+{code:04X}{_CLOSE}"


def _tagged_codes() -> list[int]:
    """C1 controls and every format character this Python's Unicode database knows (format
    characters live only in planes 0, 1 and 14; scanning just those keeps import fast)."""
    codes = list(range(0x80, 0xA0))
    for plane in (range(0xA0, 0x20000), range(0xE0000, 0xE1000)):
        codes += [c for c in plane if unicodedata.category(chr(c)) == "Cf"]
    return codes


_TAGGED = _tagged_codes()
_DISPLAY: dict[int, str | int] = {**_C0_TO_PICTURE, **{c: _tag(c) for c in _TAGGED}}
_TAG_TO_CHAR = {_tag(c): chr(c) for c in _TAGGED}
_FROM_EDITOR = re.compile(
    _OPEN + r"U\+[0-9A-F]{4,6}" + _CLOSE + "|[" + "".join(_PICTURE_TO_C0) + "]"
)


def visible(value: str | None) -> str:
    """The string with every control and format character (except newline, tab) visible."""
    return (value or "").translate(_DISPLAY)


def one_line(value: str | None, limit: int | None = None) -> str:
    """Visible text squeezed onto one line (for table cells and CLI lines), maybe shortened."""
    text = " ".join(visible(value).split())
    if limit is not None and len(text) > limit:
        text = text[: max(limit - 1, 0)] + "…"
    return text


def to_editor(value: str | None) -> str:
    """Text to load into an editor widget: the same visible forms as visible()."""
    return visible(value)


def from_editor(value: str) -> str:
    """Undo to_editor for what a curator kept (or typed: a tag U+200B inserts a ZWSP)."""

    def back(match: re.Match[str]) -> str:
        found = match.group(0)
        return _PICTURE_TO_C0.get(found) or _TAG_TO_CHAR.get(found, found)

    return _FROM_EDITOR.sub(back, value)


_JSON_ESCAPED = {code: f"\\u{code:04x}" for code in (0x7F, *_TAGGED) if code <= 0xFFFF}
_JSON_ESCAPED.update(
    {
        c: f"\\u{0xD800 + ((c - 0x10000) >> 10):04x}\\u{0xDC00 + ((c - 0x10000) & 0x3FF):04x}"
        for c in _TAGGED
        if c > 0xFFFF
    }
)


def terminal_safe_json(text: str) -> str:
    """JSON text (from json.dumps(..., ensure_ascii=False)) with DEL, C1 controls and
    format characters written as \\u escapes: the values parse back to the raw stored text,
    and nothing reaches a terminal as itself (json.dumps already escapes C0 controls)."""
    return text.translate(_JSON_ESCAPED)
