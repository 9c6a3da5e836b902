"""Counter: the service-counter application core (no Qt widgets here)."""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("counter-app")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+source"
