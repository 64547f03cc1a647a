"""Small pieces of the Cosmos backend that need no repo state: the indexing policy file,
credential choice, SDK error translation, cursor digests, endpoint parsing."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
import ssl
from collections.abc import AsyncIterator, Callable
from importlib import resources
from typing import Any
from urllib.parse import urlsplit

from azure.core.exceptions import AzureError, ClientAuthenticationError
from azure.cosmos import exceptions as cosmos_errors

from gt_tui.config import Settings
from gt_tui.domain.errors import (
    AlreadyExistsError,
    BackendUnavailableError,
    ConcurrencyError,
    GroundTruthError,
    NotFoundError,
)
from gt_tui.repos.cosmos_query import SqlQuery


def load_indexing_policy() -> dict[str, Any]:
    """The indexing policy shipped in the package (composite indexes for our sorts)."""
    text = resources.files("gt_tui.repos").joinpath("cosmos_indexing_policy.json").read_text()
    return json.loads(text)


def select_credential(
    settings: Settings, *, default_credential: Callable[[], Any] | None = None
) -> Any:
    """The account key when one is configured, else an azure-identity async credential."""
    if settings.cosmos_key is not None and settings.cosmos_key.get_secret_value():
        return settings.cosmos_key.get_secret_value()
    if default_credential is None:
        from azure.identity.aio import DefaultAzureCredential

        default_credential = DefaultAzureCredential
    return default_credential()


@contextlib.asynccontextmanager
async def translate_errors(endpoint: str, operation: str) -> AsyncIterator[None]:
    """Turn SDK and transport errors into domain errors (no status code escapes)."""
    try:
        yield
    except GroundTruthError:
        raise
    except cosmos_errors.CosmosAccessConditionFailedError as exc:
        raise ConcurrencyError(f"{operation}: the item was changed by someone else") from exc
    except cosmos_errors.CosmosResourceExistsError as exc:
        raise AlreadyExistsError(f"{operation}: the item already exists") from exc
    except cosmos_errors.CosmosResourceNotFoundError as exc:
        raise NotFoundError(f"{operation}: not found") from exc
    except cosmos_errors.CosmosHttpResponseError as exc:
        raise BackendUnavailableError(
            f"Cosmos {operation} failed on {endpoint}: {error_reason(exc)}"
        ) from exc
    except ClientAuthenticationError as exc:
        raise BackendUnavailableError(
            f"Cosmos {operation} failed: no Azure AD token for {endpoint} "
            "(sign in, e.g. `az login`, or set GT_COSMOS_KEY)"
        ) from exc
    except (AzureError, OSError, TimeoutError) as exc:
        if is_certificate_failure(exc):
            raise BackendUnavailableError(
                f"Cosmos {operation} failed: the TLS certificate of {endpoint} was not "
                "trusted (for a local emulator set GT_COSMOS_CONNECTION_VERIFY=false)"
            ) from exc
        raise BackendUnavailableError(
            f"Cosmos {operation} failed: cannot reach {endpoint}{transport_reason(exc)}"
        ) from exc


def transport_reason(exc: BaseException) -> str:
    """`: <first line of the error>` (no class name, no blank reason), or nothing."""
    text = str(exc).strip()
    first = text.splitlines()[0].strip() if text else ""
    return f": {first[:200]}" if first else ""


def is_certificate_failure(exc: BaseException) -> bool:
    """Whether a transport error is a refused TLS certificate (anywhere in its chain)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLCertVerificationError) or "CERTIFICATE_VERIFY_FAILED" in str(
            current
        ):
            return True
        current = current.__cause__ or current.__context__
    return False


def fingerprint(sql: SqlQuery) -> str:
    """Short digest binding a cursor to the query it came from."""
    raw = json.dumps([sql.text, sql.parameters], sort_keys=True, default=str)
    return hashlib.sha256(raw.encode()).hexdigest()[:16]


_STATUS_NOISE = re.compile(r"\(\w*\)|\b[Ss]tatus code:? *\d+|\bCode: *\w+")


def error_reason(exc: cosmos_errors.CosmosHttpResponseError) -> str:
    """A one-line, status-code-free reason for an SDK error."""
    hints = {
        401: "the key or credential was refused (check GT_COSMOS_KEY or your Azure sign-in)",
        403: "access denied (the identity needs a Cosmos DB data-plane role)",
        429: "throttled: request rate too large, retries exhausted",
    }
    if exc.status_code in hints:
        return hints[exc.status_code]
    message = (getattr(exc, "message", None) or str(exc)).strip()
    for prefix in ("Message:", "message:"):
        if prefix in message:
            message = message.split(prefix, 1)[1]
    lines = (_STATUS_NOISE.sub("", line).strip(" :,") for line in message.splitlines())
    first = next((line for line in lines if line), "")
    return first[:300] or "server error"


def endpoint_host(endpoint: str) -> str:
    """The host part of an endpoint URL, lower-cased (for emulator auto-detection)."""
    return (urlsplit(endpoint).hostname or "").lower()
