"""A paint-first start's pending state: the app runs before settings and services exist.

GtTuiApp(services) is the usual start. GtTuiApp(starting=PendingStart(...)) shows the
last-known queue at once and calls `connect` in a worker right after the first frame;
screens see no services until it returns (the queue disables the keys that need them).
No pydantic here: this module is on the path to the first frame.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.theme import Theme

    from gt_tui.bootstrap import Services
    from gt_tui.tui.queue_snapshot import QueueSnapshot, SnapshotFile


class StartFailure(Exception):
    """Settings (or GT_KEYMAP) cannot start gt-tui: the usual start's one-line message and
    exit code, printed once the app has left the terminal."""

    def __init__(self, message: str, exit_code: int = 2, *, verbatim: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.verbatim = verbatim
        """The message is already what to print (argparse's usage error)."""


@dataclass(frozen=True)
class Connection:
    """What the app gets when a paint-first start has built settings and services."""

    services: Services
    themes: Sequence[Theme] = ()
    theme: str | None = None
    on_theme_change: Callable[[str], None] | None = None
    keymap: Mapping[str, str] = field(default_factory=dict)
    keep_last_known: bool = True
    """False when these settings keep no last-known queue (another state dir, a keymap)."""


@dataclass(frozen=True)
class PendingStart:
    """The last-known queue to paint, and how to connect after the first frame."""

    snapshot: QueueSnapshot
    connect: Callable[[], Awaitable[Connection]]
    snapshot_file: SnapshotFile | None = None
