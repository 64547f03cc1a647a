"""Which converted traces to keep (`import-traces --filter`): `feedback:VALUE` (any
feedback value equal to it) or `feedback:NAME=VALUE` (that key, or that named score,
has that value), `tool:NAME` (a tool or subagent of that name was called), `since:` /
`until:` (the trace started at or after / before), `sample:N` (N of the matching traces
at random, `seed:S` makes the draw repeatable; default seed 0). Values compare as text,
case-insensitively."""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gt_tui.services.filter_syntax import filter_words, parse_count, parse_instant
from gt_tui.services.traces.values import from_iso

KEYS = ("feedback", "tool", "since", "until", "sample", "seed")


@dataclass(frozen=True)
class TraceSelection:
    feedback: tuple[str, ...] = ()
    tools: tuple[str, ...] = ()
    since: datetime | None = None
    until: datetime | None = None
    sample: int | None = None
    seed: int = 0

    @classmethod
    def parse(cls, text: str) -> TraceSelection:
        """FilterSyntaxError names the word that cannot be read."""
        fields: dict[str, Any] = {"feedback": [], "tools": []}
        for key, value in filter_words(text, KEYS):
            if key == "feedback":
                fields["feedback"].append(value)
            elif key == "tool":
                fields["tools"].append(value)
            elif key in ("since", "until"):
                fields[key] = parse_instant(key, value)
            elif key == "sample":
                fields["sample"] = parse_count(key, value)
            else:
                fields["seed"] = parse_count(key, value)
        fields["feedback"] = tuple(fields["feedback"])
        fields["tools"] = tuple(fields["tools"])
        return cls(**fields)

    def matches(self, item: dict[str, Any]) -> bool:
        if self.tools:
            called = {str(call.get("name", "")).lower() for call in item.get("toolCalls") or []}
            if not all(tool.lower() in called for tool in self.tools):
                return False
        if self.feedback:
            pairs = list(_feedback_pairs(item.get("feedback") or []))
            if not all(_has_feedback(pairs, wanted) for wanted in self.feedback):
                return False
        if self.since is not None or self.until is not None:
            created = _instant(item.get("createdAt"))
            if created is None:
                return False
            if self.since is not None and created < self.since:
                return False
            if self.until is not None and created >= self.until:
                return False
        return True

    def choose(self, items: list[tuple[int, dict[str, Any]]]) -> list[tuple[int, dict[str, Any]]]:
        """The matching items, then the sample (kept in file order)."""
        kept = [entry for entry in items if self.matches(entry[1])]
        if self.sample is None or self.sample >= len(kept):
            return kept
        chosen = set(random.Random(self.seed).sample(range(len(kept)), self.sample))
        return [entry for index, entry in enumerate(kept) if index in chosen]


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).strip().lower()


def _feedback_pairs(entries: list[Any]) -> Iterator[tuple[str, str]]:
    for entry in entries:
        values = entry.get("values") if isinstance(entry, dict) else None
        if not isinstance(values, dict):
            continue
        for key, value in values.items():
            yield _text(key), _text(value)
        if "name" in values:
            for key in ("value", "score", "label"):
                if key in values:
                    yield _text(values["name"]), _text(values[key])


def _has_feedback(pairs: list[tuple[str, str]], wanted: str) -> bool:
    name, equals, value = wanted.partition("=")
    if equals:
        return (_text(name), _text(value)) in pairs
    return any(found == _text(wanted) for _, found in pairs)


def _instant(value: Any) -> datetime | None:
    return from_iso(value)
