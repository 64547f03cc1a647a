"""Approve -> next without reflow: the item screen keeps every section's place and height
from one item to the next (reserved heights), so showing the next item only repaints; a
text taller than its reserved room still gets the room it needs."""

from __future__ import annotations

from textual.screen import Screen

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.screen import ItemDetailScreen
from tests.tui.fixtures import (
    SIZE,
    _ref,
    fixture_items,
    make_app,
    make_services,
    open_first,
    seed,
    settle,
)

PLACES = (
    "#synth-question",
    "#edited-question",
    "#answer",
    "#manual-tags",
    "#manual-tags-problems",
    "#computed-tags",
    "#comment",
    "#refs-label",
    "#ref-list",
    "#context-preview",
)


async def _app(second_question: str):
    """A queue of q-003 (short texts, one reference) then q-002 (longer answer, more
    references, two tag problems, a different question)."""
    items = fixture_items(4)
    second = items[2]
    second.history = None  # a conversation of its own would show one more section
    second.synth_question = second_question
    second.answer = "\n".join(f"Step {n}: open the billing page and check it." for n in range(4))
    second.refs = [_ref(2), _ref(102), _ref(202)]
    second.manual_tags = ["billing", "invoice"]
    repo = InMemoryGroundTruthRepo()
    await seed(repo, items)
    return make_app(make_services(repo))


def _count_layouts(screen: Screen) -> list[int]:
    calls = [0]
    layout = screen._refresh_layout

    def counted(*args, **kwargs):
        calls[0] += 1
        return layout(*args, **kwargs)

    screen._refresh_layout = counted
    return calls


async def test_the_next_item_is_shown_in_the_same_places_without_a_layout():
    app = await _app("How do I move my invoices to another billing account?")
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        assert screen.base.id == "q-003"
        before = {name: screen.query_one(name).region for name in PLACES}
        layouts = _count_layouts(screen)
        await pilot.press("a")
        await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen) and screen.base.id == "q-002"
        assert "Step 3" in screen.query_one("#answer").text
        assert screen.query_one("#ref-list").row_count == 3
        assert {name: screen.query_one(name).region for name in PLACES} == before
        assert layouts[0] == 0


async def test_a_question_longer_than_its_reserved_lines_gets_the_room_it_needs():
    long_question = " ".join(["Why is my invoice total different from the quote"] * 4) + "?"
    app = await _app(long_question)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_first(pilot)
        reserved = screen.query_one("#synth-question").region.height
        await pilot.press("a")
        await settle(pilot)
        question = screen.query_one("#synth-question")
        assert screen.base.id == "q-002"
        assert question.region.height > reserved
        assert question.region.height == question.fitted_height()
