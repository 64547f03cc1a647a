"""What keeping GroundTruthCurator's assignment documents costs a claim and a decision.

Two repos on cosmosdb-server, both on a container made as GTC makes its items container:
one whose database also has GTC's assignments container (every claim writes a document,
every decision deletes it), one without (nothing beside the item write). Rounds alternate
between the two, so load on the machine falls on both alike; each round claims one item
and approves it. Reported: median and p95 ms of each, the extra median, and the requests
each sends (counted at the transport).
"""

from __future__ import annotations

import statistics
import time
import uuid
from typing import Any

from tests.benchmarks.bench_cosmos import CountingTransport
from tests.benchmarks.harness import BenchResult, percentile

USER = "bench@contoso.example"


async def _open(server: Any, with_assignments: bool) -> tuple[Any, CountingTransport]:
    from gt_tui.config import Settings
    from gt_tui.repos.cosmos import CosmosGroundTruthRepo
    from tests.integration.gtc_container import (
        create_gtc_assignments_container,
        create_gtc_container,
    )

    settings = Settings(
        backend="cosmos",
        cosmos_endpoint=server.endpoint,
        cosmos_key=server.key,
        cosmos_database="gt-tui-bench",
        cosmos_container=f"gtc-{uuid.uuid4().hex[:10]}",
        cosmos_assignments_container=f"a-{uuid.uuid4().hex[:10]}",
        cosmos_connection_verify=False,
        cosmos_timeout_s=10.0,
    )
    await create_gtc_container(settings)
    if with_assignments:
        await create_gtc_assignments_container(settings)
    transport = CountingTransport(connection_verify=False)
    repo = CosmosGroundTruthRepo(
        settings.model_copy(update={"cosmos_create_if_missing": True}),
        client_options={"transport": transport, "enable_endpoint_discovery": False},
    )
    await repo.open()
    assert (repo.assignment_documents is not None) == with_assignments
    return repo, transport


async def bench_gtc_assignments(rounds: int = 40) -> list[BenchResult]:
    from gt_tui.domain.models import GroundTruthItem
    from gt_tui.services.assignment import AssignmentService
    from gt_tui.services.curation import CurationService
    from tests.integration.cosmos_server import start_cosmos_server

    server = start_cosmos_server()
    setups: dict[str, Any] = {}
    try:
        for label, with_assignments in (("without", False), ("with", True)):
            repo, transport = await _open(server, with_assignments)
            for n in range(rounds + 1):
                await repo.upsert(
                    GroundTruthItem(
                        id=f"b{n:03d}", dataset_name="bench", synth_question="q?", answer="a."
                    )
                )
            setups[label] = {
                "repo": repo,
                "transport": transport,
                "assign": AssignmentService(repo),
                "curate": CurationService(repo),
                "claim": [],
                "approve": [],
                "claim_requests": [],
                "approve_requests": [],
            }
        for n in range(rounds + 1):  # round 0 warms the SDK's caches, not measured
            for setup in setups.values():
                transport = setup["transport"]
                transport.take()
                start = time.perf_counter()
                claimed = await setup["assign"].claim(USER, "bench", f"b{n:03d}")
                claim_s = time.perf_counter() - start
                claim_requests, _ = transport.take()
                start = time.perf_counter()
                await setup["curate"].approve(USER, claimed)
                approve_s = time.perf_counter() - start
                approve_requests, _ = transport.take()
                if n:
                    setup["claim"].append(claim_s * 1000)
                    setup["approve"].append(approve_s * 1000)
                    setup["claim_requests"].append(claim_requests)
                    setup["approve_requests"].append(approve_requests)
    finally:
        for setup in setups.values():
            await setup["repo"].close()
        server.stop()
    rows: list[BenchResult] = []
    for operation in ("claim", "approve"):
        medians = {}
        for label, setup in setups.items():
            samples = setup[operation]
            medians[label] = statistics.median(samples)
            rows.append(
                BenchResult(
                    "gtc assignment documents",
                    f"{operation}, {label} GTC's assignments container",
                    medians[label],
                    "ms",
                    median=medians[label],
                    p95=percentile(samples, 95),
                    samples=len(samples),
                    extra={"requests": statistics.median(setup[f"{operation}_requests"])},
                )
            )
        rows.append(
            BenchResult(
                "gtc assignment documents",
                f"{operation}: extra median ms (requests "
                f"{statistics.median(setups['without'][f'{operation}_requests']):g} -> "
                f"{statistics.median(setups['with'][f'{operation}_requests']):g})",
                medians["with"] - medians["without"],
                "ms",
            )
        )
    return rows
