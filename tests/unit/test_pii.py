"""Each personal-data detector: what it finds (masked) and what it must leave alone."""

from __future__ import annotations

import pytest

from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.services.pii import find_pii, item_pii, luhn_valid


def kinds(text: str) -> list[tuple[str, str]]:
    return [(w.kind, w.snippet) for w in find_pii(text, "answer")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("write to jane.doe@example.com today", [("email", "j•••@example.com")]),
        ("card 4111 1111 1111 1111 on file", [("card", "•••• •••• •••• 1111")]),
        ("card 5500-0000-0000-0004", [("card", "••••-••••-••••-0004")]),
        ("host 192.168.1.20 is down", [("ip", "192.•.•.•")]),
        ("reach 2001:db8::1 over v6", [("ip", "2001:•••")]),
        ("call +1 (555) 123-4567", [("phone", "+• (•••) •••-••67")]),
        ("call 555-123-4567 after six", [("phone", "•••-•••-••67")]),
        ("or +4915112345678", [("phone", "+•••••••••••78")]),
    ],
)
def test_true_positives_are_found_and_masked(text, expected):
    assert kinds(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "order 4111111111111112",  # 16 digits failing the Luhn checksum
        "ticket 1234567890123456",
        "upgrade to version 10.0.0.1",
        "fixed in v1.2.3.4",
        "build 4.2.1.0 of the agent",
        "schema 1.2.3.4.5",
        "not an address 999.1.1.1",
        "released 2024-01-02",
        "at 12:30:45 UTC",
        "use std::vector here",
        "Python 3.11.2 and pi 3.14159",
        "email me at support (at) example dot com",
        "",
    ],
)
def test_false_positives_are_left_alone(text):
    assert kinds(text) == []


def test_luhn():
    assert luhn_valid("4111111111111111")
    assert not luhn_valid("4111111111111112")


def test_item_fields_are_all_scanned_and_named():
    item = GroundTruthItem(
        id="i",
        dataset_name="ds",
        synth_question="who is a@b.io?",
        answer="call 555-123-4567",
        refs=[Reference(url="https://x", key_excerpt="from 10.1.2.3")],
        history=[HistoryTurn(role="user", msg="my card is 4111 1111 1111 1111")],
    )
    found = {(w.field, w.kind) for w in item_pii(item)}
    assert found == {
        ("synthQuestion", "email"),
        ("answer", "phone"),
        ("refs[0].keyExcerpt", "ip"),
        ("turns[0]", "card"),
    }
    assert all("4111 1111" not in w.message and "a@b.io" not in w.message for w in item_pii(item))
