"""`gt-tui stats`: counts per dataset and status, and drafts assigned per curator."""

from __future__ import annotations

import json
from typing import Any

from rich.cells import cell_len

from gt_tui.commands.common import EXIT_OK, connected_services
from gt_tui.config import Settings
from gt_tui.domain.text import one_line, terminal_safe_json
from gt_tui.services.review import ReviewSummary
from gt_tui.services.stats import STATUSES, StoreStats, collect_stats


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    """Plain-text columns: the first left-aligned, the rest right-aligned (numbers).
    Widths count terminal cells, so wide characters in dataset names line up."""
    widths = [max(cell_len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        cells = [row[0] + " " * (widths[0] - cell_len(row[0]))]
        cells += [" " * (w - cell_len(c)) + c for c, w in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells).rstrip())
    return lines


def render_stats(stats: StoreStats, backend: str) -> str:
    data = stats.to_json()
    rows = [
        [one_line(name), *(str(counts[s]) for s in STATUSES), str(counts["total"])]
        for name, counts in data["datasets"].items()
    ]
    rows.append(["all", *(str(data["by_status"][s]) for s in STATUSES), str(data["total"])])
    lines = [f"{data['total']} items on {backend}", ""]
    lines += _table(["dataset", *STATUSES, "total"], rows)
    shapes = data["shapes"]
    lines += ["", "items per shape (RAG: seed era; agentic: GTC 2.x)"]
    lines += _table(
        ["shape", *STATUSES, "total"],
        [[shape, *(str(c[s]) for s in STATUSES), str(c["total"])] for shape, c in shapes.items()],
    )
    lines += ["", "drafts assigned per curator"]
    assigned = data["drafts_assigned"]
    if assigned:
        lines += _table(
            ["curator", "drafts"],
            [[one_line(user), str(count)] for user, count in assigned.items()],
        )
    else:
        lines.append("(none)")
    return "\n".join(lines)


async def run_stats(settings: Settings, *, as_json: bool = False) -> int:
    async with connected_services(settings) as services:
        stats = await collect_stats(services.repo)
        review = await services.review.summary() if services.review.enabled else None
    if as_json:
        data: dict[str, Any] = {"backend": settings.backend, **stats.to_json()}
        if review is not None:  # GT_REVIEW=leads: pending reviews, sent-back rates
            data["review"] = review.to_json()
        print(terminal_safe_json(json.dumps(data, ensure_ascii=False)))  # raw stored text
    else:
        print(render_stats(stats, settings.backend))
        if review is not None:
            print(render_review(review))
    return EXIT_OK


def render_review(review: ReviewSummary) -> str:
    lines = ["", f"review: {review.pending} pending"]
    if review.curators:
        lines += _table(
            ["curator", "reviewed", "sent back", "rate"],
            [
                [one_line(user), str(c.reviewed), str(c.sent_back), f"{c.sent_back_rate:.0%}"]
                for user, c in sorted(review.curators.items())
            ],
        )
    return "\n".join(lines)
