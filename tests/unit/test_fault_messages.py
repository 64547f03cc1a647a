"""Messages under faults: a refused certificate says so, Azure SDK noise stays off stderr."""

from __future__ import annotations

import logging
import ssl

import pytest
from azure.core.exceptions import ServiceRequestError

from gt_tui.commands.common import quiet_library_logging
from gt_tui.domain.errors import BackendUnavailableError
from gt_tui.repos.cosmos_support import translate_errors


async def test_a_certificate_failure_says_certificate_not_cannot_reach():
    cause = ssl.SSLCertVerificationError(1, "[SSL: CERTIFICATE_VERIFY_FAILED] self-signed")
    with pytest.raises(BackendUnavailableError) as caught:
        async with translate_errors("https://acct:443/", "connect"):
            try:
                raise cause
            except ssl.SSLError as exc:
                raise ServiceRequestError("Cannot connect to host acct:443") from exc
    message = str(caught.value)
    assert "certificate" in message and "cannot reach" not in message
    assert "GT_COSMOS_CONNECTION_VERIFY" in message


@pytest.fixture
def azure_logger():
    logger = logging.getLogger("azure")
    saved = (list(logger.handlers), logger.propagate)
    yield logger
    logger.handlers[:], logger.propagate = saved


def test_azure_sdk_warnings_stay_off_stderr(azure_logger, caplog, monkeypatch):
    """Nothing reaches the root logger (whose last resort is stderr) from azure.*."""
    monkeypatch.delenv("GT_DEBUG", raising=False)
    azure_logger.propagate = True
    quiet_library_logging()
    logging.getLogger("azure.cosmos.LocationCache").warning("Marking endpoint unavailable")
    logging.getLogger("azure.identity").warning("DefaultAzureCredential failed")
    assert [r for r in caplog.records if r.name.startswith("azure")] == []


def test_gt_debug_lets_azure_sdk_warnings_through(azure_logger, caplog, monkeypatch):
    monkeypatch.setenv("GT_DEBUG", "1")
    azure_logger.propagate = True
    quiet_library_logging()
    logging.getLogger("azure.cosmos.LocationCache").warning("Marking endpoint unavailable")
    assert "Marking endpoint unavailable" in caplog.text
