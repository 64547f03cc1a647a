"""Takeover in the TUI: a lead (GT_LEADS) claims an item someone else holds.

The lead confirms a dialog naming the holder and when they took it; the write is
conditional on the version shown, so a save the holder makes meanwhile wins.
"""

from __future__ import annotations

from collections.abc import Callable

from textual.screen import Screen

from gt_tui.domain.errors import ConcurrencyError, GroundTruthError
from gt_tui.domain.models import GroundTruthItem
from gt_tui.services.oversight import held_since
from gt_tui.tui.context import workstation
from gt_tui.tui.text import age_text, one_line


def takeover_text(item: GroundTruthItem, now) -> str:
    holder = one_line(item.assigned_to) or "another curator"
    since = held_since(item)
    return (
        f"{one_line(item.id)} is held by {holder}, who took it {age_text(since, now)} ago "
        f"({since:%Y-%m-%d %H:%M} UTC).\n\n"
        f"Taking it over puts it in your queue. If {holder} saves unsaved edits later, they "
        "get the conflict prompt and are told you have it."
    )


def held_by_notice(screen: Screen, item: GroundTruthItem, holder: str | None) -> None:
    """What everyone else is told (unchanged from before takeovers)."""
    screen.notify(
        f"{one_line(item.id)} is held by {one_line(holder) or 'another curator'}: "
        "it is in their queue as a draft.",
        title="Already assigned",
        severity="warning",
        markup=False,
    )


async def offer_takeover(
    screen: Screen,
    item: GroundTruthItem,
    holder: str | None,
    taken: Callable[[GroundTruthItem], None],
) -> None:
    """For a lead: confirm, then take over and call `taken(stored)`. Others: the notice."""
    from gt_tui.tui.dialogs.confirm import ConfirmScreen

    app = workstation(screen)
    assignments = app.services.assignments
    if not assignments.may_take_over(app.user_id):
        held_by_notice(screen, item, holder)
        return
    try:
        seen = await app.browse.get(item.dataset_name, item.id)
    except GroundTruthError as exc:
        app.report_failure(exc, f"read {item.id}")
        return
    if seen is None or not seen.assigned_to or seen.assigned_to == app.user_id:
        screen.notify(f"{one_line(item.id)} changed; look again.", markup=False)
        return

    confirmed = await screen.app.push_screen_wait(
        ConfirmScreen(
            f"Take over from {one_line(seen.assigned_to)}?",
            takeover_text(seen, app.now()),
            confirm_label="Take over",
        )
    )
    if confirmed:
        await _take_over(screen, seen, taken)


async def _take_over(
    screen: Screen, seen: GroundTruthItem, taken: Callable[[GroundTruthItem], None]
) -> None:
    app = workstation(screen)
    try:
        stored = await app.services.assignments.take_over(app.user_id, seen)
    except ConcurrencyError as exc:
        screen.notify(str(exc), title="Not taken over", severity="warning", markup=False)
        return
    except GroundTruthError as exc:
        app.report_failure(exc, f"take over {seen.id}")
        return
    taken(stored)
    screen.notify(
        f"Took over {one_line(stored.id)} from {one_line(seen.assigned_to)}: it is in your queue.",
        markup=False,
    )
