"""The explorer's tag filter: `a, -b` keeps items tagged a and not b; the last tag typed is
completed from the vocabulary (and the tags in use)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester


def parse_tag_filter(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(include, exclude) from comma-separated tags; a leading `-` excludes. Tags are
    trimmed and lower-cased as stored manual tags are; blanks and repeats dropped."""
    include: dict[str, None] = {}
    exclude: dict[str, None] = {}
    for part in text.split(","):
        token = part.strip()
        target = include
        if token.startswith("-"):
            token, target = token[1:].strip(), exclude
        if token:
            target[token.lower()] = None
    return tuple(include), tuple(exclude)


class TagFilterSuggester(Suggester):
    """Completes the tag being typed (after the last comma, past a `-`)."""

    def __init__(self, tags: Iterable[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=True)
        self._tags = sorted(dict.fromkeys(tags))

    async def get_suggestion(self, value: str) -> str | None:
        head, comma, last = value.rpartition(",")
        stripped = last.lstrip()
        lead = last[: len(last) - len(stripped)]
        minus = "-" if stripped.startswith("-") else ""
        typed = stripped[len(minus) :].lower()
        if not typed:
            return None
        match = next((tag for tag in self._tags if tag.startswith(typed) and tag != typed), None)
        if match is None:
            return None
        return f"{head}{comma}{lead}{minus}{match}"
