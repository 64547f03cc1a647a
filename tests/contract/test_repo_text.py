"""Contract: item text survives a round trip exactly, and text filters find it."""

from __future__ import annotations

import uuid

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gt_tui.domain import GroundTruthItem, HistoryTurn, Reference
from gt_tui.repos.base import ItemQuery
from tests.contract.items import key

NASTY = [
    "\u201csmart\u201d \u2018quotes\u2019 \u201elow\u201c \u00abguillemets\u00bb",
    "emoji \U0001f600 \U0001f44d\U0001f3fd \U0001f1e9\U0001f1ea "
    "\U0001f468\u200d\U0001f469\u200d\U0001f467 \u2603",
    "back\\slash \\\\ double \\n not a newline \\",
    "control \x00 nul \x01 \x07 bell \x1b[31m esc \x7f del \t tab \r\n crlf \x85 nel",
    "\\u00e9 \\uD83D \\u{1F600} \\x41 u-like sequences",
    "json \"quotes\" and 'single' and `back` } ] {",
    "[bold]markup[/] [@click=app.quit]x[/]",
    "line\u2028sep\u2029para zero\u200bwidth bom\ufeff",
    "e\u0301 combining vs \u00e9 precomposed; \u01c5 titlecase; \u00df; \u0130",
    "\u0645\u0631\u062d\u0628\u0627 \u05e2\u05d1\u05e8\u05d9\u05ea RTL \u202e override",
    "percent % underscore _ star * question ?",
]


def rich_item(item_id: str, dataset: str, text: str) -> GroundTruthItem:
    """An item carrying `text` in every free-text field, including refs and history."""
    return GroundTruthItem(
        id=item_id,
        dataset_name=dataset,
        synth_question=text,
        edited_question="edited: " + text,
        answer=text + " (answer)",
        comment=text,
        manual_tags=[text, "plain"],
        computed_tags=["computed:" + text],
        updated_by="u-" + item_id,
        refs=[
            Reference(
                url="https://x/" + text,
                title=text,
                content=text,
                key_excerpt=text,
                type=text,
            )
        ],
        history=[
            HistoryTurn(role="user", msg=text),
            HistoryTurn(
                role="assistant",
                msg=text,
                expected_behavior=text,
                refs=[Reference(url="hist:" + text, message_index=1)],
            ),
        ],
    )


async def assert_round_trip(repo, text: str, dataset: str) -> None:
    item_id = "t-" + uuid.uuid4().hex
    original = rich_item(item_id, dataset, text)
    stored = await repo.upsert(original)
    # the store sets the etag, and on a hierarchical (GTC) container the bucket of a new item
    assert stored.model_copy(update={"etag": None, "bucket": original.bucket}) == original
    fetched = await repo.get(dataset, item_id)
    assert fetched == stored
    assert fetched.synth_question == text
    assert fetched.refs[0].url == "https://x/" + text
    assert fetched.history[1].refs[0].url == "hist:" + text
    assert fetched.to_doc() == stored.to_doc()
    assert [i for i in await repo.list(dataset) if i.id == item_id] == [stored]
    # Search with another case of the text where case folding says they are equal.
    needle = text.upper() if text.upper().casefold() == text.casefold() else text
    for query in (
        ItemQuery(dataset_name=dataset, tags=(text,)),
        ItemQuery(dataset_name=dataset, ref_url="hist:" + text),
        ItemQuery(dataset_name=dataset, text="edited: " + text),
        ItemQuery(dataset_name=dataset, text=needle),
    ):
        page = await repo.query(query.model_copy(update={"limit": 1000}))
        assert stored in page.items, query
    updated = await repo.upsert(stored.model_copy(update={"answer": text + text}))
    assert (await repo.get(dataset, item_id)).answer == text + text == updated.answer


async def test_listed_nasty_strings_round_trip(repo):
    for n, text in enumerate(NASTY):
        await assert_round_trip(repo, text, f"nasty-{n}")


async def test_text_filter_folds_case_beyond_ascii(repo):
    await repo.upsert(
        rich_item("fold", "ds", "\u00c9COLE Stra\u00dfe \u03a3\u038a\u03a3\u03a5\u03a6\u039f\u03a3")
    )
    for needle in ("\u00e9cole", "STRASSE", "\u03c3\u03af\u03c3\u03c5\u03c6\u03bf\u03c2", "\u00c9"):
        found = await repo.query(ItemQuery(text=needle))
        assert [key(i) for i in found.items] == ["ds/fold"], needle


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(min_size=1))
async def test_generated_text_round_trips(repo, text):
    """One repo for all examples; each example writes its own item in its own dataset."""
    await assert_round_trip(repo, text, "gen-" + uuid.uuid4().hex)


async def test_text_filter_finds_text_after_control_characters(repo):
    await repo.upsert(rich_item("ctl", "ds", "before\x00after \x1b[0m tail\ttab"))
    for needle in ("AFTER", "after \x1b[0m", "\x00aft", "tail\ttab", "e\x00a"):
        found = await repo.query(ItemQuery(text=needle))
        assert [key(i) for i in found.items] == ["ds/ctl"], repr(needle)
    assert (await repo.query(ItemQuery(text="before after"))).total == 0
