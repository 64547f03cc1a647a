"""Handing a field to the curator's own editor (`$VISUAL` / `$EDITOR`), and checking
what comes back: text as it is, JSON where JSON is required, a whole item through the
same rules as import. An invalid result reopens the editor with the problem on the first
line (a `# gt-tui:` line, removed again when read); an empty file, or an editor that
exits with an error, drops the edit. The TUI runs the editor (`App.suspend`); this module
only needs a function that runs a command and returns its exit status."""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from gt_tui.services.import_reading import parse_document

PROBLEM_MARK = "# gt-tui: "
MAX_ROUNDS = 10
"""An editor that keeps returning something invalid is given up on after this many."""

Runner = Callable[[list[str]], int]


class EditKind(StrEnum):
    text = "text"
    json = "json"
    item = "item"


@dataclass(frozen=True)
class EditOutcome:
    """`value`: the new text, the parsed JSON or a GroundTruthItem; None when dropped
    (`reason` says why)."""

    value: Any = None
    dropped: bool = False
    reason: str = ""
    changed: bool = True


def editor_command(environ: Mapping[str, str] | None = None) -> list[str]:
    """`$VISUAL`, else `$EDITOR` (each may carry options: `code --wait`), else `vi`."""
    environ = os.environ if environ is None else environ
    for name in ("VISUAL", "EDITOR"):
        value = environ.get(name, "").strip()
        if value:
            return shlex.split(value)
    return ["vi"]


def _without_problem_lines(text: str) -> str:
    lines = text.splitlines(keepends=True)
    while lines and lines[0].startswith(PROBLEM_MARK):
        lines.pop(0)
    return "".join(lines)


def check(text: str, kind: EditKind) -> tuple[Any, str | None]:
    """(value, None) or (None, the problem) for what the editor returned."""
    if kind == EditKind.text:
        return text.removesuffix("\n"), None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
    if kind == EditKind.json:
        return value, None
    parsed = parse_document(value, 1)
    if parsed.problems or parsed.item is None:
        listed = "; ".join(
            f"{p.where}: {p.problem}" if p.where else p.problem for p in parsed.problems
        )
        return None, listed or "not an item"
    return parsed.item, None


def initial_text(value: Any, kind: EditKind) -> str:
    """What the editor opens: the text, or JSON (an item as its stored document)."""
    if kind == EditKind.text:
        return str(value or "")
    if kind == EditKind.item:
        value = value.to_doc()
    return json.dumps(value, indent=2, ensure_ascii=False) + "\n"


def edit(
    value: Any,
    kind: EditKind,
    *,
    run: Runner | None = None,
    environ: Mapping[str, str] | None = None,
    max_rounds: int = MAX_ROUNDS,
    accept: Callable[[Any], str | None] | None = None,
) -> EditOutcome:
    """Open `value` in the editor until what comes back is valid, empty (dropped), or the
    editor fails; see the module docstring. `accept` checks a valid result further (the
    problem, or None): a problem reopens the editor like an invalid result."""
    run = run or _run
    command = editor_command(environ)
    original = initial_text(value, kind)
    content, problem = original, None
    suffix = ".txt" if kind == EditKind.text else ".json"
    with tempfile.TemporaryDirectory(prefix="gt-tui-edit-") as folder:
        path = Path(folder) / f"edit{suffix}"
        for _ in range(max_rounds):
            header = (
                f"{PROBLEM_MARK}{problem} (empty the file to drop the edit)\n" if problem else ""
            )
            path.write_text(header + content, encoding="utf-8")
            status = run([*command, str(path)])
            if status != 0:
                return EditOutcome(dropped=True, reason=f"the editor exited with status {status}")
            content = _without_problem_lines(path.read_text(encoding="utf-8"))
            if not content.strip():
                return EditOutcome(dropped=True, reason="the file was left empty")
            result, problem = check(content, kind)
            if problem is None and accept is not None:
                problem = accept(result)
            if problem is None:
                return EditOutcome(value=result, changed=content != original)
        return EditOutcome(
            dropped=True, reason=f"still invalid after {max_rounds} tries: {problem}"
        )


def _run(command: list[str]) -> int:
    try:
        return subprocess.call(command)
    except OSError as exc:
        return 127 if isinstance(exc, FileNotFoundError) else 126
