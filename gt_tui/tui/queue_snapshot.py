"""The last-known queue: the queue's rows as plain strings, kept on disk for the next start.

`gt-tui` paints its first frame from this file before it reads settings or imports
pydantic (gt_tui.tui.paint_first), then replaces the rows with the real queue. The file
is used only when it was written under exactly the same settings sources: the fingerprint
hashes argv, the working directory, every GT_* variable, the login and XDG variables
that defaults come from, and the bytes of `.env`. Values are hashed, never stored: the
Cosmos key is never in the file in clear.

This module imports no pydantic and nothing of gt_tui's services, on purpose.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from textual.color import Color, ColorParseError
from textual.theme import Theme

SNAPSHOT_FILE = "last-queue.json"
SNAPSHOT_FORMAT = 1
"""Bumped whenever the file's shape or the way rows are drawn changes."""
MAX_ROWS = 60
"""Two screenfuls at 36 lines: the rest of the queue comes with the real load."""
APP_NAME = "gt-tui"
_DEFAULTS_FROM = (
    "HOME",
    "USER",
    "LOGNAME",
    "LNAME",
    "USERNAME",
    "XDG_CONFIG_HOME",
    "XDG_DATA_HOME",
    "XDG_STATE_HOME",
)
"""Variables Settings' defaults (user id, data and state dirs) are read from."""

COLUMNS = (("id", 64), ("dataset", 16), ("question", 120), ("tags", 18), ("refs", 4), ("age", 5))
"""The queue table's columns and how long a stored cell may be; the id and question columns
are then fitted to the screen (gt_tui/tui/list_columns.py: whole ids first)."""


@dataclass(frozen=True)
class QueueRow:
    """One queue row as the table shows it: plain strings, already one line and cut."""

    key: str
    id: str
    dataset: str
    question: str
    tags: str
    refs: str
    assigned_at: datetime | None
    """Kept as a time, so the age column is right when the file is read later."""


@dataclass(frozen=True)
class QueueSnapshot:
    fingerprint: str
    taken_at: datetime
    user_id: str
    demo: bool
    rows: tuple[QueueRow, ...]
    row_count: int
    """Items in the queue when it was taken (rows hold at most MAX_ROWS of them)."""
    counts: tuple[int, int, int] | None
    """In my queue, approved by me today, left in the pool (None: not known)."""
    theme: Theme


@dataclass(frozen=True)
class SnapshotFile:
    """Where this start's snapshot lives and the fingerprint it is written under."""

    path: Path
    fingerprint: str


def state_dir_from_env(environ: Mapping[str, str]) -> Path:
    """GT_STATE_DIR (any case, as pydantic-settings reads it), else Settings' default."""
    for name, value in environ.items():
        if name.upper() == "GT_STATE_DIR" and value:
            return Path(value)
    from platformdirs import user_config_dir

    return Path(user_config_dir(APP_NAME, appauthor=False))


def settings_fingerprint(argv: Sequence[str], environ: Mapping[str, str], cwd: Path) -> str:
    """A hash of everything Settings are built from (the values are never stored)."""
    env_file = cwd / ".env"
    try:
        dotenv = hashlib.sha256(env_file.read_bytes()).hexdigest()
    except OSError:
        dotenv = None
    sources = {
        "format": SNAPSHOT_FORMAT,
        "argv": list(argv),
        "cwd": str(cwd),
        "gt": sorted((k, v) for k, v in environ.items() if k.upper().startswith("GT_")),
        "defaults": [[name, environ.get(name)] for name in _DEFAULTS_FROM],
        "dotenv": dotenv,
    }
    return hashlib.sha256(json.dumps(sources, sort_keys=True).encode()).hexdigest()


def snapshot_file_for(argv: Sequence[str], environ: Mapping[str, str], cwd: Path) -> SnapshotFile:
    return SnapshotFile(
        state_dir_from_env(environ) / SNAPSHOT_FILE, settings_fingerprint(argv, environ, cwd)
    )


# -- writing -------------------------------------------------------------------------------


def theme_fields(theme: Theme) -> dict[str, Any]:
    return {field.name: getattr(theme, field.name) for field in dataclasses.fields(Theme)}


