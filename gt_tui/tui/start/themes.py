"""Themes shipped as data files in themes/, and the user's remembered choice.

Themes are JSON so they can be tuned without touching code, read through a pydantic
model (ThemeFile); a broken file must never
stop the app, so each file is checked field by field, reported (file and field named)
and skipped.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
from collections.abc import Callable, Iterable
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictStr,
    ValidationError,
    field_validator,
)
from textual.color import Color, ColorParseError
from textual.design import ColorSystem
from textual.theme import Theme

from gt_tui.services.atomic_file import atomic_writer

log = logging.getLogger(__name__)

DEFAULT_THEME = "gt-dark"
PREFERENCE_FILE = "theme.json"


class ThemeFileError(ValueError):
    """A theme file that cannot become a Theme; the message names the file and field."""


@functools.cache
def _known_variables() -> frozenset[str]:
    """Variable names Textual generates: an override of any other name would do nothing."""
    return frozenset(ColorSystem(primary="#000000").generate())


def themes_dir() -> Traversable | None:
    """The installed `gt_tui/_themes` folder, else the source tree's top-level themes/."""
    with contextlib.suppress(ModuleNotFoundError, FileNotFoundError):
        packaged = resources.files("gt_tui").joinpath("_themes")
        if packaged.is_dir():
            return packaged
    source = Path(__file__).resolve().parents[3] / "themes"
    return source if source.is_dir() else None


def _colour(value: str | None) -> str | None:
    if value is not None:
        try:
            Color.parse(value)
        except ColorParseError:
            raise ValueError(f"{value!r} is not a colour") from None
    return value


Colour = Annotated[str, AfterValidator(_colour)]
Fraction = Annotated[float, Field(ge=0.0, le=1.0, allow_inf_nan=False, strict=True)]


class ThemeFile(BaseModel):
    """One themes/*.json document: Textual's Theme fields, each checked."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr
    primary: Colour
    secondary: Colour | None = None
    accent: Colour | None = None
    foreground: Colour | None = None
    background: Colour | None = None
    surface: Colour | None = None
    panel: Colour | None = None
    success: Colour | None = None
    warning: Colour | None = None
    error: Colour | None = None
    boost: Colour | None = None
    dark: StrictBool = True
    luminosity_spread: Fraction = 0.15
    text_alpha: Fraction = 0.95
    variables: dict[str, StrictStr] = Field(default_factory=dict)

    @field_validator("name")
    @classmethod
    def _named(cls, name: str) -> str:
        if not name.strip():
            raise ValueError("must be a non-empty string")
        return name

    @field_validator("variables")
    @classmethod
    def _known(cls, variables: dict[str, str]) -> dict[str, str]:
        known = _known_variables()
        for key in variables:
            if key not in known:
                raise ValueError(f"{key!r} is not a Textual variable")
        return variables

    def to_theme(self) -> Theme:
        return Theme(**self.model_dump(exclude_none=True))


def _problem(error: Any) -> str:
    """One pydantic error as `field 'x': problem` (the file is named by the caller)."""
    where = ".".join(str(part) for part in error["loc"])
    kind = error["type"]
    if kind == "missing":
        return f"field {where!r} is required"
    if kind == "extra_forbidden":
        return f"unknown field {where!r}"
    if where == "variables" and kind == "value_error":
        key = str(error["msg"]).removeprefix("Value error, ").split("'")[1]
        return f"field 'variables.{key}' is not a Textual variable"
    message = str(error["msg"]).removeprefix("Value error, ")
    if kind == "value_error":
        return f"field {where!r}: {message}"
    return f"field {where!r}: {message}, got {error['input']!r}"


def theme_from_mapping(data: Any, source: str) -> Theme:
    """Check every field of one theme document and build the Theme."""
    if not isinstance(data, dict):
        raise ThemeFileError(f"{source}: expected a JSON object with theme fields")
    try:
        document = ThemeFile.model_validate(data)
    except ValidationError as exc:
        raise ThemeFileError(f"{source}: {_problem(exc.errors()[0])}") from None
    theme = document.to_theme()
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
        with atomic_writer(self.path) as handle:
            handle.write((json.dumps({"theme": name}) + "\n").encode("utf-8"))
