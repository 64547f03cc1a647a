"""User-id validation shared by every service entry point."""

from __future__ import annotations

import re

from gt_tui.domain.errors import InvalidUserIdError

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
