"""Settings from GT_* environment variables, a .env file, and CLI overrides."""

from __future__ import annotations

import getpass
import os
import re
from pathlib import Path
from typing import Annotated, Literal

from platformdirs import user_config_dir, user_data_dir, user_state_dir
from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from gt_tui.settings_checks import check_cosmos_endpoint, check_cosmos_key

APP_NAME = "gt-tui"
_USER_ID_CHARS = re.compile(r"[A-Za-z0-9@._-]{1,128}")


def default_sqlite_path() -> Path:
    return Path(user_data_dir(APP_NAME, appauthor=False)) / "gt-tui.sqlite3"


def default_state_dir() -> Path:
    return Path(user_config_dir(APP_NAME, appauthor=False))


def default_edit_journal_path() -> Path:
    return Path(user_state_dir(APP_NAME, appauthor=False)) / "unsaved-edits.sqlite3"


def default_user_id() -> str:
    try:
        name = getpass.getuser()
    except (KeyError, OSError):  # no login name (some containers): fall back
        name = os.environ.get("USER") or "curator"
    cleaned = "".join(ch for ch in name if ch.isalnum() or ch in "@._-")
    return cleaned[:128] or "curator"


class Settings(BaseSettings):
    """Every knob of gt-tui. Env prefix GT_, e.g. GT_BACKEND=cosmos."""

    model_config = SettingsConfigDict(
        env_prefix="GT_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
    )

    backend: Literal["sqlite", "memory", "cosmos"] = "sqlite"
    sqlite_path: Path = Field(default_factory=default_sqlite_path)
    cosmos_endpoint: str | None = None
    cosmos_key: SecretStr | None = None
    cosmos_database: str = "gt-tui"
    cosmos_container: str = "ground-truth"
    cosmos_create_if_missing: bool = False
    cosmos_emulator: bool | None = None
    cosmos_connection_verify: bool = True
    cosmos_emulator_unicode_workaround: bool = False
    cosmos_timeout_s: float = Field(default=10.0, gt=0)
    cosmos_retry_total: int = Field(default=3, ge=0)
    cosmos_retry_429_max_wait_s: int = Field(default=30, ge=0)
    user_id: str = Field(default_factory=default_user_id)
    sampling_weights: dict[str, float] = Field(default_factory=dict)
    theme: str = "gt-dark"
    keymap: Path | None = None
    """GT_KEYMAP: a TOML file of binding ids -> keys (checked at start, see README)."""
    confirm: Literal["never", "edits", "always"] = "edits"
    """When a/s/d show a dialog first: never, only with unsaved edits, or always."""
    health_interval_s: float = Field(default=5.0, gt=0)
    max_line_bytes: int = Field(default=16 * 1024 * 1024, ge=1024)
    """GT_MAX_LINE_BYTES: the longest import line (or array item) read, in bytes."""
    pii_detection: bool = True
    duplicate_detection: bool = True
    state_dir: Path = Field(default_factory=default_state_dir)
    tags_file: Path | None = None
    """Manual-tag vocabulary (JSON); None: the seed system's default shipped in the package."""
    tag_policy: Literal["warn", "reject"] = "warn"
    cosmos_tags_container: str = "tags"
    cosmos_history_container: str = "history"
    """GT_COSMOS_HISTORY_CONTAINER: item revisions (partition key /datasetName)."""
    review: Literal["off", "leads"] = "off"
    """GT_REVIEW: leads -- a curator's approval waits for a lead's accept or send-back."""
    cosmos_assignments_container: str = "assignments"
    """GroundTruthCurator's assignments container (GTC's default name). When the database
    has it, every claim and decision keeps GTC's assignment documents in it; when it does
    not (or this is empty), nothing is written there."""
    require_reference_visit: bool = False
    """Approval gate: every reference must have been opened (visitedAt set)."""
    min_key_excerpt: int | None = Field(default=None, ge=0)
    """Approval gate: every reference needs a key excerpt of at least this many characters."""
    leads: Annotated[list[str], NoDecode] = Field(default_factory=list)
    """GT_LEADS=ann,bob: users who may take over an item someone else holds."""
    edit_journal_path: Path = Field(default_factory=default_edit_journal_path)
    """Local journal of unsaved edits (restored after a crash or a kill)."""

    @field_validator("user_id")
    @classmethod
    def _user_id_allowed(cls, value: str) -> str:
        if not 1 <= len(value) <= 128 or any(
            not (ch.isascii() and (ch.isalnum() or ch in "@._-")) for ch in value
        ):
            raise ValueError("user id must be 1..128 characters of [A-Za-z0-9@._-]")
        return value

    @field_validator("leads", mode="before")
    @classmethod
    def _leads_listed(cls, value: object) -> object:
        if isinstance(value, str):
            value = [part.strip() for part in value.split(",") if part.strip()]
        if isinstance(value, list):
            for lead in value:
                if not isinstance(lead, str) or not _USER_ID_CHARS.fullmatch(lead):
                    raise ValueError(
                        f"GT_LEADS: invalid user id {str(lead)[:40]!r}: "
                        "use 1..128 characters of [A-Za-z0-9@._-]"
                    )
        return value

    @field_validator("cosmos_endpoint")
    @classmethod
    def _cosmos_endpoint_valid(cls, value: str | None) -> str | None:
        return None if value is None or not value.strip() else check_cosmos_endpoint(value)

    @field_validator("cosmos_key")
    @classmethod
    def _cosmos_key_valid(cls, value: SecretStr | None) -> SecretStr | None:
        return None if value is None else SecretStr(check_cosmos_key(value.get_secret_value()))
