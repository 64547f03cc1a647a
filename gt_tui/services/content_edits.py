"""Unsaved edits to an item's references and conversation turns (what the item screen changes).

`ContentDraft` holds copies of the item's references and turns (it is the part of an
ItemDraft the reference and conversation sections change); every change goes to the copy.
Where a reference lives is a `RefPlace`: None for the item's own list, or a turn index for
a turn's references. Pure: no I/O, the loaded item is never mutated.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from gt_tui.domain.models import HistoryTurn, Reference

RefPlace = int | None
"""None: the item's references; an int: the references of that turn (0-based)."""

EXPECTED_BEHAVIOURS: tuple[str, ...] = (
    "tool:search",
    "generation:answer",
    "generation:need-context",
    "generation:clarification",
    "generation:out-of-domain",
)
"""The seed system's expected-behaviour values; other values found on a turn are kept."""

KNOWN_ROLES: tuple[str, ...] = ("user", "assistant")

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*$")


def url_problem(url: str) -> str | None:
    """Why `url` is not a well-formed reference URL, or None when it is."""
    text = url.strip()
    if not text:
        return "URL is empty"
    if any(ch.isspace() for ch in text):
        return "URL contains spaces"
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        return f"URL is not well-formed ({exc})"
    if not parts.scheme or not _SCHEME.match(parts.scheme):
        return "URL needs a scheme, such as https://"
    if parts.scheme.lower() in ("http", "https") and not parts.netloc:
        return "URL has no host"
    if not (parts.netloc or parts.path):
        return "URL has nothing after the scheme"
    return None


def copy_refs(refs: list[Reference]) -> list[Reference]:
    """Copies the draft may change attribute by attribute. Shallow per reference: its
    fields are immutable values, and pydantic's deep copy made a 500-reference item slow."""
    return [ref.model_copy() for ref in refs]


def copy_turns(turns: list[HistoryTurn] | None) -> list[HistoryTurn] | None:
    """Copies of turns whose reference and behaviour lists can change independently."""
    if turns is None:
        return None
    copies = []
    for turn in turns:
        copy = turn.model_copy()
        # Straight into __dict__: assigning would mark the fields as given, and fields never
        # given are left out when the item is written.
        copy.__dict__["refs"] = copy_refs(turn.refs)
        copy.__dict__["expected_behavior"] = list(turn.expected_behavior)
        copies.append(copy)
    return copies


@dataclass(frozen=True)
class RefRow:
    """One row of the references list: where the reference lives and its position there."""

    place: RefPlace
    index: int
    ref: Reference


def reference_keys(refs: list[Reference]) -> list[tuple[str, int]]:
    """Each reference's key in a merge or a comparison: its URL (trimmed) and which
    occurrence of that URL it is (a URL listed twice has two keys)."""
    seen: Counter[str] = Counter()
    keys = []
    for ref in refs:
        url = ref.url.strip()
        keys.append((url, seen[url]))
        seen[url] += 1
    return keys


