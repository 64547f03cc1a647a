"""A Footer that recomposes only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever a screen's bindings are updated, which
happens on every focus change and every time a dialog closes; rebuilding them was the
largest part of going from the approve dialog back to the next item. Several updates
before the rebuild has run (a new screen: mount, then focus) make one rebuild, not one each.

It also fits its width: when the keys would run past the right edge (a focused list puts
its own keys first), keys are left out from the end, never `esc`, `q` or `?`, so "esc Back",
quit and help stay in view (80x24 too). Every key is still in help (`?`) and the command
palette.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from rich.cells import cell_len
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer
from textual.widgets._footer import FooterKey  # the key widget Footer.compose yields

PINNED_KEYS = frozenset({"escape", "q", "question_mark"})
"""Keys kept when the footer is too narrow for all of them (the way back, quit, help)."""


def key_width(key_display: str, description: str) -> int:
    """Cells a FooterKey takes: " key " then "description " (Textual's default padding)."""
    return cell_len(key_display) + 2 + (cell_len(description) + 1 if description else 0)


def keys_that_fit(widths: Sequence[int], pinned: Sequence[bool], room: int) -> list[int]:
    """Indexes of the keys to show in `room` cells, in order: unpinned keys are left out
    from the end until the rest fit (pinned ones stay even if they alone do not)."""
    kept = list(range(len(widths)))
    total = sum(widths)
    for index in reversed(range(len(widths))):
        if total <= room:
            break
        if not pinned[index]:
            kept.remove(index)
            total -= widths[index]
    return kept


class StableFooter(Footer):
    """Same look as Footer; skips the rebuild when the shown keys are unchanged."""

    _composed: tuple[Any, ...] | None = None
    _rebuild_pending = False

    def __init__(self, *children: Any, **kwargs: Any) -> None:
        # ctrl+p (Textual's command palette) is listed in help; on the right of the footer
        # it would crowd out the screen's own keys.
        kwargs.setdefault("show_command_palette", False)
        super().__init__(*children, **kwargs)

    def _shown_keys(self) -> tuple[Any, ...]:
        active = self.screen.active_bindings
        shown = tuple(
            (binding.key, binding.action, binding.description, enabled, tooltip, binding.group)
            for (_, binding, enabled, tooltip) in active.values()
            if binding.show
        )
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        return (
            shown,
            self.app.size.width,
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
            None if palette is None else (palette[1].key, palette[2]),
        )

    def compose(self):  # type: ignore[override]
        if self._bindings_ready:
            self._composed = self._shown_keys()
        yield from self._fitted(list(super().compose()))

    def _fitted(self, widgets: list[Widget]) -> Iterable[Widget]:
        keys = [w for w in widgets if isinstance(w, FooterKey)]
        widths = [key_width(w.key_display, w.description) for w in keys]
        pinned = [w.key in PINNED_KEYS for w in keys]
        kept = {id(keys[i]) for i in keys_that_fit(widths, pinned, self.app.size.width)}
        return (w for w in widgets if not isinstance(w, FooterKey) or id(w) in kept)

    def on_resize(self) -> None:
        if self.is_attached:
            self.bindings_changed(self.screen)

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        if self._rebuild_pending or self._shown_keys() == self._composed:
            return
        self._rebuild_pending = True
        self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if self.is_attached and self._shown_keys() != self._composed:
            await self.recompose()
