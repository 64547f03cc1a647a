"""gt-tui: a terminal workstation for curating ground-truth data."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("gt-tui")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.1.0"
