"""Each trace format read from its fixture into draft agentic items (plain dicts in GTC
2.x's shape): conversation, tool calls with their tree, parallel groups, ids, feedback."""

from __future__ import annotations

import io
import json

import pytest

from gt_tui.services.trace_import import convert_traces
from tests.gtc_fixture import GTC_2X_SAMPLE
from tests.trace_fixtures import (
    GTC_EXPORT,
    LANGFUSE,
    OPENINFERENCE,
    OTEL_GENAI,
    OTEL_GENAI_LEGACY,
)

TRACE_A = "4bf92f3577b34da6a3ce929d0e0e4736"
TRACE_B = "5cd03a4688c45eb7b4df03ae1f1f5847"
TRACE_C = "6de14b5799d56fc8c5e014bf20206958"


def convert(path, **options):
    with path.open("rb") as handle:
        return convert_traces(handle, dataset="prod", **options)


def items_of(path, **options):
    return {item["id"]: item for _, item in convert(path, **options).items}


def calls_by_name(item):
    return {call["name"]: call for call in item["toolCalls"]}


def test_otel_genai_trace_split_over_two_lines_is_one_item_with_its_whole_tree():
    items = items_of(OTEL_GENAI)
    assert list(items) == [f"trace-{TRACE_A}", f"trace-{TRACE_B}", f"trace-{TRACE_C}"]
    item = items[f"trace-{TRACE_A}"]
    assert item["status"] == "draft" and item["datasetName"] == "prod"
    assert [turn["role"] for turn in item["history"]] == ["user", "assistant"]
    assert item["history"][0]["msg"].startswith("My bill jumped by $40")
    assert "roaming pass" in item["history"][1]["msg"]
    calls = calls_by_name(item)
    assert [call["name"] for call in item["toolCalls"]] == [
        "get_plan_usage",
        "get_roaming_sessions",
        "billing-agent",
        "lookup_invoice",
        "refund-policy-agent",
        "search_policies",
        "get_policy",
    ]
    assert [call["stepNumber"] for call in item["toolCalls"]] == list(range(1, 8))
    # the deep subagent tree: orchestrator -> billing-agent -> refund-policy-agent -> tools
    assert calls["billing-agent"]["callType"] == "subagent"
    assert calls["billing-agent"]["parentCallId"] is None
    assert calls["billing-agent"]["agent"] == "support-orchestrator"
    assert calls["lookup_invoice"]["parentCallId"] == calls["billing-agent"]["id"]
    assert calls["lookup_invoice"]["agent"] == "billing-agent"
    assert calls["refund-policy-agent"]["callType"] == "subagent"
    assert calls["refund-policy-agent"]["parentCallId"] == calls["billing-agent"]["id"]
    assert calls["search_policies"]["parentCallId"] == calls["refund-policy-agent"]["id"]
    assert calls["search_policies"]["agent"] == "refund-policy-agent"
    # the two calls the first LLM turn asked for ran at overlapping times
    group = calls["get_plan_usage"]["parallelGroup"]
    assert group is not None and calls["get_roaming_sessions"]["parallelGroup"] == group
    assert calls["search_policies"]["parallelGroup"] is None  # one after the other
    assert calls["get_plan_usage"]["arguments"] == {
        "msisdn": "[REDACTED_MSISDN]",
        "cycle": "2026-02",
    }
    assert calls["get_plan_usage"]["response"]["usageGb"] == 31
    assert calls["get_policy"]["response"].startswith("RP-12:")  # text results stay text
    assert calls["refund-policy-agent"]["response"].startswith("Policy RP-12")
    assert item["traceIds"] == {
        "traceId": TRACE_A,
        "rootSpanId": "a000000000000001",
        "conversationId": "conv-7731",
        "userId": "cust-20418",
    }
    assert calls["get_plan_usage"]["id"] == "a000000000000003"  # the span id
    assert item["metadata"]["toolCallIds"]["a000000000000003"] == "call_usage_1"
    assert item["metadata"]["spanCount"] == 12
    assert item["metadata"]["inputTokens"] == 412 + 690 + 233 + 905
    assert item["feedback"] == [
        {
            "source": "gen_ai.evaluation.result",
            "values": {
                "name": "user_feedback",
                "score": 0.0,
                "label": "thumbs_down",
                "explanation": "Did not mention the roaming pass.",
            },
        }
    ]
    context = {entry["key"]: entry["value"] for entry in item["contextEntries"]}
    assert context["service.name"] == "telco-support-agent"
    assert context["deployment.environment.name"] == "production"
    assert "host.name" not in context
    assert item["createdAt"] == "2026-03-02T09:15:00Z" == item["updatedAt"]
    assert item["expectedTools"] == {"required": [], "optional": [], "notNeeded": []}
    assert "synthQuestion" not in item


def test_second_trace_of_a_conversation_keeps_its_earlier_turns_and_attribute_feedback():
    item = items_of(OTEL_GENAI)[f"trace-{TRACE_B}"]
    assert [turn["role"] for turn in item["history"]] == ["user", "assistant", "user", "assistant"]
    assert item["history"][-1]["msg"].startswith("Done: the EU pass is active")
    assert item["feedback"] == [{"source": "span-attributes", "values": {"thumbs": "up"}}]


