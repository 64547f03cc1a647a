"""The etag rule for curation-instruction writes, shared by the backends that check it
themselves (memory, SQLite): the same create / replace semantics as items."""

from __future__ import annotations

from gt_tui.domain.errors import AlreadyExistsError, ConcurrencyError, NotFoundError
from gt_tui.domain.instructions import CurationInstructions


def check_instructions_write(stored_etag: str | None, doc: CurationInstructions) -> None:
    """Raise when writing `doc` over what is stored (its etag; None when nothing is)."""
    exists = stored_etag is not None
    where = f"curation instructions of {doc.dataset_name!r}"
    if doc.etag is None:
        if exists:
            raise AlreadyExistsError(f"{where} already exist; a write over them needs their etag")
    elif not exists:
        raise NotFoundError(f"{where} not found")
    elif stored_etag != doc.etag:
        raise ConcurrencyError(f"{where} were changed by someone else since they were read")
