"""The unsaved-edit journal file: record, find, replace, forget; nothing created by reads."""

from __future__ import annotations

from datetime import UTC, datetime

from gt_tui.services.edit_journal import EditJournal

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def test_record_find_replace_and_forget(tmp_path):
    path = tmp_path / "state" / "journal.sqlite3"
    journal = EditJournal(path, clock=lambda: AT)
    assert journal.find("alice", "ds", "q1") is None
    assert not path.exists()  # reads and forgets never create the file
    journal.forget("alice", "ds", "q1")
    assert not path.exists()

    journal.record("alice", "ds", "q1", "etag-1", {"answer": "draft ✓ \x85", "manual_tags": ["a"]})
    journal.record("bob", "ds", "q1", "etag-1", {"answer": "bob's"})
    entry = journal.find("alice", "ds", "q1")
    assert entry.fields == {"answer": "draft ✓ \x85", "manual_tags": ["a"]}
    assert (entry.base_etag, entry.written_at) == ("etag-1", AT)

    journal.record("alice", "ds", "q1", "etag-2", {"comment": "later"})
    assert journal.find("alice", "ds", "q1").fields == {"comment": "later"}
    assert [e.item_id for e in journal.entries("alice")] == ["q1"]

    journal.record("alice", "ds", "q1", "etag-2", {})  # nothing differs any more
    assert journal.find("alice", "ds", "q1") is None
    assert journal.find("bob", "ds", "q1").fields == {"answer": "bob's"}


def test_a_second_journal_on_the_same_file_sees_the_rows(tmp_path):
    path = tmp_path / "journal.sqlite3"
    EditJournal(path, clock=lambda: AT).record("alice", "ds", "q1", None, {"answer": "x"})
    assert EditJournal(path).find("alice", "ds", "q1").fields == {"answer": "x"}
