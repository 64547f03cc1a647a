"""An injectable clock so services and snapshots can run on fixed time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from gt_tui.domain.models import utc_now

Clock = Callable[[], datetime]

system_clock: Clock = utc_now
