"""Every service entry point rejects a bad user id before it touches the repo."""

from __future__ import annotations

import pytest

from gt_tui.domain.errors import InvalidUserIdError
from gt_tui.repos.memory import InMemoryGroundTruthRepo
from gt_tui.services.assignment import AssignmentService
from gt_tui.services.curation import CurationService
from gt_tui.services.sampling import AssignmentSamplingService
from tests.integration.services.helpers import RecordingRepo, make_item, seed

BAD_IDS = ["", "has space", "semi;colon", "x" * 129, "quote'", "ünï", "a/b", None, 42]


def calls(item):
    """(name, coroutine factory) for every service method that takes a user id."""
    return {
        "self_assign": lambda s, u: s["assign"].self_assign(u, 5),
        "my_assignments": lambda s, u: s["assign"].my_assignments(u),
        "claim": lambda s, u: s["assign"].claim(u, "ds", "q1"),
        "sample_candidates": lambda s, u: s["sampler"].sample_candidates(user_id=u, limit=5),
        "save": lambda s, u: s["curation"].save(u, item),
        "approve": lambda s, u: s["curation"].approve(u, item),
        "skip": lambda s, u: s["curation"].skip(u, item),
        "delete": lambda s, u: s["curation"].delete(u, item),
        "restore": lambda s, u: s["curation"].restore(u, item),
    }


METHODS = sorted(calls(None))


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("user_id", BAD_IDS, ids=repr)
async def test_invalid_user_id_is_rejected_before_any_repo_call(method, user_id):
    # Backend-independent: the point is that no repo method is reached at all.
    item = make_item("q1", etag='"e1"')
    recording = RecordingRepo(InMemoryGroundTruthRepo())
    services = {
        "assign": AssignmentService(recording, sampler=AssignmentSamplingService(recording)),
        "sampler": AssignmentSamplingService(recording),
        "curation": CurationService(recording),
    }
    with pytest.raises(InvalidUserIdError):
        await calls(item)[method](services, user_id)
    assert recording.calls == []


@pytest.mark.parametrize("method", METHODS)
async def test_a_valid_user_id_goes_through(repo, method):
    (item,) = await seed(repo, [make_item("q1", answer="an answer")])
    services = {
        "assign": AssignmentService(repo),
        "sampler": AssignmentSamplingService(repo),
        "curation": CurationService(repo),
    }
    await calls(item)[method](services, "alice.smith@example-1_x")
