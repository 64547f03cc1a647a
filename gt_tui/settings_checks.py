"""Up-front checks of settings that would otherwise fail deep in a backend SDK.

A Cosmos endpoint without a scheme, with port 99999, or a key that is not base64 made the
SDK raise inside the reconnect loop, so commands hung instead of saying what was wrong.
These run when Settings is built: one line naming the setting, exit 2.
"""

from __future__ import annotations

import binascii
from base64 import b64decode
from urllib.parse import urlsplit


def check_cosmos_endpoint(value: str) -> str:
    """`https://host[:port][/]`: the only form the Cosmos SDK can use."""
    text = value.strip()
    parts = urlsplit(text)
    if parts.scheme.lower() != "https":
        shown = f"{parts.scheme}://" if parts.scheme and "://" in text else "none"
        raise ValueError(
            f"must start with https:// (scheme is {shown}), e.g. https://ACCOUNT.documents.azure.com:443/"
        )
    if not parts.hostname:
        raise ValueError("has no host name, e.g. https://ACCOUNT.documents.azure.com:443/")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("has an invalid port (must be a number 1-65535)") from None
    if port == 0:
        raise ValueError("has an invalid port (must be a number 1-65535)")
    if parts.username or parts.password or parts.query or parts.fragment:
        raise ValueError("must be only https://host[:port]/ (no user, query or fragment)")
    return text


def check_cosmos_key(value: str) -> str:
    """An account key is base64; empty means "no key" (Azure AD sign-in)."""
    text = value.strip()
    if not text:
        return text
    try:
        b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ValueError(
            "is not a base64 account key (copy the primary key from the Azure portal)"
        ) from None
    return text
