"""This counter PC's settings file: defaults, checks, roles, the audit trail and the disk."""

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest

from counter_app.services.counter_settings import (
    DOCUMENT_KINDS,
    LANGUAGES,
    SETTINGS_FILENAME,
    CounterSettings,
    SettingsNotSavedError,
    load_counter_settings,
    save_counter_settings,
    save_display_settings,
)
from counter_app.services.errors import InputError, PermissionDeniedError

Seeded = Any  # the ``seeded`` fixture of tests/services/conftest.py
TOKEN = "hq-token-3f9a1c77e2b04d5e"


def settings_file(seeded: Seeded) -> Path:
    return seeded.folder / SETTINGS_FILENAME


def settings_events(seeded: Seeded) -> list[dict[str, object]]:
    rows = seeded.sql(
        "SELECT details FROM auditevent WHERE action = 'settings.changed' ORDER BY seq"
    )
    return [json.loads(row[0]) for row in rows]


def test_defaults_without_a_file(tmp_path: Path) -> None:
    loaded = load_counter_settings(tmp_path)

    assert loaded.problem is None
    settings = loaded.settings
    assert settings.language == "en"
    assert settings.high_contrast is False
    assert settings.idle_lock_minutes == 5
    assert settings.head_office_url == ""
    assert not settings.has_token
    for document in DOCUMENT_KINDS:
        choice = settings.printers.for_document(document)
        assert choice.kind == "pdf_folder"
        assert choice.columns == 48
        assert choice.folder_in(tmp_path) == tmp_path / "printed"
    assert set(LANGUAGES) == {"en", "de"}


def test_manager_settings_round_trip(seeded: Seeded) -> None:
    saved = save_counter_settings(
        database=seeded.database,
        staff=seeded.manager,
        changes={
            "language": "de",
            "idle_lock_minutes": 12,
            "head_office_url": "https://hq.example.com/counter",
            "head_office_token": TOKEN,
            "printers": {
                "receipt": {"kind": "escpos", "escpos_address": "tcp:192.168.1.50:9100"},
                "return_label": {"kind": "system", "system_printer": "Zebra GK420d"},
                "voucher": {"kind": "escpos", "escpos_address": "usb:04b8:0202", "columns": 42},
                "report": {"kind": "pdf_folder", "pdf_folder": str(seeded.folder / "reports")},
            },
        },
    )

    again = load_counter_settings(seeded.folder)
    assert again.problem is None
    assert again.settings == saved
    assert again.settings.head_office_token.get_secret_value() == TOKEN
    assert again.settings.language == "de"
    assert again.settings.idle_lock_minutes == 12
    printers = again.settings.printers
    assert printers.receipt.escpos_address == "tcp:192.168.1.50:9100"
    assert printers.return_label.system_printer == "Zebra GK420d"
    assert printers.voucher.columns == 42
    assert printers.report.folder_in(seeded.folder) == seeded.folder / "reports"
    assert (seeded.folder / "reports").is_dir()


