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
