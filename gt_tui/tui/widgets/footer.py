"""A Footer that recomposes only when the keys it shows change.

Textual's Footer rebuilds all its keys whenever a screen's bindings are updated, which
happens on every focus change and every time a dialog closes; rebuilding them was the
largest part of going from the approve dialog back to the next item. Several updates
before the rebuild has run (a new screen: mount, then focus) make one rebuild, not one each.
"""

from __future__ import annotations

from typing import Any

from textual.screen import Screen
from textual.widgets import Footer


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
            self.show_command_palette,
            self.app.ENABLE_COMMAND_PALETTE,
            None if palette is None else (palette[1].key, palette[2]),
        )

    def compose(self):  # type: ignore[override]
        if self._bindings_ready:
            self._composed = self._shown_keys()
        yield from super().compose()

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
