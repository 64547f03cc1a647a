"""`gt-tui healthz`: one health check, exit 0 when ok and 1 when degraded."""

from __future__ import annotations

import json

from gt_tui.bootstrap import build_services
from gt_tui.commands.common import CommandError, require_existing_database
from gt_tui.config import Settings
from gt_tui.domain.text import one_line, terminal_safe_json


async def run_healthz(settings: Settings, *, as_json: bool) -> int:
    try:
        require_existing_database(settings)  # a check must not create the database it checks
    except CommandError as exc:
        if as_json:
            print(json.dumps({"status": "degraded", "backend": "sqlite", "detail": str(exc)}))
        else:
            print(f"degraded: sqlite: {one_line(str(exc))}")
        return 1
    services = await build_services(settings)
    try:
        report = await services.health.check()
    finally:
        await services.close()
    if as_json:
        print(terminal_safe_json(json.dumps(report.model_dump(mode="json"), ensure_ascii=False)))
    else:
        print(f"{report.status}: {report.backend}: {one_line(report.detail)}")
    return 0 if report.ok else 1
