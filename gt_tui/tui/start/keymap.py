"""GT_KEYMAP: a TOML file of binding ids -> keys, checked at start, applied with
Textual's own keymap support (App.set_keymap).

    "item.approve" = "A"            # quoted dotted id
    [queue]
    get_more = ["m", "ctrl+n"]      # a table per screen works too

A typo must not surface as a key that silently does nothing, so unknown ids, key names
Textual does not know, and two bindings of one screen on the same key are each a one-line
error before the app starts.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from textual.keys import Keys, _character_to_key

from gt_tui.tui.keys import ANYWHERE, Scope, bound_keys

MODIFIERS = {"ctrl", "shift", "alt", "meta", "super", "hyper"}
KNOWN_KEY_NAMES = {key.value for key in Keys} | {"space", "enter", "tab", "escape", "backspace"}


class KeymapError(ValueError):
    """A keymap file that cannot be applied; the message is one line naming file and id."""


def _flatten(data: Mapping[str, Any], prefix: str = "") -> Iterable[tuple[str, Any]]:
    for name, value in data.items():
        binding_id = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, f"{binding_id}.")
        else:
            yield binding_id, value


def _key_problem(key: str) -> str | None:
    if not key:
        return "an empty key"
    *modifiers, name = key.split("+") if len(key) > 1 else [key]
    unknown = [modifier for modifier in modifiers if modifier not in MODIFIERS]
    if unknown:
        return f"unknown modifier {unknown[0]!r} in {key!r}"
    if len(name) == 1 or name in KNOWN_KEY_NAMES:
        return None
    try:
        unicodedata.lookup(name.replace("_", " "))
    except KeyError:
        return f"unknown key {key!r}"
    return None


def _keys_text(where: str, binding_id: str, value: Any) -> str:
    items = value if isinstance(value, list) else [value]
    if not items or not all(isinstance(item, str) for item in items):
        raise KeymapError(
            f'{where}: {binding_id}: expected a key or a list of keys, e.g. "ctrl+a", got {value!r}'
        )
    keys = [key.strip() for item in items for key in item.split(",")]
    for key in keys:
        problem = _key_problem(key)
        if problem:
            raise KeymapError(f"{where}: {binding_id}: {problem}")
    return ",".join(_character_to_key(key) if len(key) == 1 else key for key in keys)


def parse_keymap(text: str, where: str) -> dict[str, str]:
    """Binding id -> Textual key list ("ctrl+a,f2"), or KeymapError."""
    import tomllib  # only when GT_KEYMAP names a file: not on every start

    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise KeymapError(f"{where}: not valid TOML: {exc}") from exc
    return {
        binding_id: _keys_text(where, binding_id, value) for binding_id, value in _flatten(data)
    }


def load_keymap(path: Path) -> dict[str, str]:
    where = f"GT_KEYMAP {path}"
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise KeymapError(f"{where}: cannot read: {reason}") from exc
    return parse_keymap(text, where)


def check_keymap(keymap: Mapping[str, str], scopes: list[Scope], where: str) -> None:
    """Unknown ids, then keys that two bindings of one screen (with the app's) would share."""
    known = sorted({b.id for scope in scopes for b in scope.bindings if b.id})
    for binding_id in keymap:
        if binding_id not in known:
            close = difflib.get_close_matches(binding_id, known, n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise KeymapError(f"{where}: unknown binding id {binding_id!r}{hint}")
    app_scopes = [scope for scope in scopes if scope.section == ANYWHERE]
    app_bindings = [b for scope in app_scopes for b in scope.bindings]
    for scope in scopes:
        if scope.section == ANYWHERE:
            continue
        owners: dict[str, tuple[str, bool]] = {}
        for binding in (*scope.bindings, *app_bindings):
            name = binding.id or binding.action
            changed = binding.id in keymap if binding.id else False
            for key in bound_keys(binding, keymap):
                if key not in owners:
                    owners[key] = (name, changed)
                    continue
                other, other_changed = owners[key]
                if other != name and (changed or other_changed):
                    raise KeymapError(
                        f"{where}: key {key!r} is bound to both {other!r} and {name!r} "
                        f"({scope.section})"
                    )


def load_checked_keymap(path: Path | None, app_class: type) -> dict[str, str]:
    """The keymap at `path` (empty when unset), checked against every binding."""
    if path is None:
        return {}
    from gt_tui.tui.keys import binding_scopes

    keymap = load_keymap(path)
    check_keymap(keymap, binding_scopes(app_class), f"GT_KEYMAP {path}")
    return keymap
