"""Counter's side against its baseline, timed round by round: the loop the benchmarks share.

Each round times both sides of every contest once, and the side that goes first
swaps every round, so neither always meets a cold cache or a busy moment; the
first rounds warm up and are not kept.
"""

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bench.statistics import median


@dataclass
class Contest:
    """One thing measured: Counter's way and the bare baseline, with their times in ms."""

    name: str
    project: Callable[[], Any]
    baseline: Callable[[], Any]
    described: str = ""
    project_ms: list[float] = field(default_factory=list)
    baseline_ms: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float:
        """Counter's median over the baseline's median."""
        return median(self.project_ms) / median(self.baseline_ms)


def timed(work: Callable[[], Any]) -> float:
    """One call's wall time in milliseconds."""
    start = time.perf_counter()
    work()
    return (time.perf_counter() - start) * 1000


# Where a side's times go, and the work to time.
Side = tuple[list[float], Callable[[], Any]]


def time_round(sides: Sequence[Side], number: int, warm_up: int) -> None:
    """Round ``number``: each side timed once, the first going last every other round.

    The times of the first ``warm_up`` rounds are not kept.
    """
    ordered = list(sides) if number % 2 == 0 else list(reversed(sides))
    for times, work in ordered:
        elapsed = timed(work)
        if number >= warm_up:
            times.append(elapsed)


def run_rounds(contests: Sequence[Contest], rounds: int, warm_up: int) -> None:
    """Time each contest's two sides every round, swapping which goes first every round."""
    for number in range(warm_up + rounds):
        for contest in contests:
            time_round(
                [(contest.project_ms, contest.project), (contest.baseline_ms, contest.baseline)],
                number,
                warm_up,
            )
