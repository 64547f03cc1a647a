"""The one-line filter syntax the CLI shares with the explorer: words `key:value`, a
value with spaces in quotes (`text:"lost 5G"`), words combined with AND."""

from __future__ import annotations

import shlex
from datetime import UTC, datetime


class FilterSyntaxError(ValueError):
    """A filter that cannot be read; the message names the word and what is expected."""


def filter_words(text: str, known: tuple[str, ...]) -> list[tuple[str, str]]:
    """(key, value) per word, keys lower-cased; FilterSyntaxError for an unknown key, a
    word without `:` or unbalanced quotes."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise FilterSyntaxError(f"{text!r}: {exc}") from None
    pairs = []
    for word in words:
        key, colon, value = word.partition(":")
        key = key.strip().lower()
        if not colon or key not in known:
            raise FilterSyntaxError(
                f"{word!r}: expected key:value with a key among {', '.join(known)}"
            )
        pairs.append((key, value.strip()))
    return pairs


def parse_instant(word: str, value: str) -> datetime:
    """An ISO 8601 date or date-time; without a zone it is UTC."""
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise FilterSyntaxError(
            f"{word}:{value}: expected an ISO 8601 date or time (2026-02-18 or 2026-02-18T08:57Z)"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_count(word: str, value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise FilterSyntaxError(f"{word}:{value}: expected a whole number from 0")
    return number
