"""Settings -> an open Cosmos repo (production or emulator class), used by bootstrap."""

from __future__ import annotations

import asyncio
import logging

from gt_tui.config import Settings
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.repos.cosmos import CosmosGroundTruthRepo
from gt_tui.repos.cosmos_emulator import CosmosEmulatorGroundTruthRepo
from gt_tui.repos.cosmos_support import endpoint_host

log = logging.getLogger(__name__)

LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
STARTUP_BUDGET_S = 5.0
"""Longest a first connect may take, so a silent endpoint cannot stall start-up; the
reconnecting wrapper keeps trying in the background after that."""


def uses_emulator(settings: Settings) -> bool:
    """GT_COSMOS_EMULATOR when set, else: local endpoints are emulators."""
    if settings.cosmos_emulator is not None:
        return settings.cosmos_emulator
    return endpoint_host(settings.cosmos_endpoint or "") in LOCAL_HOSTS


def cosmos_repo_class(settings: Settings) -> type[CosmosGroundTruthRepo]:
    return CosmosEmulatorGroundTruthRepo if uses_emulator(settings) else CosmosGroundTruthRepo


async def open_cosmos_repo(
    settings: Settings, *, startup_budget_s: float = STARTUP_BUDGET_S
) -> CosmosGroundTruthRepo:
    """Build, connect and validate; raises BackendUnavailableError with the reason."""
    local = endpoint_host(settings.cosmos_endpoint or "") in LOCAL_HOSTS
    if settings.cosmos_connection_verify and local:
        log.warning(
            "GT_COSMOS_CONNECTION_VERIFY=true is not enforced by the Cosmos SDK for localhost "
            "endpoints: the certificate of %s is not checked",
            settings.cosmos_endpoint,
        )
    repo = cosmos_repo_class(settings)(settings)
    budget = min(startup_budget_s, settings.cosmos_timeout_s * 2)
    try:
        await asyncio.wait_for(repo.open(), timeout=budget)
    except TimeoutError:
        raise BackendUnavailableError(
            f"Cosmos endpoint {settings.cosmos_endpoint} did not answer within {budget:g}s"
        ) from None
    return repo
