"""The raw documents gt-tui writes on GroundTruthCurator's container, against what GTC
stored: after a claim, a save and a decision they differ only in what that flow changes.

What GTC stored is the seed-era sample (tests/fixtures/gtc-seed-era, made by GTC's own
code), written raw with the SDK: once as the export has it (absent fields absent) and once
as GTC's Cosmos repo stores turns (its model_dump keeps `refs: null` and
`expectedBehavior: null` on every turn that has none). GTC 2.x's agentic sample
(tests/fixtures/gtc-2x, dumped as GTC 2.x stores items) goes through the same flow.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from gt_tui.domain.models import GroundTruthStatus
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.integration.jsonl_helpers import fixed_clock
from tests.integration.test_cosmos_gtc_layout import gtc, raw_docs  # noqa: F401 - fixture
from tests.integration.test_gtc_fixtures import fixture_docs

pytestmark = pytest.mark.cosmos

USER = "ann@contoso.example"
CHANGED_BY_THE_FLOW = {
    # system and gt-tui's helper / derived fields, rewritten on every write
    "_etag", "_rid", "_self", "_ts", "_attachments", "gtIndex", "sampleKey",
    "computedTags", "tags", "totalReferences",
    # the claim and the decision
    "status", "assignedTo", "assignedAt", "updatedAt", "updatedBy", "reviewedAt",
    # the save: the curator wrote a comment
    "comment",
}  # fmt: skip
"""Everything else (history and its turns, refs, questions, answer, manual tags, GTC's own
fields) was not edited, so it must come back JSON-equal: null stays null, absent absent."""


def as_gtc_repo_stores(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with GTC's null turn fields (HistoryItem dumped without exclude_none)."""
    turns = [
        {"role": t["role"], "msg": t["msg"], "refs": None, "expectedBehavior": None, **t}
        for t in doc.get("history") or []
    ]
    return {**doc, "history": turns} if "history" in doc else doc


def untouched(doc: dict[str, Any]) -> dict[str, str]:
    """Each field the flow leaves alone, as canonical JSON text: JSON-equal values give
    equal text whatever their key order, and true, 1 and 1.0 stay different."""
    return {
        key: json.dumps(value, sort_keys=True)
        for key, value in doc.items()
        if key not in CHANGED_BY_THE_FLOW
    }


async def claim_save_decide(repo, user: str, before: dict) -> list[GroundTruthStatus]:
    """Each draft nobody else holds: claimed by `user`, saved with a comment, approved
    (skipped when the approval gate has problems with it)."""
    assign = AssignmentService(repo, clock=fixed_clock)
    curate = CurationService(repo, clock=fixed_clock)
    decided = []
    for (dataset, item_id), doc in sorted(before.items()):
        if doc["status"] != "draft" or doc.get("assignedTo") not in (None, user):
            continue
        claimed = await assign.claim(user, dataset, item_id)
        saved = await curate.save(user, claimed.model_copy(update={"comment": "checked"}))
        if curate.approval_problems(saved):
            decision = await curate.skip(user, saved)
        else:
            decision = await curate.approve(user, saved)
        decided.append(decision.status)
    return decided


async def store(raw, docs: list[dict[str, Any]]) -> dict:
    for doc in docs:
        await raw.create_item({key: value for key, value in doc.items() if key != "_etag"})
    return await raw_docs(raw)


@pytest.mark.parametrize("stored_as", ["exported", "gtc-repo"])
async def test_claim_save_and_decide_change_only_what_the_flow_changes(gtc, stored_as):  # noqa: F811
    _, raw, repo = gtc
    docs = fixture_docs()
    if stored_as == "gtc-repo":
        docs = [as_gtc_repo_stores(doc) for doc in docs]
    before = await store(raw, docs)
    decided = await claim_save_decide(repo, USER, before)
    assert GroundTruthStatus.approved in decided and len(decided) >= 3
    assert any(doc.get("history") for doc in before.values())

    after = await raw_docs(raw)
    assert set(after) == set(before)
    for key, doc in before.items():
        assert untouched(after[key]) == untouched(doc), key


async def test_gtc_2x_items_too(gtc):  # noqa: F811
    _, raw, repo = gtc
    docs = [json.loads(line) for line in GTC_2X_SAMPLE.read_text(encoding="utf-8").splitlines()]
    before = await store(raw, docs)
    decided = await claim_save_decide(repo, "demo-user", before)  # the drafts GTC gave them
    assert len(decided) == 2

    after = await raw_docs(raw)
    assert set(after) == set(before)
    for key, doc in before.items():
        assert untouched(after[key]) == untouched(doc), key
