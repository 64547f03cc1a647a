"""The explorer's tag filter: `a, -b` keeps items tagged a and not b; the last tag typed is
completed from the vocabulary (and the tags in use)."""

from __future__ import annotations

from collections.abc import Iterable

from textual.suggester import Suggester

from gt_tui.services.item_filter import parse_tag_filter

__all__ = ["TagFilterSuggester", "parse_tag_filter"]


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
