"""Personal-data detectors: email addresses, phone numbers, IP addresses, payment cards.

Warnings, never blocks. Each finding carries a masked snippet, so a warning never
repeats the personal data it is about. The detectors lean towards few false positives:
version numbers are not IP addresses, 16-digit numbers must pass the Luhn checksum.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from dataclasses import dataclass

from gt_tui.domain.models import GroundTruthItem


@dataclass(frozen=True)
class ContentWarning:
    kind: str
    """email | phone | ip | card | duplicate"""
    field: str
    """Where: question, answer, turns[2], refs[0].keyExcerpt, ..."""
    snippet: str
    """Masked: what was found without the personal data itself."""

    @property
    def message(self) -> str:
        if self.kind == "duplicate":
            return f"{KIND_NAMES['duplicate']}: {self.snippet}"
        return f"{KIND_NAMES.get(self.kind, self.kind)} in {self.field}: {self.snippet}"


KIND_NAMES = {
    "email": "possible email address",
    "phone": "possible phone number",
    "ip": "possible IP address",
    "card": "possible payment card number",
    "duplicate": "question repeats an approved item",
}

_EMAIL = re.compile(
    r"(?<![\w.+-])([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})\b"
)
_CARD = re.compile(r"(?<![\d.+-])\d(?:[ -]?\d){12,18}(?![\d-])")
_PHONE = re.compile(
    r"(?<![\w.+-])(?:\+\d{1,3}[ .-]?)?(?:\(\d{2,4}\)[ .-]?|\d{2,4}[ .-])"
    r"\d{3,4}[ .-]\d{3,4}(?![\w.-])"
    r"|(?<![\w+])\+\d{8,15}(?!\w)"
)
_IPV4 = re.compile(r"(?<![\w.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})(?![\w]|\.\d)")
_IPV6 = re.compile(r"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}[0-9A-Fa-f]{0,4}(?![\w:])")
# A word right before a dotted number that says it is a version, not an address.
_VERSION_WORD = re.compile(
    r"(?:\bv|\bversion|\bver\.?|\brelease|\bbuild|\bupdate|\bpatch|\bfirmware|\bkb)\s*$",
    re.IGNORECASE,
)


def luhn_valid(digits: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


def _mask_digits(text: str, keep: int) -> str:
    digits_seen = sum(c.isdigit() for c in text)
    out, seen = [], 0
    for c in text:
        if c.isdigit():
            seen += 1
            out.append(c if seen > digits_seen - keep else "•")
        else:
            out.append(c)
    return "".join(out)


_DIGIT = re.compile(r"\d")


def find_pii(text: str | None, field: str) -> Iterator[ContentWarning]:
    """Findings in one text, in order of kind; overlapping card/phone matches count once.
    Cheap checks first: a detector runs only when the text has what any match needs (an
    `@`, a `:`, 4 digits and a dot, 8 digits)."""
    if not text:
        return
    taken: list[tuple[int, int]] = []
    digit_count = len(_DIGIT.findall(text))

    def free(start: int, end: int) -> bool:
        return all(end <= s or start >= e for s, e in taken)

    for match in _EMAIL.finditer(text) if "@" in text else ():
        local, domain = match.groups()
        taken.append(match.span())
        yield ContentWarning("email", field, f"{local[0]}•••@{domain}")
    for match in _CARD.finditer(text) if digit_count >= 13 else ():
        digits = re.sub(r"\D", "", match.group())
        if 13 <= len(digits) <= 19 and luhn_valid(digits) and free(*match.span()):
            taken.append(match.span())
            yield ContentWarning("card", field, _mask_digits(match.group(), 4))
    for match in _IPV4.finditer(text) if digit_count >= 4 and "." in text else ():
        if not free(*match.span()) or any(int(octet) > 255 for octet in match.groups()):
            continue
        if _VERSION_WORD.search(text[max(0, match.start() - 12) : match.start()]):
            continue
        taken.append(match.span())
        first = match.group(1)
        yield ContentWarning("ip", field, f"{first}.•.•.•")
    for match in _IPV6.finditer(text) if ":" in text else ():
        candidate = match.group()
        if not free(*match.span()) or sum(c.isalnum() for c in candidate) < 4:
            continue
        try:
            ipaddress.IPv6Address(candidate)
        except ValueError:
            continue
        taken.append(match.span())
        yield ContentWarning("ip", field, candidate.split(":")[0] + ":•••")
    for match in _PHONE.finditer(text) if digit_count >= 8 else ():
        digits = re.sub(r"\D", "", match.group())
        if not 8 <= len(digits) <= 15 or not free(*match.span()):
            continue
        taken.append(match.span())
        yield ContentWarning("phone", field, _mask_digits(match.group(), 2))


def item_texts(item: GroundTruthItem) -> Iterator[tuple[str, str | None]]:
    """(field, text) for every text a curator writes or a reference quotes."""
    yield "synthQuestion", item.synth_question
    yield "editedQuestion", item.edited_question
    yield "answer", item.answer
    for n, ref in enumerate(item.refs):
        yield f"refs[{n}].keyExcerpt", ref.key_excerpt
    for n, ref in enumerate(item.rag_compat_references if item.is_agentic else ()):
        yield f"plugins.rag-compat.references[{n}].keyExcerpt", ref.key_excerpt
    for t, turn in enumerate(item.history or []):
        yield f"turns[{t}]", turn.msg
        for n, ref in enumerate(turn.refs):
            yield f"turns[{t}].refs[{n}].keyExcerpt", ref.key_excerpt


def item_pii(item: GroundTruthItem) -> list[ContentWarning]:
    return [w for field, text in item_texts(item) for w in find_pii(text, field)]
