"""Curation instructions on SQLite: one row per dataset (table from schema version 6).

The document is kept as JSON, as items are, so unknown fields of a seed document survive.
"""

from __future__ import annotations

import json
import sqlite3
import uuid

from gt_tui.domain.instructions import CurationInstructions
from gt_tui.repos.instructions_rules import check_instructions_write


def read_instructions(conn: sqlite3.Connection, dataset_name: str) -> CurationInstructions | None:
    row = conn.execute(
        "SELECT doc, etag FROM curation_instructions WHERE dataset_name = ?", (dataset_name,)
    ).fetchone()
    if row is None:
        return None
    return CurationInstructions.from_doc({**json.loads(row[0]), "_etag": row[1]})


def write_instructions(conn: sqlite3.Connection, doc: CurationInstructions) -> CurationInstructions:
    """Run inside a write transaction: the check and the write are one atomic step."""
    row = conn.execute(
        "SELECT etag FROM curation_instructions WHERE dataset_name = ?", (doc.dataset_name,)
    ).fetchone()
    check_instructions_write(row[0] if row else None, doc)
    new = doc.model_copy(deep=True, update={"etag": f'"{uuid.uuid4()}"'})
    body = new.to_doc()
    body.pop("_etag", None)
    text = json.dumps(body, ensure_ascii=False, separators=(",", ":"))
    conn.execute(
        "INSERT INTO curation_instructions (dataset_name, etag, doc) VALUES (?, ?, ?) "
        "ON CONFLICT (dataset_name) DO UPDATE SET etag = excluded.etag, doc = excluded.doc",
        (new.dataset_name, new.etag, text),
    )
    return new
