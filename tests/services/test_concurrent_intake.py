"""Two counters saving at the same moment: distinct, gap-free numbers, one intact chain."""

import subprocess
import sys
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from counter_app.services import intake
from counter_app.services.database import open_store_database

PER_WRITER = 15


def _requests(seeded):
    # The return has no receipt: the receipt's two kettles cannot come back ten times.
    return [
        seeded.complaint_request(),
        seeded.return_request(receipt_number=None),
        seeded.exchange_request(),
    ]


def test_two_threads_opening_cases_at_once_get_distinct_consecutive_numbers(
    seeded, check_consistent
):
    # Two engines on one file, as two windows or two processes would have.
    second = open_store_database(seeded.folder).database
    databases = [seeded.database, second]
    start = threading.Barrier(len(databases))
    requests = _requests(seeded)

    def counter(database):
        start.wait(timeout=10)
        return [
            intake.open_case(
                database=database,
                staff=seeded.clerk,
                request=requests[index % len(requests)],
                now=seeded.now,
            ).number
            for index in range(PER_WRITER)
        ]

    try:
        with ThreadPoolExecutor(max_workers=len(databases)) as pool:
            results = [future.result() for future in [pool.submit(counter, d) for d in databases]]
    finally:
        second.dispose()
        seeded.database.dispose()

    every = [number for numbers in results for number in numbers]
    assert len(every) == len(set(every)) == 2 * PER_WRITER
    assert sorted(every) == [f"S012-20260614-{n:04d}" for n in range(1, 2 * PER_WRITER + 1)]
    for numbers in results:
        assert numbers == sorted(numbers)  # each counter's own numbers only go up
    found = check_consistent(seeded.folder)
    assert found["numbers"] == sorted(every)


def test_a_shared_engine_hands_each_thread_its_own_unit_of_work(seeded, check_consistent):
    start = threading.Barrier(4)

    def counter(_):
        start.wait(timeout=10)
        return [
            intake.open_case(
                database=seeded.database,
                staff=seeded.clerk,
                request=seeded.complaint_request(),
                now=seeded.now,
            ).number
            for _ in range(5)
        ]

    try:
        with ThreadPoolExecutor(max_workers=4) as pool:
            every = [number for numbers in pool.map(counter, range(4)) for number in numbers]
    finally:
        seeded.database.dispose()
    assert sorted(every) == [f"S012-20260614-{n:04d}" for n in range(1, 21)]
    check_consistent(seeded.folder)


@pytest.mark.slow
def test_two_processes_opening_cases_at_once_get_distinct_consecutive_numbers(
    seeded, writer_script, check_consistent
):
    seeded.database.dispose()
    arguments = [
        sys.executable,
        str(writer_script),
        str(seeded.folder),
        str(seeded.clerk.staff_id),
        str(seeded.store.id),
        "20",
    ]
    writers = [
        subprocess.Popen(arguments, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outputs = [writer.communicate(timeout=60) for writer in writers]
    for writer, (_, errors) in zip(writers, outputs, strict=True):
        assert writer.returncode == 0, errors
    every = [number for out, _ in outputs for number in out.split()]
    assert len(every) == len(set(every)) == 40
    found = check_consistent(seeded.folder)
    assert found["numbers"] == sorted(every)
    assert found["numbers"][-1] == "S012-20260614-0040"
