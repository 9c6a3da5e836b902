"""The ``counter-app`` command, run in-process: exit codes and what the person reads."""

import re
import sqlite3
from contextlib import closing
from importlib.metadata import version

import pytest

from counter_app import cli
from counter_app.domain.staff import Role
from counter_app.services.database import open_store_database
from counter_app.services.staff import list_staff, sign_in
from ui import main as entry_point


def _one_line(text):
    lines = text.splitlines()
    assert len(lines) == 1, f"expected one line, got {lines!r}"
    assert "Traceback" not in text
    return lines[0]


# --------------------------------------------------------------------------- version and usage


@pytest.mark.parametrize("run", [cli.main, entry_point.main], ids=["cli", "entry-point"])
def test_version(run, capsys):
    with pytest.raises(SystemExit) as finished:
        run(["--version"])
    assert finished.value.code == 0
    out, err = capsys.readouterr()
    assert out == f"counter-app {version('counter-app')}\n"
    assert re.fullmatch(r"counter-app \d+\.\d+\.\d+\S*\n", out)
    assert err == ""


@pytest.mark.parametrize(
    ("argv", "words"),
    [
        (["--bogus"], "unrecognized arguments: --bogus"),
        (["db"], "required: ACTION"),
        (["db", "repair"], "invalid choice: 'repair'"),
        (["audit"], "required: ACTION"),
        (["frobnicate"], "invalid choice: 'frobnicate'"),
        (["backup", "--to"], "expected one argument"),
        (["demo", "--if-empty", "extra"], "unrecognized arguments: extra"),
        (["--data-dir"], "expected one argument"),
    ],
    ids=lambda value: " ".join(value) if isinstance(value, list) else None,
)
def test_bad_arguments_exit_2_with_one_line(argv, words, capsys, tmp_path):
    with pytest.raises(SystemExit) as finished:
        entry_point.main(argv)
    assert finished.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    line = _one_line(err)
    assert words in line
    assert line.startswith("counter-app")
    assert "counter-app --help" in line
    assert not any(tmp_path.iterdir())  # nothing was created on the way out


def test_without_a_desktop_the_cli_says_so(capsys):
    assert cli.main([]) == 2
    out, err = capsys.readouterr()
    assert "desktop is not available" in _one_line(err)
    assert out == ""


# --------------------------------------------------------------------------- demo


