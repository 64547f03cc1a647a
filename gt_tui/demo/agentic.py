"""The demo's agentic items (GTC 2.x's shape): an orchestrator's conversations with their
tool-call traces, so `gt-tui demo` shows traces to curate.

They are deterministic (same `now` and user, same items) and show what real traces hold:
subagents whose own calls point back with `parentCallId`, calls run side by side
(`parallelGroup`), long responses, expectations partly marked, context, feedback,
metadata and rag-compat references.
"""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from typing import Any

from gt_tui.domain.models import GroundTruthItem, GroundTruthStatus

AGENTIC_DATASET = "agent-traces"
AGENTIC_SEED = 20_260_301
USER_AGENTIC_QUEUE = ("at-001",)
"""The agentic draft already in the demo user's queue."""

AGENTIC_INSTRUCTIONS = """# Agent traces: how to curate

Mark what the agent **had** to call: `r` required, `o` optional, `n` not needed.

1. A tool whose answer the reply relies on is *required*.
2. A lookup that only confirmed what the user said is *optional*.
3. A call that changed nothing in the reply is *not needed*.
4. Subagents count as tools: mark the subagent, not each of its calls.
"""

SCENARIOS: tuple[dict[str, Any], ...] = (
    {
        "ask": "My bill doubled this month and I did not change anything. Why?",
        "plan": ["get_account", ("billing-agent", ["get_invoice", "get_usage"]), "search_kb"],
        "reply": "Your bill doubled because roaming passes were charged on three days "
        "abroad. The pass renews daily while roaming is on.",
        "required": ["get_account", "billing-agent"],
        "topic": "billing",
        "status": "draft",
    },
    {
        "ask": "The app keeps logging me out on my tablet.",
        "plan": [["get_devices", "get_sessions"], "search_kb"],
        "reply": "Your tablet's clock is 12 minutes behind, so sessions expire early. "
        "Turn on automatic date and time.",
        "required": [],
        "topic": "troubleshooting",
        "status": "draft",
    },
    {
        "ask": "Cancel my subscription but keep my photos.",
        "plan": [
            "get_account",
            ("retention-agent", ["get_offers", ["get_storage", "export_photos"]]),
        ],
        "reply": "Your subscription ends on the 30th; your photos were exported to your "
        "drive, and a 3-month storage plan keeps them online.",
        "required": ["get_account", "retention-agent"],
        "optional": ["get_offers"],
        "topic": "account",
        "status": "approved",
    },
    {
        "ask": "Why is my internet slow every evening?",
        "plan": [["get_line_stats", "get_area_load", "get_router"], "diagnose", "search_kb"],
        "reply": "Evening congestion in your area: load peaks at 94% from 19:00. A plan "
        "upgrade will not help; moving the router off channel 6 will.",
        "required": ["get_line_stats", "get_area_load"],
        "not_needed": ["search_kb"],
        "topic": "performance",
        "status": "draft",
    },
    {
        "ask": "I was charged twice for the same order.",
        "plan": ["get_orders", ("payments-agent", ["get_payments", "refund"])],
        "reply": "The second charge is a pre-authorisation; it is released within 3 days.",
        "required": [],
        "topic": "billing",
        "status": "skipped",
    },
    {
        "ask": "Move my number to a new SIM.",
        "plan": ["get_account", "get_sim", "swap_sim", "notify"],
        "reply": "Your number moves to the new SIM within 15 minutes; keep the old one in "
        "until it loses signal.",
        "required": ["get_account", "swap_sim"],
        "topic": "account",
        "status": "draft",
    },
)


def _long_response(name: str, rng: random.Random) -> dict[str, Any]:
    """A response as long as real ones: many rows, nested values."""
    rows = [
        {"at": f"2026-02-{day:02d}T19:{rng.randint(0, 59):02d}:00Z", "value": rng.randint(1, 999)}
        for day in range(1, 1 + rng.randint(8, 40))
    ]
    return {"tool": name, "ok": True, "rows": rows, "summary": f"{len(rows)} rows from {name}"}


