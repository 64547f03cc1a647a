"""Every key binding of the workstation, read from the classes' own BINDINGS.

The help screen and the keymap check (GT_KEYMAP) both walk the same list, so a binding
added to any screen or widget in a package of gt_tui/tui (start excepted: the app is its
own scope) shows up in help, and can be rebound by its `id`, without a second list to keep
in step.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding
from textual.dom import DOMNode
from textual.keys import _character_to_key, format_key

TUI_PACKAGE = "gt_tui.tui"
NOT_SCANNED = ("gt_tui.tui.start",)
"""The app's package: its bindings are the `Anywhere` scope, read from the app class."""

SECTION_ORDER = (
    "Queue (home)",
    "Item",
    "Reference list",
    "Turn list",
    "Explorer",
    "Dialogs",
    "Edit conflict",
    "Tag picker",
    "Tag glossary",
    "Help",
)
"""Sections listed first, in this order; any other section follows by title."""

ANYWHERE = "Anywhere"

SECTIONS = {
    "QueueScreen": "Queue (home)",
    "ItemTable": "Queue (home)",
    "ItemDetailScreen": "Item",
    "ExplorerScreen": "Explorer",
    "ConfirmScreen": "Dialogs",
    "ApprovalScreen": "Dialogs",
    "ConflictScreen": "Edit conflict",
    "TagPickerScreen": "Tag picker",
    "TagGlossaryScreen": "Tag glossary",
    "HelpScreen": "Help",
}
"""Help sections of the classes that exist today; a new class may set HELP_SECTION, or
gets a title made from its name."""


@dataclass(frozen=True)
class Extra:
    """A key that is not a binding of its own (a dialog's convention, an editor's keys)."""

    section: str
    keys: str
    description: str


EXTRAS: tuple[Extra, ...] = (
    Extra("Queue (home)", "enter", "open the highlighted item"),
    Extra("Explorer", "enter", "open the highlighted item"),
    Extra("Item", "tab", "move into the editors"),
    Extra("Item", "escape", "leave the editor (again: back to the queue)"),
    Extra("Reference list", "enter", "edit the highlighted reference"),
    Extra("Reference list", "x", "remove it"),
    Extra("Reference list", "u", "bring a removed reference back"),
    Extra("Reference list", "b", "mark as bonus"),
    Extra("Reference list", "o", "open in the browser (records visitedAt)"),
    Extra("Turn list", "enter", "edit the highlighted turn"),
    Extra("Turn list", "+", "insert a turn after it"),
    Extra("Turn list", "x", "delete it"),
    Extra("Turn list", "e", "expected behaviours"),
    Extra("Dialogs", "enter / y", "confirm"),
    Extra("Dialogs", "escape / n", "cancel"),
    Extra(ANYWHERE, "ctrl+p", "command palette (themes, keys, quit)"),
)
"""Shown in help unless a binding of the same section already lists one of the keys."""


@dataclass(frozen=True)
class Scope:
    """One class with key bindings, and the help section it belongs to."""

    section: str
    owner: type[DOMNode]
    bindings: tuple[Binding, ...]


def _title_from_name(name: str) -> str:
    words = re.sub(r"(?<!^)(?=[A-Z])", " ", name.removesuffix("Screen")).split()
    return " ".join(words).capitalize() or name


def section_of(owner: type[DOMNode]) -> str:
    """`HELP_SECTION` on the class (or a base), the known map, or a title from its name."""
    section = getattr(owner, "HELP_SECTION", None)
    if isinstance(section, str) and section:
        return section
    return SECTIONS.get(owner.__name__) or _title_from_name(owner.__name__)


def own_bindings(owner: type, *, textual_too: bool = False) -> tuple[Binding, ...]:
    """The bindings declared by gt_tui classes in `owner`'s bases (with `textual_too`,
    Textual's as well), a subclass's binding replacing its base's for the same action."""
    merged: dict[str, Binding] = {}
    for base in reversed(owner.__mro__):
        if "BINDINGS" not in base.__dict__:
            continue
        if not textual_too and not base.__module__.startswith("gt_tui."):
            continue
        for binding in Binding.make_bindings(base.__dict__["BINDINGS"]):
            merged[binding.action] = binding
    return tuple(merged.values())


