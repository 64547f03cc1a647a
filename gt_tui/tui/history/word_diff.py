"""Word-level differences between two texts, as rich Text (never markup): removed words
struck through in the error colour, added words underlined in the success colour."""

from __future__ import annotations

import difflib
import json
import re
from typing import Any

from rich.text import Text

_TOKENS = re.compile(r"^\s+|\S+\s*")
REMOVED = "strike red"
ADDED = "underline green"
VALUE_WIDTH = 400
"""A non-text value is shown as JSON cut to this many characters."""


def tokens(text: str) -> list[str]:
    """Words, each with the whitespace after it (joined, they are `text` again): a change
    of several words is one removed run and one added run, not a word salad."""
    return _TOKENS.findall(text)


def word_diff(before: str, after: str) -> Text:
    """`before` turned into `after`, word by word."""
    old, new = tokens(before), tokens(after)
    shown = Text()
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            shown.append("".join(old[a0:a1]))
            continue
        removed, added = "".join(old[a0:a1]), "".join(new[b0:b1])
        if removed:
            shown.append(removed, style=REMOVED)
            if added and not removed[-1].isspace():
                shown.append(" ")  # the last word: keep the two runs apart
        if added:
            shown.append(added, style=ADDED)
    return shown


def plain_value(value: Any, present: bool = True) -> str:
    """One value as text: strings as they are, anything else as compact JSON."""
    if not present:
        return "(absent)"
    if isinstance(value, str):
        return value
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= VALUE_WIDTH else text[: VALUE_WIDTH - 1] + "…"


def value_diff(before: Any, after: Any, *, had: bool = True, has: bool = True) -> Text:
    """Two values of one field: texts word by word, anything else before -> after."""
    if had and has and isinstance(before, str) and isinstance(after, str):
        return word_diff(before, after)
    shown = Text()
    shown.append(plain_value(before, had), style=REMOVED)
    shown.append(" -> ")
    shown.append(plain_value(after, has), style=ADDED)
    return shown