@dataclass(eq=False)
class ContentDraft:
    """The references and turns part of an item's draft (services.item_draft.ItemDraft),
    with the operations the item screen's lists ask for."""

    refs: list[Reference]
    history: list[HistoryTurn] | None
    removed: list[tuple[RefPlace, int, Reference]] = field(default_factory=list)
    """Removed references, last on top, so `u` brings them back where they were."""
    turn_refs: bool = True
    """References may sit on turns (a RAG item); an agentic item's are all its own (its
    rag-compat ones, tied to a message by `messageIndex` if at all)."""

    # -- references --------------------------------------------------------------------------

    @property
    def is_multi_turn(self) -> bool:
        """Several turns a reference can belong to (the list's turn column, the form)."""
        return bool(self.history) and self.turn_refs

    def refs_at(self, place: RefPlace) -> list[Reference]:
        if place is None:
            return self.refs
        assert self.history is not None
        return self.history[place].refs

    def rows(self) -> list[RefRow]:
        """The item's references first, then each turn's, in order."""
        rows = [RefRow(None, i, ref) for i, ref in enumerate(self.refs)]
        for number, turn in enumerate(self.history or ()):
            rows.extend(RefRow(number, i, ref) for i, ref in enumerate(turn.refs))
        return rows

    def assistant_turns(self) -> list[int]:
        if not self.turn_refs:
            return []
        return [i for i, turn in enumerate(self.history or ()) if turn.role == "assistant"]

    def default_place(self) -> RefPlace:
        """New references of a multi-turn item go to its last assistant turn."""
        turns = self.assistant_turns()
        return turns[-1] if turns else None

    def duplicate_warning(
        self, place: RefPlace, url: str, editing: int | None = None
    ) -> str | None:
        """A warning (not a refusal) when `url` is already on that turn."""
        wanted = url.strip()
        for index, ref in enumerate(self.refs_at(place)):
            if index != editing and ref.url.strip() == wanted:
                where = "this item" if place is None else f"turn {place + 1}"
                return f"{wanted} is already a reference of {where}"
        return None

    def add(self, place: RefPlace, ref: Reference) -> RefRow:
        refs = self.refs_at(place)
        refs.append(ref)
        return RefRow(place, len(refs) - 1, ref)

    def replace(self, row: RefRow, ref: Reference, target: RefPlace) -> RefRow:
        """Put the edited `ref` where `row` was, or move it to the `target` turn."""
        if target == row.place:
            self.refs_at(row.place)[row.index] = ref
            return RefRow(row.place, row.index, ref)
        del self.refs_at(row.place)[row.index]
        return self.add(target, ref)

    def remove(self, row: RefRow) -> Reference:
        ref = self.refs_at(row.place).pop(row.index)
        self.removed.append((row.place, row.index, ref))
        return ref

    def restore_last(self) -> RefRow | None:
        """Bring back the last removed reference at its old position (None: nothing removed)."""
        while self.removed:
            place, index, ref = self.removed.pop()
            if place is not None and (self.history is None or place >= len(self.history)):
                continue  # its turn was deleted since
            refs = self.refs_at(place)
            index = min(index, len(refs))
            refs.insert(index, ref)
            return RefRow(place, index, ref)
        return None

    def toggle_bonus(self, row: RefRow) -> Reference:
        ref = self.refs_at(row.place)[row.index]
        ref.bonus = not ref.bonus
        return ref

    def mark_visited(self, row: RefRow, when: datetime) -> Reference:
        ref = self.refs_at(row.place)[row.index]
        ref.visited_at = when
        return ref

    # -- turns ----------------------------------------------------------------------------

    def set_message(self, index: int, msg: str) -> None:
        assert self.history is not None
        self.history[index].msg = msg

    def set_expected(self, index: int, values: list[str]) -> None:
        assert self.history is not None
        self.history[index].expected_behavior = list(dict.fromkeys(v for v in values if v))

    def insert_turn(self, after: int, role: str, msg: str = "") -> int:
        """Insert a turn after `after` (-1: first); returns the new turn's index."""
        if self.history is None:
            self.history = []
        self.history.insert(after + 1, HistoryTurn(role=role, msg=msg))
        self._shift_removed(after + 1, +1)
        return after + 1

    def delete_turn(self, index: int) -> HistoryTurn:
        assert self.history is not None
        turn = self.history.pop(index)
        self.removed = [entry for entry in self.removed if entry[0] != index]
        self._shift_removed(index, -1)
        return turn

    def _shift_removed(self, start: int, by: int) -> None:
        self.removed = [
            (place + by if place is not None and place >= start else place, i, ref)
            for place, i, ref in self.removed
        ]


def reference_changes(before: list[Reference], after: list[Reference]) -> str:
    """What changed between two reference lists, in words: "1 added, 2 removed"."""
    old = dict(zip(reference_keys(before), before, strict=True))
    new = dict(zip(reference_keys(after), after, strict=True))
    counts = {
        "added": sum(1 for key in new if key not in old),
        "removed": sum(1 for key in old if key not in new),
        "changed": sum(1 for key, ref in new.items() if key in old and old[key] != ref),
    }
    return ", ".join(f"{n} {what}" for what, n in counts.items() if n)