def _iso(value: datetime) -> str:
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def write_snapshot(
    target: SnapshotFile,
    *,
    rows: Iterable[QueueRow],
    row_count: int,
    counts: tuple[int, int, int] | None,
    user_id: str,
    demo: bool,
    theme: Theme,
    taken_at: datetime,
) -> None:
    """Write atomically (temporary file + os.replace), readable by the user only."""
    document = {
        "format": SNAPSHOT_FORMAT,
        "fingerprint": target.fingerprint,
        "taken_at": _iso(taken_at),
        "user_id": user_id,
        "demo": demo,
        "row_count": row_count,
        "counts": list(counts) if counts is not None else None,
        "theme": theme_fields(theme),
        "rows": [
            {
                **{name: getattr(row, name) for name in ("key", "id", "dataset", "question")},
                "tags": row.tags,
                "refs": row.refs,
                "assigned_at": _iso(row.assigned_at) if row.assigned_at else None,
            }
            for row in list(rows)[:MAX_ROWS]
        ],
    }
    target.path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".last-queue-", suffix=".tmp", dir=target.path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:  # mkstemp: mode 0600
            json.dump(document, handle, ensure_ascii=False)
        os.replace(tmp, target.path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


# -- reading -------------------------------------------------------------------------------


class _Malformed(ValueError):
    pass


def _text(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str):
        raise _Malformed(f"{name} is not a string")
    return value


def _time(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise _Malformed("a time is not a string")
    parsed = datetime.fromisoformat(value)  # ValueError for a bad one
    if parsed.tzinfo is None:
        raise _Malformed("a time has no zone")
    return parsed


def _row(data: Any) -> QueueRow:
    if not isinstance(data, dict):
        raise _Malformed("a row is not an object")
    names = ("key", "id", "dataset", "question", "tags", "refs")
    values = {name: _text(data, name) for name in names}
    return QueueRow(**values, assigned_at=_time(data.get("assigned_at")))


def _theme(data: Any) -> Theme:
    if not isinstance(data, dict) or set(data) != {f.name for f in dataclasses.fields(Theme)}:
        raise _Malformed("the theme does not have Textual's Theme fields")
    flags = ("dark", "ansi")
    for name, value in data.items():
        if name in (*flags, "luminosity_spread", "text_alpha", "variables", "name"):
            continue
        if value is not None:
            if not isinstance(value, str):
                raise _Malformed(f"theme {name} is not a colour")
            Color.parse(value)  # ColorParseError for a bad one
    variables = data["variables"]
    if (
        not isinstance(data["name"], str)
        or not all(isinstance(data[n], bool) for n in flags)
        or not all(type(data[n]) in (int, float) for n in ("luminosity_spread", "text_alpha"))
        or not isinstance(variables, dict)
        or not all(isinstance(v, str) for v in variables.values())
    ):
        raise _Malformed("a theme field has the wrong type")
    return Theme(**data)


def _counts(value: Any) -> tuple[int, int, int] | None:
    if value is None:
        return None
    if not (isinstance(value, list) and len(value) == 3 and all(type(v) is int for v in value)):
        raise _Malformed("counts are not three numbers")
    return (value[0], value[1], value[2])


def parse_snapshot(text: str) -> QueueSnapshot:
    """The snapshot in `text`; ValueError (or a subclass) for anything unexpected."""
    data = json.loads(text)
    if not isinstance(data, dict) or data.get("format") != SNAPSHOT_FORMAT:
        raise _Malformed("not a snapshot of this format")
    rows = data.get("rows")
    row_count = data.get("row_count")
    if not isinstance(rows, list) or type(row_count) is not int or row_count < len(rows):
        raise _Malformed("rows or row_count missing")
    taken_at = _time(data.get("taken_at"))
    if taken_at is None:
        raise _Malformed("taken_at missing")
    demo = data.get("demo")
    if not isinstance(demo, bool):
        raise _Malformed("demo is not true or false")
    return QueueSnapshot(
        fingerprint=_text(data, "fingerprint"),
        taken_at=taken_at,
        user_id=_text(data, "user_id"),
        demo=demo,
        rows=tuple(_row(row) for row in rows),
        row_count=row_count,
        counts=_counts(data.get("counts")),
        theme=_theme(data.get("theme")),
    )


def load_matching_snapshot(target: SnapshotFile) -> QueueSnapshot | None:
    """The snapshot at target.path if it is whole and written under this fingerprint.

    A missing, unreadable or malformed file is no snapshot (the start is then the usual
    one, which writes a good file): it never stops gt-tui.
    """
    try:
        snapshot = parse_snapshot(target.path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError, ColorParseError, TypeError):
        return None
    return snapshot if snapshot.fingerprint == target.fingerprint else None
