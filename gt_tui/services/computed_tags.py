"""Computed tags: the seed system's rules as one table. Adding a rule is one entry here.

Each rule owns one tag group (`turns`, `question_length`, ...) and maps an item to the
values of that group it gets. Rules read `total_references`, so derivations set that first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from gt_tui.domain.models import GroundTruthItem

SHORT_MAX_WORDS = 10
MEDIUM_MAX_WORDS = 30
_ARTICLE = re.compile(r"cs\d+", re.IGNORECASE)


@dataclass(frozen=True)
class ComputedTagRule:
    group: str
    rule: str
    """What makes the tag, in words (shown in the glossary)."""
    values: tuple[str, ...]
    derive: Callable[[GroundTruthItem], list[str]]


def _all_ref_urls(item: GroundTruthItem) -> Iterator[str]:
    for ref in item.all_references():
        yield ref.url


def _dataset(item: GroundTruthItem) -> list[str]:
    return [item.dataset_name]


def _turns(item: GroundTruthItem) -> list[str]:
    return ["multiturn" if len(item.history or ()) > 2 else "singleturn"]


def question_length(words: int) -> str:
    if words <= SHORT_MAX_WORDS:
        return "short"
    return "medium" if words <= MEDIUM_MAX_WORDS else "long"


def _question_length(item: GroundTruthItem) -> list[str]:
    return [question_length(len(item.question.split()))]


def _retrieval_behavior(item: GroundTruthItem) -> list[str]:
    count = item.total_references
    return [("no_refs", "single", "two_refs")[count] if count < 3 else "rich"]


def _reference_type(item: GroundTruthItem) -> list[str]:
    urls = list(_all_ref_urls(item))
    found = []
    if any("/help" in url.lower() for url in urls):
        found.append("helpcenter")
    if any(_ARTICLE.search(url) for url in urls):
        found.append("article")
    return found


def _answer(item: GroundTruthItem) -> list[str]:
    answer = "".join((item.answer_text or "").split()).lower()
    return ["no_answer"] if answer == "no_answer" else []


COMPUTED_TAG_RULES: tuple[ComputedTagRule, ...] = (
    ComputedTagRule("dataset", "the item's datasetName", ("<datasetName>",), _dataset),
    ComputedTagRule(
        "turns",
        "multiturn when the history has more than 2 turns, else singleturn",
        ("singleturn", "multiturn"),
        _turns,
    ),
    ComputedTagRule(
        "question_length",
        f"words in the edited question, else the synthetic one: short up to "
        f"{SHORT_MAX_WORDS}, medium up to {MEDIUM_MAX_WORDS}, long above",
        ("short", "medium", "long"),
        _question_length,
    ),
    ComputedTagRule(
        "retrieval_behavior",
        "totalReferences: 0 no_refs, 1 single, 2 two_refs, 3 or more rich",
        ("no_refs", "single", "two_refs", "rich"),
        _retrieval_behavior,
    ),
    ComputedTagRule(
        "reference_type",
        "helpcenter when a reference URL contains /help, article when one has CS "
        "followed by digits (ignoring case; history turns' references count)",
        ("helpcenter", "article"),
        _reference_type,
    ),
    ComputedTagRule(
        "answer",
        'no_answer when the answer is "no_answer" ignoring case and spaces',
        ("no_answer",),
        _answer,
    ),
)

COMPUTED_GROUPS = frozenset(rule.group for rule in COMPUTED_TAG_RULES)


def compute_tags(item: GroundTruthItem) -> list[str]:
    """Every computed tag of `item`, sorted."""
    return sorted(
        f"{rule.group}:{value}" for rule in COMPUTED_TAG_RULES for value in rule.derive(item)
    )


def is_computed(tag: str) -> bool:
    """A tag in a group that a rule owns: it cannot be set by hand."""
    group, sep, _ = tag.partition(":")
    return bool(sep) and group in COMPUTED_GROUPS
