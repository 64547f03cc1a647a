"""Small value readers the trace formats share: JSON-ish strings, timestamps, text."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any


def parse_jsonish(value: Any) -> Any:
    """A string holding JSON becomes that JSON; anything else is returned as it is."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text[:1] in ("{", "[", '"') or text in ("true", "false", "null"):
        try:
            return json.loads(text)
        except ValueError:
            return value
    return value


def as_arguments(value: Any) -> dict[str, Any] | None:
    """Tool arguments as GTC stores them: an object, or None; anything else is kept under
    `raw` (GTC 2.x refuses arguments that are not an object)."""
    value = parse_jsonish(value)
    if value is None or value == "":
        return None
    if isinstance(value, dict):
        return value
    return {"raw": value}


def text_of(value: Any) -> str:
    """The text of a message content: a string, a list of parts (`text` / `content`
    parts), or an object with `content` / `text`; other values are empty."""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        parts = [text_of(part) for part in value]
        return "\n".join(part for part in parts if part)
    if isinstance(value, dict):
        kind = value.get("type")
        if kind not in (None, "text", "input_text", "output_text"):
            return ""
        for key in ("content", "text"):
            if key in value:
                return text_of(value[key])
    return ""


def from_unix_nanos(value: Any) -> datetime | None:
    try:
        nanos = int(value)
    except (TypeError, ValueError):
        return None
    if nanos <= 0:
        return None
    return datetime.fromtimestamp(nanos / 1e9, tz=UTC)


def from_iso(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def clean(value: Any) -> str | None:
    """A non-blank string, stripped; None for anything else."""
    if isinstance(value, str) and value.strip():
        return value.strip()
    return None


def as_int(value: Any) -> int | None:
    """An integer attribute (token counts); None for anything else."""
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def as_list(value: Any) -> list[Any]:
    """`value` when it is a list, else empty: files from the wild put anything anywhere."""
    return value if isinstance(value, list) else []


def as_dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def as_text(value: Any) -> str | None:
    """`value` when it is a string (attributes compared with known names), else None."""
    return value if isinstance(value, str) else None
