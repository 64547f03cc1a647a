"""Content warnings: the duplicate lookup on every backend, the switches, and import lines."""

from __future__ import annotations

import pytest

from gt_tui.cli import main
from gt_tui.domain.models import GroundTruthStatus
from gt_tui.domain.queries import ItemQuery
from gt_tui.services.content_checks import ContentCheckService
from tests.integration.jsonl_helpers import doc, jsonl, write
from tests.integration.services.helpers import make_item, seed

APPROVED = GroundTruthStatus.approved


async def test_a_draft_repeating_an_approved_question_is_warned(repo):
    await seed(
        repo,
        [
            make_item("orig", synth_question="How do I reset my password?", status=APPROVED),
            make_item("other-ds", "ds2", synth_question="How do I reset my password?"),
        ],
    )
    checks = ContentCheckService(repo)
    draft = make_item("copy", synth_question="x", edited_question="how do I reset my  password")
    (warning,) = await checks.warnings(draft)
    assert (warning.kind, warning.message) == (
        "duplicate",
        "question repeats an approved item: orig",
    )
    # the approved item itself, another dataset, and a different question: no warning
    assert await checks.warnings(await repo.get("ds", "orig")) == []
    assert (
        await checks.warnings(make_item("d", "ds2", synth_question="How do I reset my password?"))
        == []
    )
    assert await checks.warnings(make_item("e", synth_question="How do I reset my email?")) == []


async def test_a_batch_is_checked_with_one_lookup_per_dataset_and_warns_as_one_by_one(repo):
    await seed(
        repo,
        [
            make_item("orig", synth_question="How do I reset my password?", status=APPROVED),
            make_item("orig2", synth_question="reset my password", status=APPROVED),
            make_item("orig3", synth_question="How do I reset my password", status=APPROVED),
            make_item("two", "ds2", synth_question="Where is my bill?", status=APPROVED),
        ],
    )
    batch = [
        make_item("copy", synth_question="how do I reset my  password"),
        make_item("fine", synth_question="Something new, mail me at ann@example.org"),
        await repo.get("ds", "orig"),
        make_item("bill", "ds2", synth_question="where is my bill"),
        make_item("bill-ds", synth_question="where is my bill"),
    ]
    checks = ContentCheckService(repo)
    queries = []
    real_query = repo.query

    async def counted(query):
        queries.append(query)
        return await real_query(query)

    repo.query = counted
    batched = await checks.warnings_of_many(batch)
    assert len(queries) == 2  # one per dataset holding a draft with a question
    repo.query = real_query
    one_by_one = [await checks.warnings(item) for item in batch]
    assert batched == one_by_one
    assert [[w.message for w in found] for found in batched] == [
        ["question repeats an approved item: orig, orig3"],
        ["possible email address in synthQuestion: a•••@example.org"],
        [],
        ["question repeats an approved item: two"],
        [],
    ]


async def test_switches_turn_each_detector_off(repo):
    await seed(repo, [make_item("orig", synth_question="Same?", status=APPROVED)])
    draft = make_item("copy", synth_question="same", answer="write to a.b@example.org")
    both = ContentCheckService(repo)
    assert sorted(w.kind for w in await both.warnings(draft)) == ["duplicate", "email"]
    no_pii = ContentCheckService(repo, pii=False)
    assert [w.kind for w in await no_pii.warnings(draft)] == ["duplicate"]
    no_dupes = ContentCheckService(repo, duplicates=False)
    assert [w.kind for w in await no_dupes.warnings(draft)] == ["email"]


@pytest.fixture
def clean_env(monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    for name in [
        "GT_BACKEND",
        "GT_SQLITE_PATH",
        "GT_USER_ID",
        "GT_DEBUG",
        "GT_PII_DETECTION",
        "GT_DUPLICATE_DETECTION",
    ]:
        monkeypatch.delenv(name, raising=False)


def sample_file(tmp_path):
    return write(
        tmp_path / "items.jsonl",
        jsonl(
            doc("a1", synthQuestion="How do I reset my password?", status="approved"),
            doc("a2", synthQuestion="Where is my order?", answer="mail jane@example.com"),
            doc("a3", synthQuestion="how do i reset my password"),
        ),
    )


def test_import_prints_two_warnings_with_their_lines(clean_env, tmp_path, capsys):
    path = sample_file(tmp_path)
    assert main(["import", str(path), "--backend", "sqlite", "--sqlite-path", "db.sqlite3"]) == 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        f"{path}:2: warning: possible email address in answer: j•••@example.com",
        f"{path}:3: warning: question repeats an approved item: a1",
    ]
    assert captured.out.strip().endswith("invalid 0, warnings 2")


def test_import_without_detection_prints_no_warnings(clean_env, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("GT_PII_DETECTION", "false")
    monkeypatch.setenv("GT_DUPLICATE_DETECTION", "false")
    assert main(["import", str(sample_file(tmp_path)), "--backend", "memory"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert "warnings" not in captured.out


async def test_the_warnings_filter_pages_through_items_with_warnings_only(repo):
    items = [make_item(f"i{n:02d}", synth_question=f"Plain question {n}?") for n in range(12)]
    items[1].answer = "call +1 415 555 0100"
    items[4].history = None
    items[4].edited_question = "mail me at jo@example.org"
    items[6].synth_question = "Same as approved?"
    items[7].answer = "version 1.2.3.4 is out"  # looks like an IP address: no warning
    items[9].answer = "card 4111111111111111"
    items[10].answer = "card 4111111111111112"  # fails the checksum: no warning
    items.append(make_item("z-approved", synth_question="same as  approved", status=APPROVED))
    await seed(repo, items)
    checks = ContentCheckService(repo)
    seen: list[str] = []
    page = await checks.page_with_warnings(ItemQuery(limit=2))
    assert page.total == -1
    pages = 1
    while True:
        seen.extend(item.id for item in page.items)
        if page.next_cursor is None:
            break
        page = await checks.page_with_warnings(ItemQuery(limit=2, cursor=page.next_cursor))
        pages += 1
    assert seen == ["i01", "i04", "i06", "i09"]
    assert pages >= 2
    # one scan stops at max_scan items even when nothing matched yet
    first = await checks.page_with_warnings(ItemQuery(limit=1, dataset_name="ds"), max_scan=1)
    assert first.items == [] and first.next_cursor is not None
    no_pii = ContentCheckService(repo, pii=False)
    page = await no_pii.page_with_warnings(ItemQuery(limit=50))
    assert [item.id for item in page.items] == ["i06"]
