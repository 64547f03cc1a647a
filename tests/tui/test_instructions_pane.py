"""`i` on the item screen: the dataset's curation instructions beside the item."""

from __future__ import annotations

from textual.widgets import Markdown

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.widgets.instructions_pane import MAX_PANE_CHARS, InstructionsPane, pane_markdown
from tests.tui.datasets_fixtures import billing_instructions
from tests.tui.fixtures import SIZE, fixture_items, make_app, make_services, seed, settle


async def _app():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    await repo.put_instructions(billing_instructions())
    return make_app(make_services(repo))


def _source(pane: InstructionsPane) -> str:
    return pane.query_one(Markdown).source


async def test_i_shows_and_hides_the_datasets_instructions_and_follows_the_item():
    app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the first queue item, billing-kb
        await settle(pilot)
        pane = app.screen.query_one(InstructionsPane)
        assert not pane.display
        await pilot.press("i")
        await settle(pilot)
        assert pane.display and "Billing KB: how to curate" in _source(pane)
        await pilot.press("right_square_bracket")  # the next, support-faq: none written
        await settle(pilot)
        assert pane.dataset_name == "support-faq"
        assert "No curation instructions for this dataset yet" in _source(pane)
        await pilot.press("i")
        await settle(pilot)
        assert not pane.display
        assert app.screen.query_one("#answer").text  # the item is still there, unchanged


async def test_links_are_not_followed_and_markup_is_not_run():
    app = await _app()
    opened: list[str] = []
    app.open_url = lambda url, **kw: opened.append(url)  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "i")
        await settle(pilot)
        pane = app.screen.query_one(InstructionsPane)
        markdown = pane.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "https://docs.example.com/settings"))
        await settle(pilot)
        assert opened == []
        assert any("not opened" in str(n.message) for n in app._notifications)
        assert app.is_running  # the [@click=app.quit] text did nothing
        assert "\x1b" not in _source(pane)  # the escape byte is shown, never sent


def test_long_instructions_are_cut_with_a_note():
    text = pane_markdown("ds", "x" * (MAX_PANE_CHARS + 500))
    assert text.startswith("x" * 100)
    assert text.count("x") == MAX_PANE_CHARS
    assert "gt-tui instructions get ds" in text and "Shortened" in text


async def test_emphasis_keeps_the_spaces_around_it_on_screen():
    """The session 3 review saw "onereference" in the snapshot PNG: that was the
    SVG-to-PNG renderer drawing italics wider than a cell. The terminal lines the pane
    renders keep both spaces around emphasis."""
    from textual.geometry import Region
    from textual.widgets._markdown import MarkdownBlock

    app = await _app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", "i")
        await settle(pilot)
        pane = app.screen.query_one(InstructionsPane)
        lines = [
            "".join(segment.text for segment in strip)
            for block in pane.query(MarkdownBlock)
            if not block.children
            for strip in block.render_lines(Region(0, 0, block.size.width, block.size.height))
        ]
        words = " ".join(" ".join(lines).split())
        assert "Keep one reference per claim;" in words, words
        assert "Answer as the help centre would, in the second person." in words, words
