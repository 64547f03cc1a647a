"""Plain specs the demo content is written in; dataset.py turns them into items."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RefSpec:
    title: str
    url: str
    excerpt: str
    content: str | None = None


@dataclass(frozen=True)
class TurnSpec:
    role: str
    msg: str
    refs: tuple[str, ...] = ()
    expected: str | None = None


@dataclass(frozen=True)
class ItemSpec:
    question: str
    answer: str
    refs: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    history: tuple[TurnSpec, ...] = ()
    edited: str | None = None
    comment: str | None = None


def user(msg: str) -> TurnSpec:
    return TurnSpec("user", msg)


def assistant(msg: str, *refs: str, expected: str | None = None) -> TurnSpec:
    return TurnSpec("assistant", msg, tuple(refs), expected)
