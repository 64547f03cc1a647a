"""The approval gate: what an item must satisfy before it may be approved.

The rules are the seed system's (GTC): a question; an answer for single-turn items; a
well-formed conversation for multi-turn items; http(s) reference URLs; optionally every
reference visited and every key excerpt long enough. An agentic item (GTC 2.x) passes
GTC 2.x's gate instead (`agentic_problems`). Approve in the TUI, the CLI and
import-with-approval all ask the same gate, so an item refused in one is refused in all.
Skip and delete are never gated.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from urllib.parse import urlsplit

from gt_tui.domain.models import GroundTruthItem, Reference


@dataclass(frozen=True)
class ApprovalProblem:
    """One reason an item cannot be approved, and the field it concerns."""

    field: str
    problem: str

    def __iter__(self):  # unpacks as (field, problem)
        return iter((self.field, self.problem))

    def __str__(self) -> str:
        return f"{self.field}: {self.problem}"


def is_openable_url(url: str) -> bool:
    """An absolute http(s) URL with a host: the only kind gt-tui opens or approves."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc)


@dataclass(frozen=True)
class ApprovalGate:
    """Settings: GT_REQUIRE_REFERENCE_VISIT (default false), GT_MIN_KEY_EXCERPT (default none)."""

    require_reference_visit: bool = False
    min_key_excerpt: int | None = None

    def problems(self, item: GroundTruthItem) -> list[ApprovalProblem]:
        if item.is_agentic:
            found = agentic_problems(item)
            for where, ref in _all_refs(item):
                found.extend(self._reference_problems(where, ref))
            return found
        found: list[ApprovalProblem] = []
        if not (item.question or "").strip():
            found.append(ApprovalProblem("question", "is empty"))
        if item.history:
            found.extend(_conversation_problems(item))
        elif not (item.answer or "").strip():
            found.append(ApprovalProblem("answer", "is empty"))
        for where, ref in _all_refs(item):
            found.extend(self._reference_problems(where, ref))
        return found

    def _reference_problems(self, where: str, ref: Reference) -> list[ApprovalProblem]:
        found = []
        if not is_openable_url(ref.url):
            found.append(ApprovalProblem(where, f"URL {ref.url!r} is not http(s)"))
        if self.require_reference_visit and ref.visited_at is None:
            found.append(ApprovalProblem(where, "was never opened (visitedAt missing)"))
        if self.min_key_excerpt is not None:
            length = len((ref.key_excerpt or "").strip())
            if length < self.min_key_excerpt:
                found.append(
                    ApprovalProblem(
                        where,
                        f"key excerpt has {length} characters, at least "
                        f"{self.min_key_excerpt} needed",
                    )
                )
        return found


def _conversation_problems(item: GroundTruthItem) -> list[ApprovalProblem]:
    turns = item.history or []
    found = []
    if turns[0].role != "user":
        found.append(ApprovalProblem("history[1]", "conversation must start with a user turn"))
    if turns[-1].role != "assistant":
        found.append(
            ApprovalProblem(
                f"history[{len(turns)}]", "conversation must end with an assistant turn"
            )
        )
    for number, (previous, turn) in enumerate(itertools.pairwise(turns), start=2):
        if turn.role == previous.role:
            found.append(
                ApprovalProblem(
                    f"history[{number}]",
                    f"two {turn.role} turns in a row: user and assistant must alternate",
                )
            )
    for number, turn in enumerate(turns, start=1):
        if turn.role not in ("user", "assistant"):
            found.append(ApprovalProblem(f"history[{number}]", f"unknown role {turn.role!r}"))
        if not turn.msg.strip():
            found.append(ApprovalProblem(f"history[{number}]", "message is empty"))
    return found


def _is_user(role: str) -> bool:
    """GTC 2.x's reading of a role: `user` in any case and spacing; every other role is
    the agent's side."""
    return role.strip().lower() == "user"


def agentic_problems(item: GroundTruthItem) -> list[ApprovalProblem]:
    """GTC 2.x's approval gate: a user and a non-user message; with tool calls, at least
    one required tool; every required tool among the calls; no empty message."""
    turns = item.history or []
    found = []
    if not any(_is_user(turn.role) for turn in turns):
        found.append(ApprovalProblem("history", "needs at least one user message"))
    if not any(not _is_user(turn.role) for turn in turns):
        found.append(ApprovalProblem("history", "needs at least one agent (non-user) message"))
    for number, turn in enumerate(turns, start=1):
        if not turn.msg.strip():
            found.append(ApprovalProblem(f"history[{number}]", "message is empty"))
    called = set(item.tool_names())
    required = item.expected_tools.names("required") if item.expected_tools else []
    if called and not required:
        found.append(
            ApprovalProblem(
                "expectedTools.required",
                "mark at least one tool required: the item has tool calls",
            )
        )
    missing = sorted({name for name in required if name not in called})
    if missing:
        found.append(
            ApprovalProblem(
                "expectedTools.required",
                f"not among the tool calls: {', '.join(missing)}",
            )
        )
    return found


def _all_refs(item: GroundTruthItem) -> list[tuple[str, Reference]]:
    """Each reference with a 1-based location a curator can find: refs[2], history[4].refs[1],
    an agentic item's rag-compat references[1]."""
    if item.is_agentic:
        return [
            (f"rag-compat references[{n}]", ref)
            for n, ref in enumerate(item.all_references(), start=1)
        ]
    located = [(f"refs[{n}]", ref) for n, ref in enumerate(item.refs, start=1)]
    for t, turn in enumerate(item.history or [], start=1):
        located += [(f"history[{t}].refs[{n}]", ref) for n, ref in enumerate(turn.refs, start=1)]
    return located
