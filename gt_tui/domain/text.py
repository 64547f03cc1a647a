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


def _is_tagged(code: int) -> bool:
    """A C1 control or a format character (category Cf) of this Python's Unicode database."""
    return 0x80 <= code < 0xA0 or unicodedata.category(chr(code)) == "Cf"


class _DisplayMap(dict[int, "str | int"]):
    """The str.translate table, filled per code point on first sight.

    Scanning all of Unicode for format characters at import took tens of milliseconds of
    every start-up; a miss here costs one category lookup, and every hit after it is a
    plain dict lookup in C.
    """

    def __missing__(self, code: int) -> str | int:
        shown: str | int = _tag(code) if _is_tagged(code) else code
        self[code] = shown
        return shown


def _char_of_tag(tag: str) -> str:
    """The character a tag stands for; a tag that names no tagged character stays text."""
    code = int(tag[3:-1], 16)
    if code > 0x10FFFF or _tag(code) != tag or not _is_tagged(code):
        return tag
    return chr(code)


_DISPLAY = _DisplayMap(_C0_TO_PICTURE)
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
        return _PICTURE_TO_C0.get(found) or _char_of_tag(found)

    return _FROM_EDITOR.sub(back, value)


def _json_escape(code: int) -> str:
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    high, low = 0xD800 + ((code - 0x10000) >> 10), 0xDC00 + ((code - 0x10000) & 0x3FF)
    return f"\\u{high:04x}\\u{low:04x}"


class _JsonEscapeMap(dict[int, "str | int"]):
    """DEL, C1 and format characters as JSON \\u escapes, filled per code point (as
    _DisplayMap, so start-up does not scan Unicode)."""

    def __missing__(self, code: int) -> str | int:
        shown: str | int = _json_escape(code) if code == 0x7F or _is_tagged(code) else code
        self[code] = shown
        return shown


_JSON_ESCAPED = _JsonEscapeMap()


def terminal_safe_json(text: str) -> str:
    """JSON text (from json.dumps(..., ensure_ascii=False)) with DEL, C1 controls and
    format characters written as \\u escapes: the values parse back to the raw stored text,
    and nothing reaches a terminal as itself (json.dumps already escapes C0 controls)."""
    return text.translate(_JSON_ESCAPED)
