"""Pure parts of the Cosmos backend: document mapping, SQL building, emulator transforms,
class and credential selection. No server needed."""

from __future__ import annotations

import socket
import time
from datetime import UTC, datetime

import pytest
from azure.core.exceptions import ClientAuthenticationError, ServiceRequestError
from azure.cosmos import exceptions as cosmos_errors
from hypothesis import given
from hypothesis import strategies as st

from gt_tui.config import Settings
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    GroundTruthError,
    NotFoundError,
)
from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.repos.base import ItemQuery, SortField
from gt_tui.repos.cosmos import CosmosGroundTruthRepo, _from_doc, _to_doc
from gt_tui.repos.cosmos_emulator import (
    ENCODING_MARKER,
    CosmosEmulatorGroundTruthRepo,
    escape_text,
    unescape_text,
)
from gt_tui.repos.cosmos_factory import cosmos_repo_class, open_cosmos_repo
from gt_tui.repos.cosmos_query import (
    SORT_PATHS,
    count_items,
    select_items,
    select_page,
)
from gt_tui.repos.cosmos_support import select_credential, translate_errors

KEY = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw=="


def settings(**values) -> Settings:
    base = {"backend": "cosmos", "cosmos_endpoint": "https://acct.documents.azure.com:443/"}
    return Settings(**{**base, **values})


def sample_item() -> GroundTruthItem:
    return GroundTruthItem(
        id="i-1",
        dataset_name="ds",
        synth_question="Straße?",
        answer="ÉTÉ",
        manual_tags=["a", "b"],
        computed_tags=["b", "c"],
        refs=[Reference(url="https://x/1")],
        history=[HistoryTurn(role="user", msg="m", refs=[Reference(url="https://x/2")])],
        reviewed_at=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
        _etag='"abc"',
    )


def test_to_doc_has_no_etag_and_carries_the_query_helpers():
    doc = _to_doc(sample_item())
    assert "_etag" not in doc and doc["datasetName"] == "ds"
    assert doc["gtIndex"]["tags"] == ["a", "b", "c"] and doc["gtIndex"]["tagCount"] == 3
    assert doc["gtIndex"]["refUrls"] == ["https://x/1", "https://x/2"]
    assert doc["gtIndex"]["text"] == ["strasse?", "", "été", "m"]  # "m": the history message
    assert doc["gtIndex"]["hasAnswer"] == 1
    assert doc["gtIndex"]["reviewedAt"] == "2026-01-02T03:04:05.000000Z"


def test_from_doc_drops_system_and_helper_fields_and_keeps_the_etag():
    item = sample_item()
    doc = {**_to_doc(item), "_etag": '"new"', "_rid": "r", "_ts": 1, "_self": "s"}
    back = _from_doc(doc)
    assert back == item.model_copy(update={"etag": '"new"'})


@given(st.text(min_size=1), st.text(min_size=1), st.text(min_size=1))
def test_user_values_travel_only_as_parameters(text, tag, prefix):
    query = ItemQuery(text=text, tags=(tag,), dataset_prefix=prefix, assigned_to=text)
    after = (text, tag, prefix)
    for sql in (select_items(query), count_items(query), select_page(query, after, 5)):
        values = [p["value"] for p in sql.parameters]
        assert text.casefold() in values and tag in values and prefix in values
        assert "'" not in sql.text.replace("c.assignedTo = ''", "")


def test_order_by_comes_from_the_mapping_with_id_then_dataset_as_tie_breakers():
    for sort in SortField:
        sql = select_items(ItemQuery(sort=sort, descending=True)).text
        tail = "c.id DESC, c.datasetName DESC"
        assert sql.endswith(
            f" ORDER BY {tail}"
            if sort is SortField.id
            else f" ORDER BY {SORT_PATHS[sort]} DESC, {tail}"
        )
    assert "ORDER BY" not in count_items(ItemQuery(sort=SortField.tag_count)).text


@given(st.text())
def test_emulator_escaping_is_lossless_and_ascii(value):
    escaped = escape_text(value)
    assert escaped.isascii() and all(0x20 <= ord(ch) < 0x7F for ch in escaped)
    assert unescape_text(escaped) == value


def test_emulator_transforms_round_trip_and_leave_unmarked_documents_alone():
    on = CosmosEmulatorGroundTruthRepo(settings(cosmos_emulator_unicode_workaround=True))
    off = CosmosEmulatorGroundTruthRepo(settings())
    doc = _to_doc(sample_item().model_copy(update={"answer": "\\u00e9 é 🚀"}))
    written = on._pre_write_transform(doc)
    assert written[ENCODING_MARKER] and written["id"] == "i-1" and written["answer"].isascii()
    assert on._post_read_transform(written) == doc
    assert off._post_read_transform(written) == doc, "reading never depends on the setting"
    assert off._pre_write_transform(doc) is doc and on._post_read_transform(doc) is doc


