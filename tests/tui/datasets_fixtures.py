"""Fixtures for the datasets screens: instructions, explorer state, progress."""

from __future__ import annotations

from gt_tui.domain.instructions import CurationInstructions
from tests.tui.fixtures import NOW

INSTRUCTIONS = """# Billing KB: how to curate

Answer **as the help centre would**, in the second person.

1. Check the question reads like a customer wrote it.
2. Keep *one* reference per claim; prefer the [settings guide](https://docs.example.com/settings).
3. Skip items about retired features.

> Never paste customer data into the answer.

Odd text stays literal: [@click=app.quit]x[/] and \x1b[2J.
"""


def billing_instructions() -> CurationInstructions:
    """For billing-kb, the dataset of the queue's first item."""
    return CurationInstructions.for_dataset(
        "billing-kb", INSTRUCTIONS, updated_by="lead", updated_at=NOW
    )


def decisions_this_week() -> list:
    """Decided items over the last week by two curators (for the progress screen)."""
    from datetime import timedelta

    from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus

    plan = [  # (days ago, hours ago on that day, curator, status)
        (0, 0.5, "alice", "approved"),
        (0, 1.0, "alice", "approved"),
        (0, 1.5, "alice", "skipped"),
        (0, 3.0, "bob", "approved"),
        (1, 0, "alice", "approved"),
        (1, 0, "bob", "deleted"),
        (2, 0, "alice", "approved"),
        (2, 1, "alice", "approved"),
        (2, 2, "alice", "approved"),
        (4, 0, "bob", "approved"),
        (6, 0, "alice", "skipped"),
    ]
    items = []
    for n, (days, hours, user, status) in enumerate(plan):
        items.append(
            GroundTruthItem(
                id=f"w-{n:02d}",
                dataset_name="policy-docs",
                synth_question=f"Which policy covers case {n}?",
                answer="The travel policy.",
                status=GroundTruthStatus(status),
                updated_by=user,
                updated_at=NOW - timedelta(days=days, hours=hours),
                sample_key=n / 20,
            )
        )
    return items
