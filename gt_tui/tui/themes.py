"""Themes shipped as data files in themes/, and the user's remembered choice.

Themes are JSON so they can be tuned without touching code; a broken file must never
stop the app, so each file is checked field by field, reported (file and field named)
and skipped.
"""

from __future__ import annotations

import contextlib
import json
import logging
import math
import os
import tempfile
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.design import ColorSystem
from textual.theme import Theme

log = logging.getLogger(__name__)

DEFAULT_THEME = "gt-dark"
PREFERENCE_FILE = "theme.json"

COLOUR_FIELDS = (
    "primary",
    "secondary",
    "accent",
    "foreground",
    "background",
    "surface",
    "panel",
    "success",
    "warning",
    "error",
    "boost",
)
NUMBER_FIELDS = {"luminosity_spread": (0.0, 1.0), "text_alpha": (0.0, 1.0)}
KNOWN_FIELDS = {"name", "dark", "variables", *COLOUR_FIELDS, *NUMBER_FIELDS}


class ThemeFileError(ValueError):
    """A theme file that cannot become a Theme; the message names the file and field."""


def _known_variables() -> frozenset[str]:
    """Variable names Textual generates: an override of any other name would do nothing."""
    return frozenset(ColorSystem(primary="#000000").generate())


def themes_dir() -> Traversable | None:
    """The installed `gt_tui/_themes` folder, else the source tree's top-level themes/."""
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError):
        packaged = resources.files("gt_tui").joinpath("_themes")
        if packaged.is_dir():
            return packaged
    source = Path(__file__).resolve().parents[2] / "themes"
    return source if source.is_dir() else None


def _check_colour(source: str, field: str, value: Any) -> str:
    if not isinstance(value, str):
        raise ThemeFileError(f"{source}: field {field!r} must be a colour string, got {value!r}")
    try:
        Color.parse(value)
    except ColorParseError as exc:
        raise ThemeFileError(f"{source}: field {field!r}: {value!r} is not a colour") from exc
    return value


def theme_from_mapping(data: Any, source: str) -> Theme:
    """Check every field of one theme document and build the Theme."""
    if not isinstance(data, dict):
        raise ThemeFileError(f"{source}: expected a JSON object with theme fields")
    unknown = sorted(set(data) - KNOWN_FIELDS)
    if unknown:
        raise ThemeFileError(f"{source}: unknown field {unknown[0]!r}")
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise ThemeFileError(f"{source}: field 'name' is required and must be a non-empty string")
    if "primary" not in data:
        raise ThemeFileError(f"{source}: field 'primary' is required")
    fields: dict[str, Any] = {"name": name}
    for field in COLOUR_FIELDS:
        if data.get(field) is not None:
            fields[field] = _check_colour(source, field, data[field])
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ThemeFileError(f"{source}: field 'dark' must be true or false, got {dark!r}")
    fields["dark"] = dark
    for field, (low, high) in NUMBER_FIELDS.items():
        if field not in data:
            continue
        value = data[field]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
            or not low <= value <= high
        ):
            raise ThemeFileError(
                f"{source}: field {field!r} must be a number in [{low}, {high}], got {value!r}"
            )
        fields[field] = float(value)
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ThemeFileError(f"{source}: field 'variables' must be an object")
    known = _known_variables()
    for key, value in variables.items():
        if key not in known:
            raise ThemeFileError(f"{source}: field 'variables.{key}' is not a Textual variable")
        if not isinstance(value, str):
            raise ThemeFileError(f"{source}: field 'variables.{key}' must be a string")
    fields["variables"] = dict(variables)
    theme = Theme(**fields)
    try:
        theme.to_color_system().generate()
    except (ColorParseError, ValueError) as exc:
        raise ThemeFileError(f"{source}: the colours do not form a theme: {exc}") from exc
    return theme


def load_theme_file(path: Traversable | Path) -> Theme:
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ThemeFileError(f"{source}: cannot read: {exc}") from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ThemeFileError(
            f"{source}: line {exc.lineno} column {exc.colno}: invalid JSON: {exc.msg}"
        ) from exc
    return theme_from_mapping(data, source)


def load_themes(
    directory: Traversable | Path | None = None,
    report: Callable[[str], None] | None = None,
) -> list[Theme]:
    """Every valid theme in `directory` (default: the shipped themes), sorted by file name.

    Bad files and duplicate names go to `report` (default: a logged warning) and are
    skipped; this never raises for a file's content.
    """
    report = report or log.warning
    folder = directory if directory is not None else themes_dir()
    if folder is None or not folder.is_dir():
        report(f"no themes folder found at {folder or 'gt_tui/_themes or ./themes'}")
        return []
    files: Iterable[Traversable | Path] = sorted(
        (entry for entry in folder.iterdir() if entry.name.endswith(".json")),
        key=lambda entry: entry.name,
    )
    themes: list[Theme] = []
    seen: dict[str, str] = {}
    for path in files:
        try:
            theme = load_theme_file(path)
        except ThemeFileError as exc:
            report(f"theme skipped: {exc}")
            continue
        if theme.name in seen:
            report(
                f"theme skipped: {path}: field 'name': {theme.name!r} is already "
                f"defined by {seen[theme.name]}"
            )
            continue
        seen[theme.name] = str(path)
        themes.append(theme)
    return themes


class ThemePreference:
    """The last theme the user picked, in <state_dir>/theme.json (written atomically)."""

    def __init__(self, state_dir: Path) -> None:
        self.path = Path(state_dir) / PREFERENCE_FILE

    def load(self) -> str | None:
        """The saved name, or None when nothing usable is saved (a bad file is reported)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            log.warning("ignoring theme preference %s: %s", self.path, exc)
            return None
        name = data.get("theme") if isinstance(data, dict) else None
        if not isinstance(name, str) or not name.strip():
            log.warning("ignoring theme preference %s: field 'theme' is missing", self.path)
            return None
        return name

    def save(self, name: str) -> None:
        """Write via a temporary file and os.replace, so a crash never leaves half a file."""
        if not name.strip():
            raise ValueError("theme name must not be blank")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".theme-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump({"theme": name}, handle)
                handle.write("\n")
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