def test_unknown_keys_in_the_file_are_ignored(seeded: Seeded) -> None:
    settings_file(seeded).write_text(
        json.dumps({"language": "de", "from_a_newer_version": 7, "printers": {"fax": {}}}),
        encoding="utf-8",
    )

    loaded = load_counter_settings(seeded.folder)

    assert loaded.problem is None
    assert loaded.settings.language == "de"


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"language": "fr"}, "language", "English (en) or Deutsch (de)"),
        ({"idle_lock_minutes": 0}, "idle_lock_minutes", "from 1 to 240"),
        ({"idle_lock_minutes": 241}, "idle_lock_minutes", "from 1 to 240"),
        ({"head_office_url": "ftp://hq.example.com"}, "head_office_url", "https://"),
        ({"head_office_url": "hq.example.com"}, "head_office_url", "https://"),
        ({"head_office_token": "two words"}, "head_office_token", "spaces"),
        (
            {"printers": {"receipt": {"kind": "escpos", "escpos_address": "COM3"}}},
            "printers.receipt.escpos_address",
            "usb:04b8:0202",
        ),
        (
            {"printers": {"receipt": {"kind": "escpos", "escpos_address": "tcp:10.0.0.9:70000"}}},
            "printers.receipt.escpos_address",
            "1 to 65535",
        ),
        (
            {"printers": {"voucher": {"kind": "system", "system_printer": ""}}},
            "printers.voucher.system_printer",
            "Choose which printer",
        ),
        (
            {"printers": {"report": {"pdf_folder": "relative/reports"}}},
            "printers.report.pdf_folder",
            "full path",
        ),
        ({"printers": {"receipt": {"columns": 40}}}, "printers.receipt.columns", "42, 44 or 48"),
        ({"printers": {"receipt": {"kind": "fax"}}}, "printers.receipt.kind", "how to print"),
        ({"favourite_colour": "green"}, "favourite_colour", "not a setting"),
        ({"returns_address": "A\nB\nC\nD\nE\nF"}, "returns_address", "room for 5"),
        ({"returns_address": "x" * 201}, "returns_address", "at most 200"),
        ({"returns_address": 42}, "returns_address", "must be text"),
    ],
)
def test_wrong_settings_are_refused_in_words_and_nothing_is_written(
    seeded: Seeded, changes: dict[str, object], field: str, words: str
) -> None:
    audit_before = seeded.count("auditevent")

    with pytest.raises(InputError) as refused:
        save_counter_settings(database=seeded.database, staff=seeded.manager, changes=changes)

    assert [problem.field for problem in refused.value.problems] == [field]
    assert words in refused.value.problems[0].message
    assert not settings_file(seeded).exists()
    assert seeded.count("auditevent") == audit_before


def test_other_kinds_fields_are_kept_but_not_checked(seeded: Seeded) -> None:
    saved = save_counter_settings(
        database=seeded.database,
        staff=seeded.manager,
        changes={"printers": {"receipt": {"kind": "pdf_folder", "escpos_address": "half-typed"}}},
    )

    assert saved.printers.receipt.escpos_address == "half-typed"


def test_damaged_file_gives_defaults_and_is_kept_when_saving_over_it(seeded: Seeded) -> None:
    damaged = '{"language": "de", "printers": {'
    settings_file(seeded).write_text(damaged, encoding="utf-8")

    loaded = load_counter_settings(seeded.folder)

    assert loaded.settings == CounterSettings()
    assert loaded.problem is not None
    assert "damaged" in loaded.problem
    assert "Traceback" not in loaded.problem
    assert settings_file(seeded).read_text(encoding="utf-8") == damaged  # untouched by reading

    save_display_settings(
        database=seeded.database, staff=seeded.clerk, language="en", high_contrast=True
    )

    kept = list(seeded.folder.glob("counter-settings.damaged-*.json"))
    assert len(kept) == 1
    assert kept[0].read_text(encoding="utf-8") == damaged
    assert load_counter_settings(seeded.folder).problem is None


def test_a_wrong_value_in_the_file_is_a_problem_in_words(seeded: Seeded) -> None:
    settings_file(seeded).write_text(json.dumps({"idle_lock_minutes": 9999}), encoding="utf-8")

    loaded = load_counter_settings(seeded.folder)

    assert loaded.settings.idle_lock_minutes == 5
    assert loaded.problem is not None
    assert "Auto-lock" in loaded.problem
    assert ".." not in loaded.problem  # the setting's own sentence, then the rest, one stop each


def test_clerk_is_refused_manager_settings(seeded: Seeded) -> None:
    with pytest.raises(PermissionDeniedError, match="Only a manager"):
        save_counter_settings(
            database=seeded.database, staff=seeded.clerk, changes={"idle_lock_minutes": 30}
        )

    assert not settings_file(seeded).exists()


def test_clerk_may_change_language_and_contrast(seeded: Seeded) -> None:
    saved = save_display_settings(
        database=seeded.database, staff=seeded.clerk, language="de", high_contrast=True
    )

    assert saved.language == "de"
    assert saved.high_contrast is True
    assert load_counter_settings(seeded.folder).settings == saved
    assert settings_events(seeded) == [{"changed": {"high_contrast": True, "language": "de"}}]
    who = seeded.sql("SELECT staff_id FROM auditevent WHERE action = 'settings.changed'")
    assert who == [(seeded.clerk.staff_id.hex,)]


