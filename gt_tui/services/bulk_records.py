"""Applied bulk actions kept on disk (GT_STATE_DIR/bulk/<id>.json), so `gt-tui bulk undo`
can take one back later, from another process: one JSON file per action, replaced
atomically when undo marks entries undone."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from gt_tui.domain.errors import GroundTruthError
from gt_tui.services.bulk import BulkRecord


class BulkRecordError(GroundTruthError):
    """No such record, or one that cannot be read."""


class BulkRecords:
    def __init__(self, state_dir: Path) -> None:
        self.directory = Path(state_dir).expanduser() / "bulk"

    def save(self, record: BulkRecord) -> Path:
        self.directory.mkdir(parents=True, exist_ok=True)
        target = self.directory / f"{record.id}.json"
        handle, temporary = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(record.to_json(), out, ensure_ascii=False)
            os.replace(temporary, target)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return target

    def load(self, record_id: str) -> BulkRecord:
        path = self.directory / f"{Path(record_id).name}.json"
        try:
            return BulkRecord.from_json(json.loads(path.read_text(encoding="utf-8")))
        except FileNotFoundError:
            raise BulkRecordError(f"no bulk action {record_id!r} in {self.directory}") from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise BulkRecordError(f"{path}: cannot be read: {exc}") from None

    def all(self) -> list[BulkRecord]:
        """Every record, oldest first (ids start with their time)."""
        if not self.directory.is_dir():
            return []
        return [self.load(path.stem) for path in sorted(self.directory.glob("*.json"))]

    def latest_pending(self) -> BulkRecord | None:
        """The newest record with something left to undo."""
        return next((r for r in reversed(self.all()) if r.pending), None)
