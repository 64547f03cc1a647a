"""Every screen is a Screen first: Textual follows only the first base class for CSS type
names and default CSS, so a mixin listed before Screen left a screen without Screen's
styles (no background: each frame blended with the screen below)."""

from __future__ import annotations

import importlib
import pkgutil

from textual.screen import Screen

import gt_tui.tui


def _screen_classes() -> list[type[Screen]]:
    for module in pkgutil.walk_packages(gt_tui.tui.__path__, "gt_tui.tui."):
        importlib.import_module(module.name)
    found: list[type[Screen]] = []
    pending = [Screen]
    while pending:
        for sub in pending.pop().__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("gt_tui."):
                found.append(sub)
    return found


def test_every_screen_takes_textual_screen_styles():
    screens = _screen_classes()
    assert len(screens) > 10  # the item, queue, explorer, progress screens and the dialogs
    missing = [cls.__qualname__ for cls in screens if "Screen" not in cls._css_type_names]
    assert missing == []


def test_no_screen_is_assembled_from_mixins():
    """One base per screen class (its own chain of Screen subclasses), never a mixin."""
    mixed = [cls.__qualname__ for cls in _screen_classes() if len(cls.__bases__) > 1]
    assert mixed == []