def _calls(plan: list[Any], rng: random.Random, prefix: str) -> list[dict[str, Any]]:
    """Tool calls in step order: a string is a call, a list runs in parallel, a tuple
    (subagent, plan) is a subagent whose own calls point back to it."""
    calls: list[dict[str, Any]] = []

    def add(step: Any, parent: str | None, agent: str, group: str | None) -> None:
        if isinstance(step, list):
            group_id = f"{prefix}-p{len(calls) + 1}"
            for each in step:
                add(each, parent, agent, group_id)
            return
        subagent = isinstance(step, tuple)
        name = step[0] if subagent else step
        call_id = f"{prefix}-c{len(calls) + 1:02d}"
        calls.append(
            {
                "id": call_id,
                "name": name,
                "callType": "subagent" if subagent else "tool",
                "arguments": {"query": f"{name} for the customer", "limit": rng.randint(5, 50)},
                "agent": agent,
                "stepNumber": len(calls) + 1,
                "parallelGroup": group,
                "parentCallId": parent,
                "response": {"delegated": True} if subagent else _long_response(name, rng),
            }
        )
        if subagent:
            for inner in step[1]:
                add(inner, call_id, name, None)

    for step in plan:
        add(step, None, "orchestrator-agent", None)
    return calls


def _item(number: int, spec: dict[str, Any], now: datetime, rng: random.Random) -> dict:
    item_id = f"at-{number:03d}"
    calls = _calls(spec["plan"], rng, item_id)
    created = now - timedelta(days=rng.randint(3, 30), minutes=rng.randint(0, 1439))
    expected = {
        "required": [{"name": name, "arguments": None} for name in spec.get("required", [])],
        "optional": [{"name": name, "arguments": None} for name in spec.get("optional", [])],
        "notNeeded": [{"name": name, "arguments": None} for name in spec.get("not_needed", [])],
    }
    return {
        "id": item_id,
        "datasetName": AGENTIC_DATASET,
        "status": spec["status"],
        "docType": "ground-truth-item",
        "schemaVersion": "v2",
        "manualTags": ["source:user", f"topic:{spec['topic']}"],
        "computedTags": [],
        "comment": "",
        "scenarioId": f"support-{number}",
        "history": [
            {"role": "user", "msg": spec["ask"]},
            {"role": "orchestrator-agent", "msg": f"Looking into it: {len(calls)} calls."},
            {"role": "output-agent", "msg": spec["reply"]},
        ],
        "contextEntries": [
            {"key": "channel", "value": rng.choice(["app", "web", "phone"])},
            {"key": "plan", "value": {"name": "Unlimited", "since": "2024-05-01"}},
        ],
        "traceIds": {"traceId": f"trace-{item_id}", "conversationId": f"conv-{number}"},
        "toolCalls": calls,
        "expectedTools": expected,
        "feedback": [{"source": "csat", "values": {"score": rng.randint(1, 5)}}],
        "metadata": {"sourceFormat": "trace-export", "toolCallCount": len(calls)},
        "plugins": {
            "rag-compat": {
                "kind": "rag-compat",
                "version": "1.0",
                "data": {
                    "references": [
                        {
                            "url": f"https://help.example.com/kb/{calls[-1]['name']}",
                            "title": f"Help: {calls[-1]['name']}",
                            "keyExcerpt": spec["reply"].split(".")[0],
                            "bonus": False,
                            "messageIndex": 2,
                        }
                    ]
                },
            }
        },
        "tracePayload": {"id": f"trace-{item_id}", "spans": len(calls)},
        "createdBy": "trace-export",
        "createdAt": created.isoformat().replace("+00:00", "Z"),
        "updatedAt": created.isoformat().replace("+00:00", "Z"),
        "updatedBy": "trace-export",
    }


def build_agentic_items(now: datetime, user_id: str) -> list[GroundTruthItem]:
    """The demo's agentic items; USER_AGENTIC_QUEUE drafts are assigned to `user_id`."""
    now = now.astimezone(UTC)
    rng = random.Random(AGENTIC_SEED)
    items = []
    for number, spec in enumerate(SCENARIOS, start=1):
        item = GroundTruthItem.from_doc(_item(number, spec, now, rng))
        item.sample_key = rng.random()
        if item.status == GroundTruthStatus.approved:
            item.reviewed_at = item.updated_at
        if item.id in USER_AGENTIC_QUEUE:
            item.assigned_to = user_id
            item.assigned_at = now - timedelta(minutes=5)
        items.append(item)
    return items
