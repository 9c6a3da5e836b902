"""The two figures every benchmark here prints: the median and the 99th percentile."""

from collections.abc import Sequence


def median(samples: Sequence[float]) -> float:
    """The middle sample (the mean of the two middle ones for an even count)."""
    ordered = sorted(samples)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def p99(samples: Sequence[float]) -> float:
    """The 99th percentile by nearest rank: the slowest sample for fewer than 100 rounds."""
    ordered = sorted(samples)
    rank = max(1, -(-99 * len(ordered) // 100))  # ceil(0.99 n)
    return ordered[rank - 1]
