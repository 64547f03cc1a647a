"""A scripted $EDITOR for tests: a Python script run as the editor that answers each round
with the next reply of a plan file and records the text each round was handed, so a test
says what the curator "types" and then checks what the editor saw."""

from __future__ import annotations

import json
import sys
import textwrap
from pathlib import Path

SCRIPT = textwrap.dedent(
    """
    import json, sys
    plan_path, target = sys.argv[1], sys.argv[2]
    with open(plan_path) as f:
        plan = json.load(f)
    with open(target) as f:
        text = f.read()
    plan.setdefault("seen", []).append(text)
    reply = plan["replies"][len(plan["seen"]) - 1]
    with open(plan_path, "w") as f:
        json.dump(plan, f)
    if isinstance(reply, int):
        sys.exit(reply)
    if isinstance(reply, dict):
        body = "".join(l for l in text.splitlines(True) if not l.startswith("# gt-tui: "))
        doc = json.loads(body)
        doc.update(reply["set"])
        reply = json.dumps(doc, indent=2)
    with open(target, "w") as f:
        f.write(reply)
    """
)


class ScriptedEditor:
    """Replies, one per round: a str is written as the file, an int is the editor's exit
    status, and {"set": {...}} changes those fields of the JSON document it was handed
    (after the `# gt-tui:` problem line, if any)."""

    def __init__(self, directory: Path) -> None:
        script = directory / "scripted_editor.py"
        script.write_text(SCRIPT)
        self._plan = directory / "editor-plan.json"
        self.command = f"{sys.executable} {script} {self._plan}"

    def replies(self, *replies: str | int | dict) -> None:
        self._plan.write_text(json.dumps({"replies": list(replies)}))

    def seen(self) -> list[str]:
        """The text each round was handed, in order."""
        return json.loads(self._plan.read_text()).get("seen", [])
