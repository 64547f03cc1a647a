"""The README's list of binding ids (for GT_KEYMAP) is every binding id, and only those."""

from __future__ import annotations

import re
from pathlib import Path

from gt_tui.tui.keys import binding_scopes
from gt_tui.tui.start.app import GtTuiApp

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_ids() -> set[str]:
    """`queue.get_more|refresh` in the paragraph starting "Ids:" means queue.get_more and
    queue.refresh; an id without a dot stands alone."""
    text = README.read_text(encoding="utf-8")
    paragraph = text[text.index("\nIds: ") :].split("\n\n", 1)[0]
    ids = set()
    for group in re.findall(r"`([a-z_.|]+)`", paragraph):
        first, *more = group.split("|")
        prefix = first.rpartition(".")[0]
        ids.add(first)
        ids.update(f"{prefix}.{name}" for name in more)
    return ids


def test_readme_lists_every_binding_id():
    bound = {b.id for scope in binding_scopes(GtTuiApp) for b in scope.bindings if b.id}
    assert readme_ids() == bound