def test_a_trace_without_captured_messages_is_made_with_a_warning():
    conversion = convert(OTEL_GENAI)
    [problem] = conversion.problems
    assert problem.format("t.jsonl").startswith("t.jsonl:3: warning: no conversation")
    item = dict(conversion.items)[3]
    assert item["history"] == [] and [c["name"] for c in item["toolCalls"]] == ["get_outage_map"]


def test_group_by_conversation_merges_the_traces_of_one_session():
    items = items_of(OTEL_GENAI, group="conversation")
    assert list(items) == ["conversation-conv-7731", f"trace-{TRACE_C}"]
    item = items["conversation-conv-7731"]
    assert len(item["history"]) == 4
    assert item["toolCalls"][-1]["name"] == "add_roaming_pass"
    assert [c["stepNumber"] for c in item["toolCalls"]] == list(range(1, 9))
    assert item["traceIds"]["traceIds"] == f"{TRACE_A},{TRACE_B}"
    assert item["metadata"]["traceCount"] == 2
    assert len(item["feedback"]) == 2


def test_messages_of_earlier_genai_conventions_are_read():
    events, openllmetry = items_of(OTEL_GENAI_LEGACY).values()
    assert [(t["role"], t["msg"][:20]) for t in events["history"]] == [
        ("user", "Can I keep my number"),
        ("assistant", "Yes: your number mov"),
    ]
    assert events["metadata"]["models"] == ["gpt-4o"]
    assert [(t["role"], t["msg"]) for t in openllmetry["history"]] == [
        ("user", "What is my data balance?"),
        ("assistant", "You have 12.4 GB left until March 1."),
    ]
    [call] = openllmetry["toolCalls"]
    assert (call["name"], call["arguments"], call["response"]) == (
        "get_balance",
        {"account": "[REDACTED_ACCOUNT]"},
        {"remainingGb": 12.4},
    )


def test_openinference_flattened_messages_tools_and_subagent():
    [item] = items_of(OPENINFERENCE).values()
    assert item["metadata"]["sourceFormat"] == "openinference"
    assert [turn["role"] for turn in item["history"]] == ["user", "assistant"]
    assert item["history"][0]["msg"].startswith("Which of my orders")
    assert item["history"][1]["msg"].startswith("Two orders shipped")  # from message.contents
    calls = calls_by_name(item)
    assert list(calls) == ["list_orders", "get_loyalty_status", "shipping-agent", "track_parcel"]
    assert calls["list_orders"]["arguments"] == {"customer": "shopper-311", "since": "2026-02-13"}
    assert calls["get_loyalty_status"]["arguments"] == {"customer": "shopper-311"}  # input.value
    assert calls["list_orders"]["response"][0]["order"] == "A-1001"
    assert calls["list_orders"]["parallelGroup"] == calls["get_loyalty_status"]["parallelGroup"]
    assert calls["list_orders"]["parallelGroup"] is not None
    assert calls["shipping-agent"]["callType"] == "subagent"
    assert calls["track_parcel"]["parentCallId"] == calls["shipping-agent"]["id"]
    assert calls["track_parcel"]["agent"] == "shipping-agent"
    assert item["traceIds"]["conversationId"] == "sess-9f2c"
    assert item["traceIds"]["userId"] == "shopper-311"
    assert item["metadata"]["sourceMetadata"] == {"channel": "web", "experiment": "tools-v2"}
    assert item["metadata"]["sourceTags"] == ["orders", "shipping"]
    assert item["metadata"]["models"] == ["claude-sonnet-4"]


def test_langfuse_generations_tools_and_scores():
    items = items_of(LANGFUSE)
    first = items["trace-lf-trace-2026-0211-a"]
    assert [turn["role"] for turn in first["history"]] == ["user", "assistant"]
    assert first["history"][1]["msg"].startswith("On the HX-300")
    calls = calls_by_name(first)
    assert list(calls) == ["search_kb", "get_device_model"]
    assert calls["search_kb"]["arguments"] == {"q": "admin password reset keep wifi"}
    assert calls["search_kb"]["agent"] == "router-helper"
    assert calls["search_kb"]["parallelGroup"] == calls["get_device_model"]["parallelGroup"]
    assert calls["search_kb"]["parallelGroup"] is not None
    assert first["feedback"][0] == {
        "source": "langfuse:API",
        "values": {
            "name": "user-feedback",
            "value": 0,
            "dataType": "NUMERIC",
            "comment": "It told me to factory reset first",
        },
    }
    assert first["feedback"][1]["values"]["value"] == "partially-correct"
    assert first["traceIds"] == {
        "traceId": "lf-trace-2026-0211-a",
        "conversationId": "lf-session-88",
        "userId": "u-5521",
    }
    context = {entry["key"]: entry["value"] for entry in first["contextEntries"]}
    assert context == {"release": "2026.02.1", "version": "v7", "environment": "production"}
    # no generation: the trace's own input and output are the conversation
    second = items["trace-lf-trace-2026-0211-b"]
    assert [turn["msg"] for turn in second["history"]] == [
        "Is there an outage in Leeds?",
        "No outage is reported for Leeds right now.",
    ]
    assert second["toolCalls"][0]["arguments"] == {"city": "Leeds"}
    assert second["toolCalls"][0]["response"] == []