def _scanned_modules() -> Iterable[str]:
    """Every module of gt_tui.tui's packages, start excepted (feature packages added later,
    such as trace, history and review, are found without a change here)."""
    root = importlib.import_module(TUI_PACKAGE)
    for info in pkgutil.walk_packages(root.__path__, f"{TUI_PACKAGE}."):
        if not info.name.startswith(NOT_SCANNED):
            yield info.name


def _classes_in(module_name: str) -> Iterable[type[DOMNode]]:
    module = importlib.import_module(module_name)
    for value in vars(module).values():
        if (
            isinstance(value, type)
            and issubclass(value, DOMNode)
            and value.__module__ == module.__name__
        ):
            yield value


def binding_scopes(app_class: type | None = None) -> list[Scope]:
    """Every gt_tui screen and widget with bindings of its own, and the app (`Anywhere`)."""
    scopes: list[Scope] = []
    for module_name in _scanned_modules():
        for owner in _classes_in(module_name):
            bindings = own_bindings(owner)
            if bindings:
                scopes.append(Scope(section_of(owner), owner, bindings))
    if app_class is not None:
        scopes.append(Scope(ANYWHERE, app_class, own_bindings(app_class, textual_too=True)))
    return scopes


def bound_keys(binding: Binding, keymap: Mapping[str, str]) -> list[str]:
    """The keys that fire `binding` once `keymap` (binding id -> keys) is applied."""
    keys = keymap.get(binding.id, binding.key) if binding.id else binding.key
    return [_character_to_key(key) if len(key) == 1 else key for key in _split(keys)]


def _split(keys: str) -> list[str]:
    return [key.strip() for key in keys.split(",") if key.strip()]


KEY_WORDS = {"escape": "esc", "enter": "enter", "backspace": "backspace", "space": "space"}


def key_label(key: str) -> str:
    """One key as help shows it: `?`, `[`, `ctrl+s`, `enter`, `esc`."""
    *modifiers, name = key.split("+") if len(key) > 1 else [key]
    return "+".join([*modifiers, KEY_WORDS.get(name) or format_key(name)])


def keys_label(binding: Binding, keymap: Mapping[str, str]) -> str:
    rebound = binding.id is not None and binding.id in keymap
    if binding.key_display and not rebound:
        return binding.key_display
    return " / ".join(key_label(key) for key in bound_keys(binding, keymap))


def _section_rank(section: str) -> tuple[int, str]:
    if section == ANYWHERE:
        return (len(SECTION_ORDER) + 1, section)
    if section in SECTION_ORDER:
        return (SECTION_ORDER.index(section), section)
    return (len(SECTION_ORDER), section)


def help_sections(
    scopes: Iterable[Scope], keymap: Mapping[str, str] | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(section, [(keys, what)]) for the help screen: bindings with a description, then
    the extras their section does not already cover."""
    keymap = keymap or {}
    rows: dict[str, list[tuple[str, str]]] = {}
    seen: dict[str, set[str]] = {}
    for scope in scopes:
        for binding in scope.bindings:
            what = binding.tooltip or binding.description
            if not what or binding.system:
                continue
            label = keys_label(binding, keymap)
            entry = (label, what)
            section_rows = rows.setdefault(scope.section, [])
            if entry not in section_rows:
                section_rows.append(entry)
            seen.setdefault(scope.section, set()).update(bound_keys(binding, keymap))
    for extra in EXTRAS:
        extra_keys = {
            _character_to_key(key) if len(key) == 1 else key
            for key in re.split(r"\s*/\s*", extra.keys)
        }
        if extra_keys & seen.get(extra.section, set()):
            continue
        rows.setdefault(extra.section, []).append((extra.keys, extra.description))
    return sorted(rows.items(), key=lambda item: _section_rank(item[0]))
