"""Item text is inert: markup is shown literally and escape sequences never reach the terminal."""

from __future__ import annotations

from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.tui.item.screen import ItemDetailScreen
from gt_tui.tui.queue.screen import QueueScreen
from tests.tui.fixtures import SIZE, fixture_items, make_app, make_services, seed, settle


def screen_text(app) -> str:
    svg = app.export_screenshot()
    assert "\x1b" not in svg
    return svg.replace("&#160;", " ")


async def test_hostile_question_renders_literally_and_clicking_it_does_nothing():
    repo = InMemoryGroundTruthRepo()
    await seed(repo, fixture_items())
    app = make_app(make_services(repo))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, QueueScreen)
        assert "[@click=app.quit]x[/]" in screen_text(app)
        # q-001 (the hostile one) is the third row; click on its question cell.
        await pilot.click("#queue-table", offset=(40, 3))
        await settle(pilot)
        await pilot.click("#queue-table", offset=(40, 3))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        if not isinstance(app.screen, ItemDetailScreen):
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, ItemDetailScreen)
        assert app.screen.base.id == "q-001"
        synth = app.screen.query_one("#synth-question")
        shown = str(synth.render())
        assert "[@click=app.quit]x[/]" in shown
        assert "␛[2J" in shown and "\x1b" not in shown
        await pilot.click("#synth-question", offset=(12, 0))
        await settle(pilot)
        assert app.is_running and app.return_code is None
        assert isinstance(app.screen, ItemDetailScreen)
        text = screen_text(app)
        assert "[@click=app.quit]x[/]" in text and "␛[2J" in text
    stored = await repo.get("billing-kb", "q-001")
    assert stored.synth_question == "Why does [@click=app.quit]x[/] clear \x1b[2J the screen?"
