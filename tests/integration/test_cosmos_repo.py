"""Cosmos repo behaviour beyond the shared contract: start-up validation, credentials,
error translation, text round trips and the emulator seams, on the cosmosdb-server."""

from __future__ import annotations

import logging
import time

import pytest
from azure.core.credentials import AccessToken
from azure.cosmos.aio import CosmosClient

from gt_tui.config import Settings
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    NotFoundError,
)
from gt_tui.domain.models import GroundTruthItem, HistoryTurn, Reference
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_emulator import ENCODING_MARKER, CosmosEmulatorGroundTruthRepo
from gt_tui.repos.cosmos_factory import open_cosmos_repo
from tests.integration.cosmos_backends import cosmos_settings
from tests.integration.cosmos_server import start_cosmos_server

pytestmark = pytest.mark.cosmos

TRICKY_TEXT = [
    "“smart” ‘quotes’ — dash",  # noqa: RUF001 - the point of the test
    "emoji 🚀👩🏽‍💻 and 𝔘𝔫𝔦𝔠𝔬𝔡𝔢",  # noqa: RUF001
    "back\\slash \\\\ double and trailing \\",
    "control \x00\x01\x1f\x7f\t\r\n chars",
    "\\u00e9 is not é and \\U0001F680 is not 🚀",
    '{"json": "looking"} [@click=app.quit]x[/]',
]


def tricky_item(item_id: str = "t-1") -> GroundTruthItem:
    return GroundTruthItem(
        id=item_id,
        dataset_name="ds-ü",
        synth_question=TRICKY_TEXT[0],
        edited_question=TRICKY_TEXT[1],
        answer="\n".join(TRICKY_TEXT),
        comment=TRICKY_TEXT[3],
        manual_tags=["tag \\u", "étiquette"],
        refs=[Reference(url="https://ex.org/ü?q=\\", title=TRICKY_TEXT[4], content=TRICKY_TEXT[5])],
        history=[HistoryTurn(role="user", msg=TRICKY_TEXT[2])],
    )


async def open_repo(repo_class, settings: Settings) -> CosmosGroundTruthRepo:
    repo = repo_class(settings)
    await repo.open()
    return repo


async def raw_document(server, settings: Settings, item_id: str, dataset: str) -> dict:
    async with CosmosClient(server.endpoint, server.key, connection_verify=False) as client:
        container = client.get_database_client(settings.cosmos_database).get_container_client(
            settings.cosmos_container
        )
        return await container.read_item(item_id, partition_key=dataset)


@pytest.mark.parametrize(
    ("repo_class", "workaround"),
    [
        (CosmosGroundTruthRepo, False),
        (CosmosEmulatorGroundTruthRepo, False),
        (CosmosEmulatorGroundTruthRepo, True),
    ],
    ids=["cosmos", "cosmos-emulator", "cosmos-emulator-unicode-workaround"],
)
async def test_unicode_round_trip_is_exact(cosmos_server, repo_class, workaround):
    settings = cosmos_settings(cosmos_server, cosmos_emulator_unicode_workaround=workaround)
    repo = await open_repo(repo_class, settings)
    try:
        original = tricky_item()
        stored = await repo.upsert(original)
        fetched = await repo.get(original.dataset_name, original.id)
        listed = await repo.list(original.dataset_name)
        for copy in (stored, fetched, listed[0]):
            assert copy.model_dump(exclude={"etag"}) == original.model_dump(exclude={"etag"})
        raw = await raw_document(cosmos_server, settings, original.id, original.dataset_name)
        if workaround:
            assert raw[ENCODING_MARKER]
            assert raw["answer"].isascii() and raw["answer"] != original.answer
        else:
            assert ENCODING_MARKER not in raw and raw["answer"] == original.answer
    finally:
        await repo.close()


async def test_missing_container_fails_with_an_actionable_message(cosmos_server, caplog):
    caplog.set_level(logging.DEBUG)
    created = cosmos_settings(cosmos_server)
    await (await open_repo(CosmosGroundTruthRepo, created)).close()  # database exists now
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    with pytest.raises(BackendUnavailableError) as caught:
        await open_cosmos_repo(settings)
    message = str(caught.value)
    assert settings.cosmos_container in message
    assert cosmos_server.endpoint in message
    assert "GT_COSMOS_CREATE_IF_MISSING=true" in message and "/datasetName" in message
    assert "\n" not in message
    no_db = cosmos_settings(cosmos_server, cosmos_create_if_missing=False, cosmos_database="no-db")
    with pytest.raises(BackendUnavailableError, match="database 'no-db' does not exist"):
        await open_cosmos_repo(no_db)
    assert cosmos_server.key not in message + caplog.text


async def test_create_if_missing_uses_the_partition_key_and_the_shipped_policy(cosmos_server):
    settings = cosmos_settings(cosmos_server)
    repo = await open_repo(CosmosGroundTruthRepo, settings)
    await repo.close()
    async with CosmosClient(
        cosmos_server.endpoint, cosmos_server.key, connection_verify=False
    ) as c:
        props = await (
            c.get_database_client(settings.cosmos_database)
            .get_container_client(settings.cosmos_container)
            .read()
        )
    assert props["partitionKey"]["paths"] == ["/datasetName"]
    composite_paths = {
        tuple(p["path"] for p in idx) for idx in props["indexingPolicy"]["compositeIndexes"]
    }
    assert ("/sampleKey", "/id", "/datasetName") in composite_paths
    assert ("/id", "/datasetName") in composite_paths


