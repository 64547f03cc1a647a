"""What goes where when an item is written in GTC 2.x's shape (services/gtc_agentic.py):
unknown fields at any level move under `metadata` with their path, RAG fields GTC 2.x has
no place for are kept there by name, references become rag-compat ones, and a null
comment becomes ""."""

from __future__ import annotations

from gt_tui.domain import GroundTruthItem
from gt_tui.services.gtc_agentic import agentic_doc


def test_agentic_unknown_fields_at_every_level_move_under_metadata():
    item = GroundTruthItem.from_doc(
        {
            "id": "a",
            "datasetName": "ds",
            "history": [{"role": "user", "msg": "q", "turnId": "t1"}],
            "toolCalls": [{"id": "c1", "name": "search", "latencyMs": 12}],
            "expectedTools": {"required": [{"name": "search", "why": "needed"}]},
            "plugins": {"other": {"kind": "other", "data": {}, "owner": "x"}},
            "metadata": {"source": "seed", "reviewNote": "kept"},
            "reviewNote": "top-level unknown",
            "comment": None,
        }
    )
    doc = agentic_doc(item)
    assert doc["history"] == [{"role": "user", "msg": "q"}]
    assert doc["toolCalls"] == [{"id": "c1", "name": "search"}]
    assert doc["expectedTools"]["required"] == [{"name": "search"}]
    assert doc["plugins"]["other"] == {"kind": "other", "data": {}}
    assert doc["comment"] == ""
    metadata = doc["metadata"]
    assert metadata["source"] == "seed" and metadata["reviewNote"] == "kept"
    assert metadata["gt-tui:reviewNote"] == "top-level unknown"  # the name was taken
    assert metadata["historyTurns"] == {"0": {"turnId": "t1"}}
    assert metadata["toolCalls[0].latencyMs"] == 12
    assert metadata["expectedTools.required[0].why"] == "needed"
    assert metadata["plugins.other.owner"] == "x"
    assert "tags" not in doc and "totalReferences" not in doc


def test_a_rag_item_without_history_becomes_a_user_and_an_agent_turn():
    item = GroundTruthItem.from_doc(
        {
            "id": "r",
            "datasetName": "ds",
            "synthQuestion": "how?",
            "editedQuestion": "How do I?",
            "answer": "Like this.",
            "refs": [{"url": "https://e.org/a"}, {"url": "https://e.org/b", "messageIndex": 0}],
            "comment": None,
            "weight": 0.5,
        }
    )
    doc = agentic_doc(item)
    assert doc["history"] == [
        {"role": "user", "msg": "How do I?"},
        {"role": "agent", "msg": "Like this."},
    ]
    references = doc["plugins"]["rag-compat"]["data"]["references"]
    assert [(r["url"], r["messageIndex"]) for r in references] == [
        ("https://e.org/a", 1),
        ("https://e.org/b", 0),  # its own index is kept
    ]
    assert doc["metadata"] == {
        "synthQuestion": "how?",
        "editedQuestion": "How do I?",
        "answer": "Like this.",
        "weight": 0.5,
        "sampleKey": item.sample_key,
    }
    assert doc["comment"] == ""


def test_a_draft_without_an_answer_gets_only_its_user_turn():
    item = GroundTruthItem(id="d", dataset_name="ds", synth_question="only a question")
    doc = agentic_doc(item)
    assert doc["history"] == [{"role": "user", "msg": "only a question"}]
    assert "plugins" not in doc and "comment" not in doc