def test_saving_nothing_new_writes_nothing(seeded: Seeded) -> None:
    save_display_settings(
        database=seeded.database, staff=seeded.clerk, language="en", high_contrast=False
    )

    assert not settings_file(seeded).exists()
    assert settings_events(seeded) == []


def test_token_never_reaches_the_audit_trail_or_the_outbox(seeded: Seeded) -> None:
    save_counter_settings(
        database=seeded.database,
        staff=seeded.manager,
        changes={"head_office_token": TOKEN, "head_office_url": "https://hq.example.com"},
    )
    save_counter_settings(
        database=seeded.database, staff=seeded.manager, changes={"head_office_token": ""}
    )

    audit = " ".join(str(row) for row in seeded.sql("SELECT * FROM auditevent"))
    outbox = " ".join(str(row) for row in seeded.sql("SELECT * FROM outbox"))
    assert TOKEN not in audit
    assert TOKEN not in outbox
    events = settings_events(seeded)
    assert events == [
        {
            "changed": {
                "head_office_token": "changed",
                "head_office_url": "https://hq.example.com",
            }
        },
        {"changed": {"head_office_token": "cleared"}},
    ]
    kinds = seeded.sql("SELECT kind FROM outbox WHERE kind = 'settings.changed'")
    assert len(kinds) == 2
    assert TOKEN not in repr(load_counter_settings(seeded.folder).settings)


def test_file_is_readable_by_its_owner_only(seeded: Seeded) -> None:
    save_counter_settings(
        database=seeded.database, staff=seeded.manager, changes={"head_office_token": TOKEN}
    )

    mode = stat.S_IMODE(settings_file(seeded).stat().st_mode)
    if os.name == "posix":
        assert mode == 0o600
    assert not list(seeded.folder.glob(".counter-settings.*"))  # no temporary file left


def test_a_failed_file_write_rolls_the_audit_back(seeded: Seeded) -> None:
    """A write the disk refuses, whoever runs the tests (root included): the damaged file's
    new name is taken by a folder, so keeping the damaged file aside fails."""
    settings_file(seeded).write_text("not json", encoding="utf-8")
    in_the_way = seeded.folder / "counter-settings.damaged-20260614T120000Z.json"
    in_the_way.mkdir()
    (in_the_way / "keep").write_text("x", encoding="utf-8")
    audit_before = seeded.count("auditevent")
    outbox_before = seeded.count("outbox")

    with pytest.raises(SettingsNotSavedError, match="not saved") as refused:
        save_display_settings(
            database=seeded.database,
            staff=seeded.clerk,
            language="de",
            high_contrast=False,
            now=seeded.now,
        )

    assert "Nothing was changed" in str(refused.value)
    assert seeded.count("auditevent") == audit_before
    assert seeded.count("outbox") == outbox_before
    assert settings_file(seeded).read_text(encoding="utf-8") == "not json"


def test_every_problem_is_told_at_once(seeded: Seeded) -> None:
    with pytest.raises(InputError) as refused:
        save_counter_settings(
            database=seeded.database,
            staff=seeded.manager,
            changes={
                "head_office_url": "ftp://hq.example.com",
                "printers": {"receipt": {"kind": "escpos", "escpos_address": "COM3"}},
            },
        )

    assert [problem.field for problem in refused.value.problems] == [
        "head_office_url",
        "printers.receipt.escpos_address",
    ]


def test_the_returns_address_is_kept_a_line_each_without_blank_lines(seeded: Seeded) -> None:
    typed = "  Returns Centre  \r\n\r\nUnit 4, Harbour Road\r\nDublin D01 X2Y3\n\n"

    saved = save_counter_settings(
        database=seeded.database, staff=seeded.manager, changes={"returns_address": typed}
    )

    expected = "Returns Centre\nUnit 4, Harbour Road\nDublin D01 X2Y3"
    assert saved.returns_address == expected
    assert load_counter_settings(seeded.folder).settings.returns_address == expected
    assert settings_events(seeded)[-1] == {"changed": {"returns_address": expected}}


def test_a_clerk_cannot_change_where_returns_go(seeded: Seeded) -> None:
    with pytest.raises(PermissionDeniedError):
        save_counter_settings(
            database=seeded.database, staff=seeded.clerk, changes={"returns_address": "Elsewhere"}
        )

    assert not settings_file(seeded).exists()
