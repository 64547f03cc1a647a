"""JSONL export on every backend: order, filters, manifest, atomic files, lossless round trip."""

from __future__ import annotations

import hashlib
import io
import json
from datetime import UTC, datetime

import pytest

from gt_tui.domain import (
    BackendUnavailableError,
    GroundTruthItem,
    GroundTruthStatus,
    HistoryTurn,
    Reference,
)
from gt_tui.repos.base import ItemPage, ItemQuery
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.derivations import GroundTruthDerivationsService
from gt_tui.services.exporting import export_to_file, parse_status, write_export
from gt_tui.services.importing import ImportService
from tests.integration.jsonl_helpers import content, fixed_clock, write

TRICKY_TEXT = (
    "„Smart“ \u2018quotes\u2019 😀👩🏽‍🔬 back\\slash \\u00e9-not-an-escape \x01\x1f\x7f ctrl "
    "line\u2028sep para\u2029sep tab\tnew\nline 中文 e\u0301 \ufeffbom [b]markup[/b]"
)


def item(item_id: str, dataset: str = "ds", **extra) -> GroundTruthItem:
    extra.setdefault("synth_question", f"q {item_id}")
    return GroundTruthItem(id=item_id, dataset_name=dataset, **extra)


def rich_items() -> list[GroundTruthItem]:
    derive = GroundTruthDerivationsService()
    items = [
        item(
            "q-1",
            "ds-b",
            synth_question=TRICKY_TEXT,
            edited_question="edited " + TRICKY_TEXT,
            answer="answer ✓ " + TRICKY_TEXT,
            refs=[
                Reference(
                    url="https://example.org/ü?q=1&r=2",
                    title="Titel „x“",
                    content=TRICKY_TEXT,
                    key_excerpt="…excerpt…",
                    type="web",
                    message_index=1,
                    bonus=True,
                )
            ],
            manual_tags=["ünï", "tag:x"],
            computed_tags=["auto"],
            comment="multi\nline",
            status=GroundTruthStatus.approved,
            reviewed_at=datetime(2024, 2, 3, 4, 5, 6, 700000, tzinfo=UTC),
            updated_at=datetime(2024, 2, 3, 4, 5, 6, 123456, tzinfo=UTC),
            updated_by="alice@example.org",
            sample_key=0.25,
        ),
        item(
            "q-2",
            "ds-a",
            history=[
                HistoryTurn(
                    role="user", msg="hi 👋", refs=[Reference(url="u1"), Reference(url="u2")]
                ),
                HistoryTurn(role="assistant", msg="yo", expected_behavior="be kind"),
            ],
            assigned_to="bob",
            assigned_at=datetime(2024, 1, 1, tzinfo=UTC),
            sample_key=0.5,
        ),
        item("q-1", "ds-a", status=GroundTruthStatus.deleted, sample_key=0.75),
    ]
    return [derive.apply_derived_fields(one) for one in items]


def read_jsonl(body: bytes) -> list[GroundTruthItem]:
    return [GroundTruthItem.model_validate(json.loads(line)) for line in body.splitlines()]


async def seed(repo, items):
    for one in items:
        await repo.upsert(one)


async def test_import_then_export_is_lossless(repo, tmp_path):
    originals = rich_items()
    body = b"".join(
        json.dumps(one.to_doc(), ensure_ascii=False).encode() + b"\n" for one in originals
    )
    summary = await ImportService(repo).import_file(write(tmp_path / "in.jsonl", body))
    assert (summary.imported, summary.invalid) == (3, 0)

    out = tmp_path / "out.jsonl"
    await export_to_file(repo, out, version="1.2.3", clock=fixed_clock)

    exported = read_jsonl(out.read_bytes())
    expected = sorted(originals, key=lambda one: (one.dataset_name, one.id))
    assert [content(one) for one in exported] == [content(one) for one in expected]
    assert "😀👩🏽‍🔬".encode() in out.read_bytes()  # non-ASCII kept as UTF-8, not \u escapes
    assert len(out.read_bytes().splitlines()) == 3  # U+2028 and \n inside text stay escaped


