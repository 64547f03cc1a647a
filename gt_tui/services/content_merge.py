"""Three-way merge of references and conversation turns, for the conflict prompt's keep-mine.

The curator edited a version (*base*) while someone else stored another (*theirs*). Keep-mine
re-applies the curator's changes onto theirs, item by item rather than field by field:
- references are matched by URL (and occurrence, for a URL listed twice); both sides adding
  different references keeps both; a reference changed by both, or removed by one and
  changed by the other, is a conflict and mine wins;
- turns are aligned to the base with a sequence match on (role, message); a turn replaced
  one for one counts as edited; both sides editing the same turn differently is a conflict
  on that turn (mine wins, both texts reported); turns inserted by either side are kept.
Pure functions over domain models: no I/O, inputs never mutated.
"""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from gt_tui.domain.models import HistoryTurn, Reference
from gt_tui.services.content_edits import copy_turns, reference_keys


@dataclass(frozen=True)
class MergeConflict:
    """Something both sides changed differently; `mine` is what the merge kept."""

    where: str
    """"reference URL" or "turn N" (N counts from 1 in the merged conversation)."""
    mine: str
    theirs: str

    def __str__(self) -> str:
        return f"{self.where}: mine {self.mine!r}, theirs {self.theirs!r}"


def _describe_ref(ref: Reference | None) -> str:
    if ref is None:
        return "(removed)"
    parts = [ref.title or "(untitled)"]
    if ref.key_excerpt:
        parts.append(f"“{ref.key_excerpt}”")
    if ref.bonus:
        parts.append("bonus")
    return " ".join(parts)


def _merge_ref(base: Reference, mine: Reference, theirs: Reference) -> tuple[Reference, bool]:
    """Field by field (a visit on one side and a new title on the other both survive)."""
    b, m, t = (r.model_dump(by_alias=False) for r in (base, mine, theirs))
    clash = False
    merged = dict(t)
    for name in set(b) | set(m) | set(t):
        bv, mv, tv = b.get(name), m.get(name), t.get(name)
        if mv != bv:
            clash = clash or tv not in (bv, mv)
            merged[name] = mv
    merged = {name: value for name, value in merged.items() if value is not None or name in t}
    return Reference.model_validate(merged), clash


def merge_references(
    base: list[Reference], mine: list[Reference], theirs: list[Reference]
) -> tuple[list[Reference], list[MergeConflict]]:
    """Merged references (mine's order, then what only they added) and the conflicts."""
    base_by = dict(zip(reference_keys(base), base, strict=True))
    mine_by = dict(zip(reference_keys(mine), mine, strict=True))
    theirs_by = dict(zip(reference_keys(theirs), theirs, strict=True))
    conflicts: list[MergeConflict] = []

    def pick(key: tuple[str, int]) -> Reference | None:
        b, m, t = base_by.get(key), mine_by.get(key), theirs_by.get(key)
        if m == t:
            return m
        if m == b:
            return t
        if t == b:
            return m
        if b is not None and m is not None and t is not None:
            merged, clash = _merge_ref(b, m, t)
            if not clash:
                return merged
        conflicts.append(MergeConflict(key[0], _describe_ref(m), _describe_ref(t)))
        return m

    order = list(mine_by) + [key for key in theirs_by if key not in mine_by]
    order += [key for key in base_by if key not in mine_by and key not in theirs_by]
    merged = [ref for key in order if (ref := pick(key)) is not None]
    return [ref.model_copy(deep=True) for ref in merged], conflicts


def _turn_key(turn: HistoryTurn) -> tuple[str, str]:
    return (turn.role, turn.msg)


def _align(base: list[HistoryTurn], side: list[HistoryTurn]):
    """For each base index, the side's turn (None: removed); and the side's inserted turns
    keyed by the base index they follow (-1: before the first)."""
    matched: dict[int, HistoryTurn | None] = {}
    inserted: dict[int, list[HistoryTurn]] = {}
    matcher = SequenceMatcher(None, [_turn_key(t) for t in base], [_turn_key(t) for t in side])
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal" or (tag == "replace" and i2 - i1 == j2 - j1):
            for offset in range(i2 - i1):
                matched[i1 + offset] = side[j1 + offset]
            continue
        for i in range(i1, i2):
            matched[i] = None
        if j2 > j1:
            inserted.setdefault(i2 - 1, []).extend(side[j1:j2])
    return matched, inserted


def _merge_turn(
    base: HistoryTurn, mine: HistoryTurn, theirs: HistoryTurn
) -> tuple[HistoryTurn, bool, list[MergeConflict]]:
    """Field by field; references by the reference merge. Returns (turn, clash, ref clashes)."""
    merged = theirs.model_copy(deep=True)
    clash = False
    for name in ("role", "msg", "expected_behavior"):
        b, m, t = getattr(base, name), getattr(mine, name), getattr(theirs, name)
        if m != b:
            clash = clash or (t not in (b, m))
            setattr(merged, name, m)
    base_extra = base.extra_fields
    for name, value in mine.extra_fields.items():
        if base_extra.get(name) != value:
            setattr(merged, name, value)
    refs, ref_conflicts = merge_references(base.refs, mine.refs, theirs.refs)
    merged.refs = refs
    return merged, clash, ref_conflicts


def merge_turns(
    base: list[HistoryTurn] | None,
    mine: list[HistoryTurn] | None,
    theirs: list[HistoryTurn] | None,
) -> tuple[list[HistoryTurn] | None, list[MergeConflict]]:
    """Merged conversation and its conflicts (a turn both edited: mine kept, both texts)."""
    if mine == base:
        return copy_turns(theirs), []
    if theirs in (base, mine):
        return copy_turns(mine), []
    base_turns, mine_turns, theirs_turns = base or [], mine or [], theirs or []
    mine_at, mine_new = _align(base_turns, mine_turns)
    theirs_at, theirs_new = _align(base_turns, theirs_turns)
    merged: list[HistoryTurn] = []
    conflicts: list[MergeConflict] = []

    def insert_after(index: int) -> None:
        merged.extend(t.model_copy(deep=True) for t in mine_new.get(index, []))
        merged.extend(t.model_copy(deep=True) for t in theirs_new.get(index, []))

    insert_after(-1)
    for index, turn in enumerate(base_turns):
        m, t = mine_at.get(index), theirs_at.get(index)
        if m is None and t is None:
            pass
        elif m is None or t is None:
            survivor = m if m is not None else t
            assert survivor is not None
            if survivor != turn:  # one deleted it, the other changed it: mine wins
                conflicts.append(
                    MergeConflict(
                        f"turn {len(merged) + 1}",
                        "(deleted)" if m is None else m.msg,
                        "(deleted)" if t is None else t.msg,
                    )
                )
                if m is not None:
                    merged.append(m.model_copy(deep=True))
        else:
            result, clash, ref_conflicts = _merge_turn(turn, m, t)
            if clash:
                conflicts.append(MergeConflict(f"turn {len(merged) + 1}", m.msg, t.msg))
            conflicts.extend(ref_conflicts)
            merged.append(result)
        insert_after(index)
    return merged, conflicts