def test_gtc_trace_export_gives_the_items_gtc_itself_made_from_those_traces():
    """The sample items were made by GTC's own adapter from these very traces."""
    ours = [item for _, item in convert(GTC_EXPORT).items]
    theirs = [json.loads(line) for line in GTC_2X_SAMPLE.read_text().splitlines()]
    assert len(ours) == len(theirs) == 5
    for mine, gtc in zip(ours, theirs, strict=True):
        assert mine["id"] == f"trace-{gtc['tracePayload']['id']}"
        assert mine["metadata"]["sourceFormat"] == "gtc-trace-export"
        for key in ("history", "toolCalls", "contextEntries", "feedback", "tracePayload"):
            assert mine[key] == gtc[key], key
        expected_ids = {k: v for k, v in gtc["traceIds"].items() if k != "demoItemId"}
        assert mine["traceIds"] == expected_ids
        assert mine["scenarioId"] == f"trace-export:{gtc['tracePayload']['id']}"


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        (OTEL_GENAI, "otlp"),
        (OPENINFERENCE, "openinference"),
        (LANGFUSE, "langfuse"),
        (GTC_EXPORT, "gtc-trace-export"),
    ],
)
def test_format_is_detected_and_naming_it_gives_the_same_items(path, fmt):
    detected = convert(path)
    named = convert(path, fmt=fmt)
    assert {item["metadata"]["sourceFormat"] for _, item in detected.items} == {fmt}
    assert detected.items == named.items


def test_converting_twice_gives_the_same_items():
    assert convert(OTEL_GENAI).items == convert(OTEL_GENAI).items
    assert convert(LANGFUSE).items == convert(LANGFUSE).items


def test_problems_name_the_line_and_the_path():
    good = json.loads(OTEL_GENAI.read_text().splitlines()[2])
    broken = json.loads(json.dumps(good))
    del broken["resourceSpans"][0]["scopeSpans"][0]["spans"][1]["spanId"]
    text = "\n".join(
        [
            json.dumps(good),
            "{not json",
            json.dumps({"hello": "world"}),
            json.dumps(broken),
            "[1, 2]",
        ]
    )
    conversion = convert_traces(io.BytesIO(text.encode()), dataset="prod")
    problems = [p.format("f.jsonl") for p in conversion.problems]
    assert problems[0].startswith("f.jsonl:1: warning: no conversation")
    assert problems[1].startswith("f.jsonl:2: invalid JSON")
    assert problems[2].startswith("f.jsonl:3: not a trace gt-tui reads")
    assert problems[3] == (
        "f.jsonl:4: resourceSpans.0.scopeSpans.0.spans.1.spanId: missing; span skipped"
    )
    assert problems[4].startswith("f.jsonl:5: expected a JSON object")
    assert len(conversion.items) == 1  # lines 1 and 4 hold spans of the same trace


def test_forcing_the_wrong_format_reports_every_document():
    conversion = convert(LANGFUSE, fmt="otlp")
    assert [p.format("l.json") for p in conversion.problems] == [
        "l.json:1: resourceSpans: missing: not OTLP JSON",
        "l.json:2: resourceSpans: missing: not OTLP JSON",
    ]
    assert conversion.items == []


def _otlp_line(spans):
    def attrs(values):
        return [{"key": k, "value": {"stringValue": v}} for k, v in values.items()]

    return json.dumps(
        {
            "resourceSpans": [
                {
                    "scopeSpans": [
                        {
                            "spans": [
                                {
                                    "traceId": "t1",
                                    "spanId": span_id,
                                    "parentSpanId": parent,
                                    "name": name,
                                    "startTimeUnixNano": str(start),
                                    "endTimeUnixNano": str(start + 10),
                                    "attributes": attrs(values),
                                }
                                for span_id, parent, name, start, values in spans
                            ]
                        }
                    ]
                }
            ]
        }
    )


def test_spans_whose_parent_is_missing_or_looping_still_become_calls():
    tool = {"gen_ai.operation.name": "execute_tool"}
    line = _otlp_line(
        [
            ("s1", "not-exported", "execute_tool a", 100, {**tool, "gen_ai.tool.name": "a"}),
            ("s2", "s3", "invoke_agent x", 200, {"gen_ai.operation.name": "invoke_agent"}),
            ("s3", "s2", "invoke_agent y", 300, {"gen_ai.operation.name": "invoke_agent"}),
            ("s4", "s3", "execute_tool b", 400, {**tool, "gen_ai.tool.name": "b"}),
        ]
    )
    [(_, item)] = convert_traces(io.BytesIO(line.encode()), dataset="d").items
    calls = calls_by_name(item)
    assert calls["a"]["parentCallId"] is None and calls["a"]["agent"] is None
    assert calls["b"]["agent"] == "y"
    assert {c["callType"] for c in item["toolCalls"]} >= {"tool", "subagent"}