async def test_export_order_is_dataset_then_id_across_pages(repo):
    await seed(
        repo,
        [
            item("1", "ds-b"),
            item("2", "ds-a"),
            item("1", "ds-a"),
            item("1", "ds-c"),
            item("10", "ds-a"),
            item("1", "ds-b2"),
        ],
    )
    out = io.BytesIO()

    result = await write_export(repo, out, page_size=2)

    keys = [(one.dataset_name, one.id) for one in read_jsonl(out.getvalue())]
    assert keys == [
        ("ds-a", "1"),
        ("ds-a", "10"),
        ("ds-a", "2"),
        ("ds-b", "1"),
        ("ds-b2", "1"),
        ("ds-c", "1"),
    ]
    assert result.items == 6
    assert result.sha256 == hashlib.sha256(out.getvalue()).hexdigest()


async def test_filters_and_manifest(repo, tmp_path):
    await seed(
        repo,
        [
            item("a", "one", status=GroundTruthStatus.approved),
            item("b", "one"),
            item("c", "two", status=GroundTruthStatus.approved),
            item("d", "two", status=GroundTruthStatus.skipped),
        ],
    )
    out = tmp_path / "approved.jsonl"

    result = await export_to_file(
        repo,
        out,
        status=GroundTruthStatus.approved,
        version="1.2.3",
        backend="test",
        clock=fixed_clock,
        page_size=1,
    )

    assert [(one.dataset_name, one.id) for one in read_jsonl(out.read_bytes())] == [
        ("one", "a"),
        ("two", "c"),
    ]
    manifest = json.loads((tmp_path / "approved.jsonl.manifest.json").read_text("utf-8"))
    assert result.manifest_path == tmp_path / "approved.jsonl.manifest.json"
    assert manifest == {
        "file": "approved.jsonl",
        "format": "jsonl",
        "items": 2,
        "bytes": len(out.read_bytes()),
        "sha256": hashlib.sha256(out.read_bytes()).hexdigest(),
        "exported_at": "2025-03-04T05:06:07.890123Z",
        "gt_tui_version": "1.2.3",
        "backend": "test",
        "filters": {"status": "approved", "dataset": None},
        "order": ["datasetName", "id"],
        "counts": {
            "by_status": {"draft": 0, "approved": 2, "skipped": 0, "deleted": 0},
            "by_dataset": {"one": 1, "two": 1},
        },
    }

    only_two = io.BytesIO()
    await write_export(repo, only_two, dataset="two")
    assert [one.id for one in read_jsonl(only_two.getvalue())] == ["c", "d"]


async def test_empty_selection_is_a_valid_empty_export(repo, tmp_path):
    await seed(repo, [item("a")])
    out = tmp_path / "none.jsonl"

    result = await export_to_file(repo, out, dataset="missing", version="1", clock=fixed_clock)

    assert out.read_bytes() == b""
    manifest = json.loads(out.with_name("none.jsonl.manifest.json").read_text())
    assert (manifest["items"], manifest["sha256"]) == (0, hashlib.sha256(b"").hexdigest())
    assert manifest["filters"] == {"status": None, "dataset": "missing"}
    assert result.items == 0


class FailingAfterFirstPage:
    """A repo whose second query fails: an export interrupted halfway."""

    def __init__(self, inner) -> None:
        self._inner = inner
        self.calls = 0

    async def query(self, query: ItemQuery) -> ItemPage:
        self.calls += 1
        if self.calls > 1:
            raise BackendUnavailableError("connection lost")
        return await self._inner.query(query)


async def test_interrupted_export_leaves_the_previous_file_and_no_temp_files(tmp_path):
    inner = InMemoryGroundTruthRepo()
    await seed(inner, [item(str(i)) for i in range(5)])
    out = tmp_path / "snap.jsonl"
    out.write_bytes(b"previous snapshot\n")

    with pytest.raises(BackendUnavailableError):
        await export_to_file(
            FailingAfterFirstPage(inner), out, dataset="ds", version="1", page_size=2
        )

    assert out.read_bytes() == b"previous snapshot\n"
    assert sorted(path.name for path in tmp_path.iterdir()) == ["snap.jsonl"]


def test_parse_status():
    assert parse_status(None) is None
    assert parse_status("Approved") == GroundTruthStatus.approved
    with pytest.raises(
        ValueError,
        match=r"unknown status 'done'; valid statuses: draft, "
        r"approved, skipped, deleted",
    ):
        parse_status("done")
