"""Text in any script comes back exactly as typed; SQL in text is only text."""

import json

import pytest

from counter_app.services import intake
from counter_app.services.audit import verify_audit_chain
from counter_app.services.cases import get_case

TEXTS = [
    pytest.param("Kettle 🔥 broke ☕", id="emoji"),
    pytest.param("Mechanic 👩‍🔧 and family 👨‍👩‍👧‍👦", id="emoji-zwj"),
    pytest.param("Flags 🇮🇪 🇩🇪 🇺🇦 and skin tone 👍🏽", id="flags-and-modifiers"),
    pytest.param("Чайник сломался, прошу заменить", id="cyrillic"),
    pytest.param("Ο βραστήρας χάλασε · ΑΒΓ αβγ ς", id="greek"),  # noqa: RUF001
    pytest.param("水壶坏了 / ケトルが壊れた / 주전자가 고장", id="cjk"),
    pytest.param("الغلاية معطلة، أريد استبدالها", id="arabic"),
    pytest.param("עברית ומספרים 123", id="hebrew"),
    pytest.param("Zoë Ångström, re\u0301sume\u0301, n\u0303", id="combining-accents"),
    pytest.param("Siobhán Ó Briain-Müller", id="irish-and-german"),
    pytest.param("Robert'); DROP TABLE staff;--", id="sql-drop"),
    pytest.param("' OR '1'='1' --", id="sql-or"),
    pytest.param('x"; DELETE FROM service_case; --', id="sql-delete"),
    pytest.param("%s %d {0} {name} \\N \\x00 ${HOME}", id="format-strings"),
    pytest.param("<script>alert(1)</script> &amp;", id="markup"),
    pytest.param("𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝟙𝟚𝟛 — beyond the BMP", id="astral-plane"),  # noqa: RUF001
]


def _open(seeded, text):
    request = seeded.complaint_request(
        summary=f"  {text}\n",
        customer={"name": f"\t{text[:120]} ", "consent": True},
    )
    request["complaint"]["description"] = f" {text}\n\n{text} "
    request["complaint"]["desired_outcome"] = text[:500]
    return intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
    )


@pytest.mark.parametrize("text", TEXTS)
def test_text_comes_back_exactly_as_typed(seeded, text):
    opened = _open(seeded, text)
    description = f"{text}\n\n{text}"  # only the surrounding whitespace goes

    case = get_case(database=seeded.database, case_ref=opened.id)
    assert case.summary == text
    assert case.complaint_description == description
    assert case.complaint_category == "Product quality"  # categories come from the policy

    # Byte for byte in the file: UTF-8, no normalisation, no escaping.
    [(summary, described, name)] = seeded.sql(
        "SELECT CAST(c.summary AS BLOB), CAST(d.description AS BLOB), CAST(u.name AS BLOB) "
        "FROM service_case c JOIN complaintdetail d ON d.case_id = c.id "
        "JOIN customer u ON u.id = c.customer_id"
    )
    assert summary == text.encode("utf-8")
    assert described == description.encode("utf-8")
    assert name == text[:120].encode("utf-8")

    # What head office will receive carries the same text.
    payloads = {
        kind: json.loads(payload)["data"]
        for kind, payload in seeded.sql("SELECT kind, payload FROM outbox")
        if kind in {"case.opened", "customer.added"}
    }
    assert payloads["case.opened"]["summary"] == text
    assert payloads["case.opened"]["complaint"]["description"] == description
    assert payloads["customer.added"]["name"] == text[:120]


@pytest.mark.parametrize("text", TEXTS)
def test_sql_in_text_leaves_every_table_in_place(seeded, text):
    tables_before = seeded.sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1")
    _open(seeded, text)

    assert seeded.sql("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY 1") == (
        tables_before
    )
    assert ("staff",) in tables_before
    assert seeded.count("staff") == 2
    assert seeded.count("service_case") == 1
    assert verify_audit_chain(database=seeded.database).intact


def test_combining_accents_are_not_normalised(seeded):
    decomposed = "Cafe\u0301"  # e + COMBINING ACUTE, not the single character é
    opened = _open(seeded, decomposed)
    summary = get_case(database=seeded.database, case_ref=opened.id).summary
    assert summary == decomposed
    assert summary != "Café"
    assert len(summary) == 5


def test_inner_whitespace_is_kept(seeded):
    request = seeded.complaint_request(
        summary=" two  spaces\tand a tab\r\nthen a line ",
        customer={"name": " Anne  Marie ", "consent": True},
    )
    opened = intake.open_case(
        database=seeded.database, staff=seeded.clerk, request=request, now=seeded.now
    )
    assert get_case(database=seeded.database, case_ref=opened.id).summary == (
        "two  spaces\tand a tab\r\nthen a line"
    )
    assert seeded.sql("SELECT name FROM customer") == [("Anne  Marie",)]


def test_case_found_by_sql_looking_number_is_refused_not_run(seeded):
    _open(seeded, "ordinary")
    with pytest.raises(ValueError, match="is not a case number"):
        get_case(database=seeded.database, case_ref="S012-20260614-0001' OR '1'='1")
    assert seeded.count("service_case") == 1