async def test_container_with_another_partition_key_is_refused(cosmos_server):
    settings = cosmos_settings(cosmos_server, cosmos_create_if_missing=False)
    async with CosmosClient(
        cosmos_server.endpoint, cosmos_server.key, connection_verify=False
    ) as c:
        database = await c.create_database_if_not_exists(settings.cosmos_database)
        from azure.cosmos import PartitionKey

        await database.create_container(settings.cosmos_container, PartitionKey(path="/id"))
    with pytest.raises(BackendUnavailableError) as caught:
        await open_cosmos_repo(settings)
    message = str(caught.value)
    assert f"container {settings.cosmos_container!r}" in message
    assert "partitioned by /id;" in message
    assert "/datasetName or /datasetName + /bucket" in message
    assert "\n" not in message


async def test_conflicts_carry_the_current_item(cosmos_server):
    repo = await open_repo(CosmosEmulatorGroundTruthRepo, cosmos_settings(cosmos_server))
    try:
        first = await repo.upsert(tricky_item())
        second = await repo.upsert(first.model_copy(update={"answer": "newer"}))
        with pytest.raises(AlreadyExistsError) as exists:
            await repo.upsert(tricky_item())
        assert exists.value.current == second
        with pytest.raises(ConcurrencyError) as stale:
            await repo.upsert(first.model_copy(update={"answer": "stale"}))
        assert stale.value.current == second
        with pytest.raises(ConcurrencyError) as stale_delete:
            await repo.delete(first.dataset_name, first.id, first.etag)
        assert stale_delete.value.current == second
        with pytest.raises(ConcurrencyError):
            await repo.delete(first.dataset_name, first.id, None)
        await repo.delete(second.dataset_name, second.id, second.etag)
        assert await repo.get(second.dataset_name, second.id) is None
        with pytest.raises(NotFoundError):
            await repo.delete(second.dataset_name, second.id, second.etag)
        with pytest.raises(NotFoundError):
            await repo.upsert(second)
    finally:
        await repo.close()


async def test_a_server_that_goes_away_raises_backend_unavailable(caplog):
    server = start_cosmos_server()
    try:
        # One connection retry keeps this quick; the default (3) spends ~2 s per call.
        repo = await open_repo(CosmosGroundTruthRepo, cosmos_settings(server, cosmos_retry_total=1))
        stored = await repo.upsert(tricky_item())
    finally:
        server.stop()
    try:
        started = time.monotonic()
        for call in (
            lambda: repo.get(stored.dataset_name, stored.id),
            lambda: repo.upsert(stored),
            lambda: repo.delete(stored.dataset_name, stored.id, stored.etag),
            lambda: repo.list(stored.dataset_name),
            repo.health,
        ):
            with pytest.raises(BackendUnavailableError, match="cannot reach"):
                await call()
        assert time.monotonic() - started < 5
    finally:
        await repo.close()
    assert server.key not in caplog.text


class FakeAzureCredential:
    """Stands in for azure-identity's DefaultAzureCredential: Azure AD sign-in cannot run
    here, and cosmosdb-server accepts any bearer token, so the AAD path runs end to end."""

    instances: list[FakeAzureCredential] = []

    def __init__(self) -> None:
        self.scopes: list[tuple[str, ...]] = []
        self.closed = False
        FakeAzureCredential.instances.append(self)

    async def get_token(self, *scopes: str, **kwargs) -> AccessToken:
        self.scopes.append(scopes)
        return AccessToken("fake-aad-token", int(time.time()) + 3600)

    async def close(self) -> None:
        self.closed = True


async def test_without_a_key_the_azure_identity_credential_is_used(cosmos_server):
    settings = cosmos_settings(cosmos_server, cosmos_key=None)
    repo = CosmosGroundTruthRepo(settings, default_credential=FakeAzureCredential)
    await repo.open()
    credential = FakeAzureCredential.instances[-1]
    try:
        await repo.upsert(tricky_item())
        assert credential.scopes, "the SDK must have asked the credential for a token"
        assert all(scope.endswith("/.default") for scopes in credential.scopes for scope in scopes)
    finally:
        await repo.close()
    assert credential.closed
    keyed = CosmosGroundTruthRepo(
        cosmos_settings(cosmos_server), default_credential=FakeAzureCredential
    )
    count = len(FakeAzureCredential.instances)
    await keyed.open()
    await keyed.close()
    assert len(FakeAzureCredential.instances) == count, "a configured key must win"
    assert cosmos_server.key not in repr(keyed) + repr(settings)


class SignedOutCredential(FakeAzureCredential):
    async def get_token(self, *scopes: str, **kwargs) -> AccessToken:
        from azure.core.exceptions import ClientAuthenticationError

        raise ClientAuthenticationError("DefaultAzureCredential failed to retrieve a token")


async def test_a_failed_azure_sign_in_says_how_to_fix_it(cosmos_server):
    settings = cosmos_settings(cosmos_server, cosmos_key=None)
    repo = CosmosGroundTruthRepo(settings, default_credential=SignedOutCredential)
    with pytest.raises(BackendUnavailableError, match=r"az login.*GT_COSMOS_KEY"):
        await repo.open()
    assert FakeAzureCredential.instances[-1].closed, "a failed open closes the credential"
