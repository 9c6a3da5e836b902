"""Drafts on disk: written whole, read back, a damaged one set aside, one per screen and person."""

import os
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from small_disk import on_small_disk, small_disk

from counter_app.domain.validation import InputError
from counter_app.services.drafts import DRAFTS_FOLDER, discard_draft, load_draft, save_draft

PERSON = uuid.UUID(int=7)
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def test_a_draft_comes_back_as_it_was_kept(tmp_path: Path) -> None:
    form = {"receipt_number": "R-20261120-0001", "lines": [{"quantity": 1, "reason": "Zu groß"}]}
    save_draft(data_dir=tmp_path, kind="return", staff_id=PERSON, form=form, now=NOW)
    draft = load_draft(data_dir=tmp_path, kind="return", staff_id=PERSON)
    assert draft is not None
    assert (draft.kind, draft.staff_id, draft.saved_at, draft.form) == ("return", PERSON, NOW, form)


def test_drafts_are_kept_per_screen_and_per_person(tmp_path: Path) -> None:
    save_draft(data_dir=tmp_path, kind="return", staff_id=PERSON, form={"a": 1})
    assert load_draft(data_dir=tmp_path, kind="exchange", staff_id=PERSON) is None
    assert load_draft(data_dir=tmp_path, kind="return", staff_id=uuid.UUID(int=8)) is None


def test_discarding_forgets_the_draft(tmp_path: Path) -> None:
    save_draft(data_dir=tmp_path, kind="return", staff_id=PERSON, form={"a": 1})
    discard_draft(data_dir=tmp_path, kind="return", staff_id=PERSON)
    assert load_draft(data_dir=tmp_path, kind="return", staff_id=PERSON) is None
    discard_draft(data_dir=tmp_path, kind="return", staff_id=PERSON)  # twice is fine


@on_small_disk
def test_discarding_on_a_read_only_disk_leaves_the_draft_and_raises_nothing(
    tmp_path: Path,
) -> None:
    with small_disk(tmp_path / "data", size_kb=512) as disk:
        save_draft(data_dir=disk.folder, kind="return", staff_id=PERSON, form={"a": 1})
        disk.read_only()
        discard_draft(data_dir=disk.folder, kind="return", staff_id=PERSON)
        draft = load_draft(data_dir=disk.folder, kind="return", staff_id=PERSON)
        assert draft is not None
        assert draft.form == {"a": 1}
        disk.writable()


def test_a_damaged_draft_is_set_aside_not_an_error(tmp_path: Path) -> None:
    save_draft(data_dir=tmp_path, kind="return", staff_id=PERSON, form={"a": 1})
    [path] = (tmp_path / DRAFTS_FOLDER).glob("*.json")
    path.write_text('{"kind": "return", "form": ', encoding="utf-8")
    assert load_draft(data_dir=tmp_path, kind="return", staff_id=PERSON) is None
    assert path.with_suffix(".damaged").exists()


def test_an_unknown_kind_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no draft of a 'sale'"):
        save_draft(data_dir=tmp_path, kind="sale", staff_id=PERSON, form={})


WRITER = """
import sys, uuid
from pathlib import Path
from counter_app.services.drafts import save_draft
folder, person = Path(sys.argv[1]), uuid.UUID(sys.argv[2])
big = "x" * 200_000
n = 0
while True:
    save_draft(data_dir=folder, kind="return", staff_id=person, form={"n": n, "pad": big})
    n += 1
    if n == 3:
        print("writing", flush=True)
"""


@pytest.mark.slow
def test_a_crash_mid_write_leaves_the_last_whole_draft(tmp_path: Path) -> None:
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path), PERSON.hex], stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None
    assert child.stdout.readline().strip() == "writing"
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    child.stdout.close()
    draft = load_draft(data_dir=tmp_path, kind="return", staff_id=PERSON)
    assert draft is not None  # whole, never half-written
    assert draft.form["pad"] == "x" * 200_000
