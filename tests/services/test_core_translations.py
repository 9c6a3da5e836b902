"""The words the core writes for people come in German too, and none slips past the catalog.

* no service or domain rule raises a refusal built from literal English (the words go
  through ``say()``), and no ``say()`` is given an f-string;
* every message Babel extracts from ``counter_app`` has a German translation that keeps
  its placeholders, and the shipped ``.mo`` is the compiled ``.po``;
* with German chosen, a refusal and the policy's reasons are German.
"""

import ast
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from counter_app import i18n
from counter_app.services import sales
from counter_app.services.errors import NotFoundError
from db.errors import DataFolderError
from db.store.database import unavailable_error
from db.store.opening import prepare_data_folder

ROOT = Path(__file__).resolve().parents[2]
CORE = ROOT / "counter_app"
CATALOG = CORE / "locale" / "de" / "LC_MESSAGES"
KEYWORDS = {"say": None, "say_later": None, "say_plural": (1, 2)}
_LETTERS = re.compile(r"[A-Za-z]{2,}")
_PLACEHOLDERS = re.compile(r"\{[a-z_]+(?:[:!][^}]*)?\}")
# The places whose text a person reads: the message of a refusal.
CHECKED_FOLDERS = ("domain", "services")
# Programming errors reach a traceback, not a person: their text stays as the code wrote it.
PROGRAMMING_ERRORS = frozenset(
    {"ValueError", "TypeError", "KeyError", "RuntimeError", "AssertionError", "LookupError"}
)


@pytest.fixture
def german() -> Iterator[None]:
    assert i18n.use_language("de")
    yield
    i18n.use_language("en")


def _words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_LETTERS.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_words(part) for part in node.values)
    if isinstance(node, ast.BinOp):
        return _words(node.left) or _words(node.right)
    return False


def _untranslated(path: Path) -> Iterator[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    where = path.relative_to(ROOT)
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else ""
            name = name or (node.func.id if isinstance(node.func, ast.Name) else "")
            if name in KEYWORDS and any(isinstance(arg, ast.JoinedStr) for arg in node.args):
                yield f"{where}:{node.lineno}: an f-string inside {name}()"
            if name == "single" and len(node.args) > 1 and _words(node.args[1]):
                yield f"{where}:{node.lineno}: InputError.single() given English words"
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            raised = node.exc.func
            error = raised.id if isinstance(raised, ast.Name) else ""
            if (
                error.endswith("Error")
                and error not in PROGRAMMING_ERRORS
                and node.exc.args
                and _words(node.exc.args[0])
            ):
                yield f"{where}:{node.lineno}: {error}() given English words"


def test_no_refusal_is_written_in_literal_english() -> None:
    problems = [
        problem
        for folder in CHECKED_FOLDERS
        for path in sorted((CORE / folder).glob("*.py"))
        for problem in _untranslated(path)
    ]
    assert problems == []


def test_the_checker_catches_literal_refusals(tmp_path: Path) -> None:
    sample = CORE / "services" / "_translation_check_sample.py"
    sample.write_text(
        "raise NotFoundError(f'No receipt {number}.')\n"
        "raise InputError.single('field', 'Type a number.')\n"
        "raise NotFoundError(say('No receipt {number}.').format(number=n))\n"
        "say(f'Hello {name}')\n",
        encoding="utf-8",
    )
    try:
        problems = [problem.split(": ", 1)[1] for problem in _untranslated(sample)]
    finally:
        sample.unlink()
    assert sorted(problems) == [
        "InputError.single() given English words",
        "NotFoundError() given English words",
        "an f-string inside say()",
    ]


def _extracted() -> set[str]:
    """The core's words, and the storage layer's (marked with ``storage_words``)."""
    found = set()
    for folder, keywords in ((CORE, KEYWORDS), (ROOT / "db", {"storage_words": None})):
        for _filename, _line, message, _comments, _context in extract_from_dir(
            str(folder), keywords=keywords, method_map=[("**.py", "python")]
        ):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_message_of_the_core_has_german_that_keeps_its_placeholders() -> None:
    with (CATALOG / "counter.po").open("rb") as stream:
        catalog = read_po(stream)
    missing = sorted(message for message in _extracted() if message not in catalog)
    assert missing == []
    for message in catalog:
        if not message.id:
            continue
        sources = message.id if isinstance(message.id, tuple) else (message.id,)
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        assert not message.fuzzy, message.id
        assert all(forms), f"untranslated: {message.id!r}"
        wanted = sorted(_PLACEHOLDERS.findall(sources[-1]))
        for form in forms:
            assert sorted(_PLACEHOLDERS.findall(form)) == wanted, (message.id, form)


def test_the_shipped_mo_is_the_compiled_po() -> None:
    with (CATALOG / "counter.po").open("rb") as stream:
        catalog = read_po(stream)
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    assert compiled.getvalue() == (CATALOG / "counter.mo").read_bytes()


def test_a_refusal_comes_in_german_when_german_is_chosen(seeded, german) -> None:
    with pytest.raises(NotFoundError) as refused:
        sales.find_receipt(database=seeded.database, receipt_number="R-20260101-9999")
    said = str(refused.value)
    assert "R-20260101-9999" in said
    assert "Kassenbon" in said
    assert "No receipt" not in said


def test_a_storage_refusal_comes_in_german_when_german_is_chosen(tmp_path: Path, german) -> None:
    """The storage layer cannot import ``say``; its sentences are translated when shown."""
    full = unavailable_error(tmp_path / "counter.sqlite", "database or disk is full")
    assert full is not None
    assert str(full).startswith("Der Datenträger dieses PCs ist voll")
    assert full.args[0].startswith("The disk of this PC is full")  # logs keep the English
    plain = tmp_path / "plain"
    plain.write_text("x", encoding="utf-8")
    with pytest.raises(DataFolderError) as refused:
        prepare_data_folder(plain)
    assert str(refused.value) == f"Der Datenordner {plain} ist eine Datei, kein Ordner."
    assert len(_extracted() - _extracted_from_core_only()) >= 20


def _extracted_from_core_only() -> set[str]:
    return {
        message[0] if isinstance(message, tuple) else message
        for _filename, _line, message, _comments, _context in extract_from_dir(
            str(CORE), keywords=KEYWORDS, method_map=[("**.py", "python")]
        )
    }


def test_english_is_back_after_switching_back(seeded) -> None:
    assert i18n.use_language("de")
    assert i18n.use_language("en")
    assert i18n.current_language() == "en"
    with pytest.raises(NotFoundError) as refused:
        sales.find_receipt(database=seeded.database, receipt_number="R-20260101-9999")
    assert str(refused.value).startswith("No receipt R-20260101-9999 at this store.")


def test_a_language_without_a_catalog_falls_back_to_english() -> None:
    assert not i18n.use_language("xx")
    assert i18n.current_language() == "en"
    assert i18n.say("Some words") == "Some words"
