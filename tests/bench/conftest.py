from pathlib import Path

import pytest
from bench_runs import generate_store


@pytest.fixture(scope="module")
def small_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 2,000-case generated store of the test module's own (the benches write to it)."""
    return generate_store(tmp_path_factory.mktemp("store") / "data")