@pytest.mark.parametrize(
    ("endpoint", "flag", "expected"),
    [
        ("https://localhost:8081/", None, CosmosEmulatorGroundTruthRepo),
        ("https://127.0.0.1:8081/", None, CosmosEmulatorGroundTruthRepo),
        ("https://[::1]:8081/", None, CosmosEmulatorGroundTruthRepo),
        ("https://acct.documents.azure.com:443/", None, CosmosGroundTruthRepo),
        ("https://acct.documents.azure.com:443/", True, CosmosEmulatorGroundTruthRepo),
        ("https://localhost:8081/", False, CosmosGroundTruthRepo),
    ],
)
def test_emulator_class_selection(endpoint, flag, expected):
    chosen = cosmos_repo_class(settings(cosmos_endpoint=endpoint, cosmos_emulator=flag))
    assert chosen is expected
    assert chosen(settings(cosmos_endpoint=endpoint)).is_cosmos_emulator_in_use() is (
        expected is CosmosEmulatorGroundTruthRepo
    )


def test_credential_is_the_key_when_set_else_azure_identity():
    made = []

    def fake_default_credential():  # DefaultAzureCredential stand-in: AAD cannot run here
        made.append(object())
        return made[-1]

    assert (
        select_credential(settings(cosmos_key=KEY), default_credential=fake_default_credential)
        == KEY
    )
    assert made == []
    assert select_credential(settings(), default_credential=fake_default_credential) is made[0]


def test_key_never_shows_in_repr_or_errors():
    s = settings(cosmos_key=KEY)
    repo = CosmosGroundTruthRepo(s)
    assert KEY not in repr(repo) + repr(s) + str(s.model_dump())
    with pytest.raises(BackendUnavailableError, match="GT_COSMOS_ENDPOINT"):
        CosmosGroundTruthRepo(settings(cosmos_endpoint=None))


async def test_a_silent_endpoint_cannot_stall_start_up():
    with socket.socket() as silent:  # accepts TCP connections, never answers TLS
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        s = settings(cosmos_endpoint=f"https://127.0.0.1:{port}/", cosmos_key=KEY)
        started = time.monotonic()
        with pytest.raises(BackendUnavailableError, match=r"did not answer within 0\.5s"):
            await open_cosmos_repo(s, startup_budget_s=0.5)
        assert time.monotonic() - started < 3


@pytest.mark.parametrize(
    ("error", "expected"),
    [
        (
            cosmos_errors.CosmosAccessConditionFailedError(status_code=412, message="x"),
            ConcurrencyError,
        ),
        (cosmos_errors.CosmosResourceExistsError(status_code=409, message="x"), AlreadyExistsError),
        (cosmos_errors.CosmosResourceNotFoundError(status_code=404, message="x"), NotFoundError),
        (
            cosmos_errors.CosmosHttpResponseError(status_code=429, message="Code: 429"),
            BackendUnavailableError,
        ),
        (
            cosmos_errors.CosmosHttpResponseError(status_code=401, message="401 bad sig"),
            BackendUnavailableError,
        ),
        (
            cosmos_errors.CosmosHttpResponseError(status_code=500, message="boom"),
            BackendUnavailableError,
        ),
        (ServiceRequestError("connect failed"), BackendUnavailableError),
        (ClientAuthenticationError("no token"), BackendUnavailableError),
        (TimeoutError(), BackendUnavailableError),
    ],
)
async def test_sdk_errors_become_domain_errors_without_status_codes(error, expected):
    with pytest.raises(GroundTruthError) as caught:
        async with translate_errors("https://acct/", "write ds/i-1"):
            raise error
    assert type(caught.value) is expected
    for code in ("401", "404", "409", "412", "429", "500"):
        assert code not in str(caught.value)


async def test_only_the_emulator_retries_its_intermittent_errors():
    production = CosmosGroundTruthRepo(settings())
    emulator = CosmosEmulatorGroundTruthRepo(settings())
    flaky = cosmos_errors.CosmosHttpResponseError(status_code=503, message="busy")
    conflict = cosmos_errors.CosmosAccessConditionFailedError(status_code=412, message="stale")
    assert emulator._should_retry_emulator_exception(flaky)
    assert emulator._should_retry_emulator_exception(ServiceRequestError("refused"))
    assert not emulator._should_retry_emulator_exception(conflict)
    assert not production._should_retry_emulator_exception(flaky)

    def failing_twice(error):
        calls = []

        async def call():
            calls.append(1)
            if len(calls) <= 2:
                raise error
            return "done"

        return call, calls

    call, calls = failing_twice(flaky)
    assert await emulator._with_retries(call) == "done" and len(calls) == 3
    call, calls = failing_twice(flaky)
    with pytest.raises(cosmos_errors.CosmosHttpResponseError):
        await production._with_retries(call)
    assert len(calls) == 1
    call, calls = failing_twice(conflict)
    with pytest.raises(cosmos_errors.CosmosAccessConditionFailedError):
        await emulator._with_retries(call)
    assert len(calls) == 1


def test_keyset_page_continues_strictly_after_the_position():
    sql = select_page(ItemQuery(sort=SortField.tag_count, descending=True), (2, "i-9", "ds"), 8)
    assert sql.text.startswith("SELECT TOP @p3 * FROM c WHERE ")
    assert "(c.gtIndex.tagCount < @p2 OR (c.gtIndex.tagCount = @p2 AND (c.id < @p0 OR" in sql.text
    assert [p["value"] for p in sql.parameters] == ["ground-truth-item", "i-9", "ds", 2, 8]
    by_id = select_page(ItemQuery(), ("i-1", "i-1", "ds"), 3)
    assert "(c.id > @p0 OR (c.id = @p0 AND c.datasetName > @p1))" in by_id.text
    assert len(by_id.parameters) == 4  # the docType of items, the keyset, TOP