def test_demo_twice_refuses_the_second_time(demo_dir, capsys, query):
    cases_before = query(demo_dir, "SELECT count(*) FROM service_case")
    assert cli.main(["--data-dir", str(demo_dir), "demo"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    assert "already has a store" in _one_line(err)
    assert query(demo_dir, "SELECT count(*) FROM service_case") == cases_before
    assert query(demo_dir, "SELECT count(*) FROM store") == [(1,)]


def test_demo_if_empty_leaves_an_existing_store_alone(demo_dir, capsys, query):
    sales_before = query(demo_dir, "SELECT count(*) FROM sale")
    assert cli.main(["--data-dir", str(demo_dir), "demo", "--if-empty"]) == 0
    out, err = capsys.readouterr()
    assert "already set up" in _one_line(out)
    assert err == ""
    assert query(demo_dir, "SELECT count(*) FROM sale") == sales_before


def test_the_demo_command_says_where_and_who_can_sign_in(demo_run):
    assert demo_run.exit_code == 0
    assert demo_run.out.splitlines() == [
        f"Demo store S012 (Counter Demo Store, Grafton Street) is ready in {demo_run.folder}.",
        "Sign in as: Maeve Byrne (manager, PIN 2468), Sam Okafor (clerk, PIN 1357), "
        "Lena Novak (clerk, PIN 8642)",
    ]
    assert "Traceback" not in demo_run.err


def test_the_demo_pins_sign_in(demo_dir):
    database = open_store_database(demo_dir).database
    try:
        staff = {member.name: member.id for member in list_staff(database=database)}
        person = sign_in(database=database, staff_id=staff["Maeve Byrne"], pin="2468")
    finally:
        database.dispose()
    assert person.role is Role.MANAGER


# --------------------------------------------------------------------------- db check


def test_db_check_on_the_demo(demo_dir, capsys, query):
    assert cli.main(["--data-dir", str(demo_dir), "db", "check"]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    [(cases,)] = query(demo_dir, "SELECT count(*) FROM service_case")
    [(events,)] = query(demo_dir, "SELECT count(*) FROM auditevent")
    assert "Integrity check: ok" in out
    assert f"Database:        {demo_dir.resolve() / 'counter.sqlite'}" in out
    assert "Store:           S012 Counter Demo Store, Grafton Street" in out
    assert f"Cases:           {cases:,}" in out
    assert f"Audit events:    {events:,}" in out
    assert re.search(r"Schema version:  (\w+) \(this program expects \1\)", out)


def test_db_check_on_a_new_folder_sets_up_an_empty_database(tmp_path, capsys):
    folder = tmp_path / "new"
    assert cli.main(["--data-dir", str(folder), "db", "check"]) == 0
    out, _ = capsys.readouterr()
    assert "Store:           not set up yet" in out
    assert "Cases:           0" in out
    assert "Integrity check: ok" in out
    assert (folder / "counter.sqlite").is_file()


def test_db_check_on_a_file_that_is_not_a_database(tmp_path, capsys):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "counter.sqlite").write_bytes(b"this is a spreadsheet, honestly\n" * 100)
    assert cli.main(["--data-dir", str(folder), "db", "check"]) == 1
    out, err = capsys.readouterr()
    assert "not a Counter database" in _one_line(err)
    assert out == ""


@pytest.mark.parametrize("command", [["db", "check"], ["demo"], ["audit", "verify"], ["backup"]])
def test_a_data_dir_that_is_a_file_is_one_clear_line(tmp_path, capsys, command):
    not_a_folder = tmp_path / "data"
    not_a_folder.write_text("I am a file")
    assert cli.main(["--data-dir", str(not_a_folder), *command]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = _one_line(err)
    assert line.startswith("counter-app: ")
    assert "is a file, not a folder" in line
    assert not_a_folder.read_text() == "I am a file"


# --------------------------------------------------------------------------- backup


def _sqlite_case_count(path):
    with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        return raw.execute("SELECT count(*) FROM service_case").fetchone()[0]


def test_backup_to_a_file_is_a_complete_database(demo_dir, tmp_path, capsys, query):
    target = tmp_path / "copies" / "monday.sqlite"
    assert cli.main(["--data-dir", str(demo_dir), "backup", "--to", str(target)]) == 0
    out, err = capsys.readouterr()
    assert _one_line(out) == f"Backup written to {target.resolve()}"
    assert err == ""
    assert target.read_bytes()[:16] == b"SQLite format 3\x00"
    [(cases,)] = query(demo_dir, "SELECT count(*) FROM service_case")
    assert cases > 0
    assert _sqlite_case_count(target) == cases
    assert not target.with_name("monday.sqlite.partial").exists()


def test_backup_without_a_target_goes_to_the_backups_folder(demo_dir, capsys):
    assert cli.main(["--data-dir", str(demo_dir), "backup"]) == 0
    out, _ = capsys.readouterr()
    [written] = list((demo_dir / "backups").glob("counter-*.sqlite"))
    assert str(written) in out
    assert _sqlite_case_count(written) == _sqlite_case_count(demo_dir / "counter.sqlite")


def test_backup_to_an_existing_folder_is_handled(demo_dir, tmp_path, capsys):
    folder = tmp_path / "usb-stick"
    folder.mkdir()
    code = cli.main(["--data-dir", str(demo_dir), "backup", "--to", str(folder)])
    _, err = capsys.readouterr()
    assert code in (0, 1)
    if code == 0:  # either the backup goes into the folder...
        assert list(folder.glob("*.sqlite"))
    else:  # ...or one line says what to do
        _one_line(err)
    assert not folder.with_name("usb-stick.partial").exists()


def test_backup_to_an_impossible_place_is_one_line(demo_dir, tmp_path, capsys):
    a_file = tmp_path / "notes.txt"
    a_file.write_text("not a folder")
    target = a_file / "backup.sqlite"
    assert cli.main(["--data-dir", str(demo_dir), "backup", "--to", str(target)]) == 1
    _, err = capsys.readouterr()
    _one_line(err)


def test_audit_verify_reports_details_that_are_not_json(demo_dir, capsys):
    with closing(sqlite3.connect(demo_dir / "counter.sqlite")) as raw:
        raw.execute("DROP TRIGGER auditevent_no_update")
        raw.execute("UPDATE auditevent SET details = 'rewritten' WHERE seq = 7")
        raw.commit()
    assert cli.main(["--data-dir", str(demo_dir), "audit", "verify"]) == 1
    out, _ = capsys.readouterr()
    assert "BROKEN" in out
    assert "event 7" in out


# --------------------------------------------------------------------------- audit verify


def test_audit_verify_on_the_demo(demo_dir, capsys, query):
    assert cli.main(["--data-dir", str(demo_dir), "audit", "verify"]) == 0
    out, err = capsys.readouterr()
    [(events,)] = query(demo_dir, "SELECT count(*) FROM auditevent")
    assert _one_line(out) == f"Audit trail intact: {events:,} events checked."
    assert err == ""


def test_audit_verify_names_a_tampered_event(demo_dir, capsys):
    with closing(sqlite3.connect(demo_dir / "counter.sqlite")) as raw:
        raw.execute("DROP TRIGGER auditevent_no_update")
        raw.execute(
            "UPDATE auditevent SET details = json_set(details, '$.lines', 99) "
            "WHERE seq = (SELECT min(seq) FROM auditevent WHERE action = 'case.opened')"
        )
        [(seq,)] = raw.execute(
            "SELECT min(seq) FROM auditevent WHERE action = 'case.opened'"
        ).fetchall()
        raw.commit()

    assert cli.main(["--data-dir", str(demo_dir), "audit", "verify"]) == 1
    out, _ = capsys.readouterr()
    line = _one_line(out)
    assert "Audit trail BROKEN" in line
    assert f"event {seq} was changed after it was written" in line
    assert f"Events before {seq} are intact" in line


# --------------------------------------------------------------------------- settings


def test_counter_data_dir_is_used_when_no_data_dir_is_given(demo_dir, monkeypatch, capsys):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(demo_dir))
    assert cli.main(["db", "check"]) == 0
    out, _ = capsys.readouterr()
    assert f"Database:        {demo_dir.resolve() / 'counter.sqlite'}" in out
    assert "Store:           S012" in out


def test_data_dir_option_wins_over_counter_data_dir(demo_dir, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("COUNTER_DATA_DIR", str(demo_dir))
    other = tmp_path / "other"
    assert cli.main(["--data-dir", str(other), "db", "check"]) == 0
    out, _ = capsys.readouterr()
    assert f"Database:        {other.resolve() / 'counter.sqlite'}" in out
    assert "Store:           not set up yet" in out


@pytest.mark.parametrize("value", ["abc", "0", "100000", "", "3.5"])
def test_an_invalid_lockout_setting_is_one_clear_line(value, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("COUNTER_LOCKOUT_MINUTES", value)
    assert cli.main(["--data-dir", str(tmp_path / "data"), "db", "check"]) == 1
    out, err = capsys.readouterr()
    assert out == ""
    line = _one_line(err)
    assert line.startswith("counter-app: setting COUNTER_LOCKOUT_MINUTES is not valid: ")
    assert not (tmp_path / "data").exists()  # refused before touching the data folder


def test_a_valid_lockout_setting_is_accepted(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("COUNTER_LOCKOUT_MINUTES", "15")
    assert cli.main(["--data-dir", str(tmp_path / "data"), "db", "check"]) == 0
    assert "Integrity check: ok" in capsys.readouterr().out
