"""The normalized question and its key: how "the same question" is recognised.

Case, Unicode width forms, whitespace and trailing punctuation do not make a question
different. Repos store `question_key` as an indexed helper field, so finding an equal
question is a lookup, not a scan.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

from gt_tui.domain.models import GroundTruthItem

_SPACES = re.compile(r"\s+")
_EDGE_PUNCTUATION = " \t\n?!.,;:¿¡'\"`()[]\u201c\u201d\u2018\u2019"


def normalized_question(text: str) -> str:
    folded = unicodedata.normalize("NFKC", text).casefold()
    return _SPACES.sub(" ", folded).strip(_EDGE_PUNCTUATION)


def effective_question(item: GroundTruthItem) -> str:
    """What the item asks: the edited question when there is one, else the synthetic one;
    an agentic item's first user turn."""
    return item.question


def question_key(item_or_text: GroundTruthItem | str) -> str:
    """A short stable hash of the normalized question ("" for an empty question)."""
    text = item_or_text if isinstance(item_or_text, str) else effective_question(item_or_text)
    normal = normalized_question(text)
    if not normal:
        return ""
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:32]
