"""Validation shared by every service entry point: user ids, and item keys (id and
dataset name) that every backend can store, so an item can move from SQLite to Cosmos."""

from __future__ import annotations

import re

from gt_tui.domain.errors import InvalidItemKeyError, InvalidUserIdError

_USER_ID = re.compile(r"[A-Za-z0-9@._-]{1,128}")


def validate_user_id(user_id: object) -> str:
    """Return the user id unchanged, or raise InvalidUserIdError saying why."""
    if not isinstance(user_id, str):
        raise InvalidUserIdError(f"user id must be a string, got {type(user_id).__name__}")
    if not _USER_ID.fullmatch(user_id):
        shown = user_id if len(user_id) <= 40 else user_id[:40] + "…"
        raise InvalidUserIdError(
            f"invalid user id {shown!r}: use 1..128 characters of A-Z a-z 0-9 @ . _ -"
        )
    return user_id


_COSMOS_ID_FORBIDDEN = "/\\?#\t\r\n"
"""Characters Cosmos DB refuses in an id (the SDK's own check, before any request)."""
MAX_ID_BYTES = 1023
"""Cosmos DB's limit on an id, in UTF-8 bytes."""
MAX_DATASET_NAME_BYTES = 2048
"""Cosmos DB's limit on a partition key value, in UTF-8 bytes."""
_SHOWN = {"\t": "a tab", "\r": "a carriage return", "\n": "a line feed", "\x00": "NUL"}


def _common_problem(value: str, max_bytes: int) -> str | None:
    if not value.strip():
        return "must not be empty or only whitespace"
    if "\x00" in value:
        return "must not contain NUL (U+0000)"
    if value[-1].isspace():
        return "must not end with whitespace"
    if len(value.encode("utf-8", "surrogatepass")) > max_bytes:
        return f"is longer than {max_bytes} bytes (UTF-8)"
    return None


def item_id_problem(item_id: str) -> str | None:
    """Why `item_id` cannot be stored on every backend, or None."""
    problem = _common_problem(item_id, MAX_ID_BYTES)
    if problem:
        return problem
    for char in item_id:
        if char in _COSMOS_ID_FORBIDDEN:
            shown = _SHOWN.get(char, repr(char))
            return f"must not contain {shown} (Cosmos DB refuses / \\ ? # tab CR LF in ids)"
    return None


def dataset_name_problem(dataset_name: str) -> str | None:
    """Why `dataset_name` cannot be stored on every backend (it is Cosmos's partition key)."""
    problem = _common_problem(dataset_name, MAX_DATASET_NAME_BYTES)
    if problem is None and dataset_name[0].isspace():
        return "must not start with whitespace"
    return problem


def item_key_problems(dataset_name: str, item_id: str) -> list[tuple[str, str]]:
    """(field alias, problem) for each part of the key no backend-neutral store accepts."""
    found = [
        ("datasetName", dataset_name_problem(dataset_name)),
        ("id", item_id_problem(item_id)),
    ]
    return [(name, problem) for name, problem in found if problem]


def validate_item_key(dataset_name: str, item_id: str) -> None:
    """Raise InvalidItemKeyError naming the field, for every path that creates an item."""
    problems = item_key_problems(dataset_name, item_id)
    if problems:
        name, problem = problems[0]
        value = item_id if name == "id" else dataset_name
        shown = value if len(value) <= 40 else value[:40] + "…"
        raise InvalidItemKeyError(f"{name} {shown!r} {problem}", field=name)
