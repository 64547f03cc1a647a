"""gt-tui: a terminal workstation for curating ground-truth data."""

from __future__ import annotations

FALLBACK_VERSION = "0.1.0"


def __getattr__(name: str) -> str:
    """`__version__` on first use: reading package metadata scans every installed
    distribution, which start-up does not need (only `--version` and exports do)."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("gt-tui")
        except PackageNotFoundError:  # running from a source tree that is not installed
            return FALLBACK_VERSION
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
