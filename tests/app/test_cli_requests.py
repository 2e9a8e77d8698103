"""holdfast-cli request, letter, reminders and profile commands as real processes."""

from __future__ import annotations

import email
import email.policy
import json
import re
from pathlib import Path

import pytest
from icalendar import Calendar
from pypdf import PdfReader

from tests.app.cli_runner import Result, run_cli
from tests.conftest import PASSWORD
from vault.crypto.keys import new_kdf_params
from vault.vault import create_vault


def ok(result: Result) -> str:
    assert result.code == 0, result.err
    return result.out


def cli(vault: Path, *args: str) -> Result:
    return run_cli(vault, *args, password=PASSWORD)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str | Path]:
    tmp = tmp_path_factory.mktemp("requests")
    vault = tmp / "vault"
    # Made in-process with a cheap KDF: these tests are about requests, not key stretching.
    create_vault(vault, PASSWORD, kdf=new_kdf_params(memory_kib=8192, iterations=1,
                                                     lanes=1))[0].close()
    ok(cli(vault, "company", "add", "VoiceBank AI", "--country", "DE", "--privacy-email",
           "dpo@voicebank.example", "--address", "Hauptstr. 1, 10115 Berlin, Germany"))
    (tmp / "take.wav").write_bytes(b"RIFF" + b"\0" * 64)
    rec = ok(cli(vault, "import", str(tmp / "take.wav"), "--captured-on", "2025-01-02")).strip()
    agreement = ok(cli(vault, "agreement", "add", "--company", "voicebank", "--title",
                       "Voice licence", "--signed-on", "2025-01-10", "--ends-on", "2026-06-30",
                       "--kinds", "voice", "--reference", "GIG-2291", "--recordings", rec,
                       "--delivered-on", "2025-01-15")).strip()
    return {"vault": vault, "tmp": tmp, "rec": rec, "agreement": agreement}


def test_letter_needs_a_profile_first(world: dict[str, str | Path]) -> None:
    vault = Path(world["vault"])
    req = ok(cli(vault, "request", "new", "--company", "VoiceBank AI", "--type", "access")).strip()
    result = cli(vault, "letter", req)
    assert result.code == 2 and "profile set" in result.err


def test_request_lifecycle_and_letters(world: dict[str, str | Path]) -> None:
    vault, tmp = Path(world["vault"]), Path(world["tmp"])
    ok(cli(vault, "profile", "set", "--name", "Ana Lima", "--email", "ana@example.org",
           "--address", "Rua A 1, Lisbon", "--country", "PT", "--account-ids", "gigly:W-2291"))
    req = ok(cli(vault, "request", "new", "--company", "VoiceBank AI", "--type", "erasure",
                 "--recordings", str(world["rec"]), "--agreement", str(world["agreement"]),
                 "--sent-on", "2026-01-31", "--channel", "email")).strip()
    shown = json.loads(ok(cli(vault, "request", "show", req, "--json", "--on", "2026-02-10")))
    assert (shown["regime"], shown["status"], shown["due_nominal"], shown["due"],
            shown["due_extended_max"], shown["acknowledge_by"]) == (
        "gdpr", "sent", "2026-02-28", "2026-03-02", "2026-04-30", None)
    assert [h["event"] for h in shown["history"]] == ["sent"]
    overdue = json.loads(ok(cli(vault, "request", "show", req, "--json", "--on", "2026-03-03")))
    assert overdue["status"] == "overdue"

    text = ok(cli(vault, "letter", req))
    assert shown["reference"] in text and "2 March 2026" in text
    assert str(world["rec"]) in text and "GIG-2291" in text

    eml_path = tmp / "letter.eml"
    ok(cli(vault, "letter", req, "--format", "eml", "-o", str(eml_path)))
    message = email.message_from_bytes(eml_path.read_bytes(), policy=email.policy.default)
    assert message["To"] == "dpo@voicebank.example"
    assert shown["reference"] in message["Subject"]
    assert "Article 17" in message.get_content()

    pdf_path = tmp / "letter.pdf"
    ok(cli(vault, "letter", req, "--format", "pdf", "-o", str(pdf_path)))
    reader = PdfReader(pdf_path)
    assert reader.pages[0].mediabox.width == pytest.approx(595, abs=2)  # A4 for Portugal
    words = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in reader.pages))
    assert shown["reference"] in words and "Article 17" in words and "Ana Lima" in words

    reply = tmp / "reply.txt"
    reply.write_text("We have deleted your recordings.")
    ok(cli(vault, "request", "update", req, "--status", "answered-complete", "--on",
           "2026-02-20", "--attach", str(reply), "--their-reference", "VB-77"))
    final = json.loads(ok(cli(vault, "request", "show", req, "--json")))
    assert final["status"] == "answered-complete" and final["company_reference"] == "VB-77"
    kinds = sorted(d["kind"] for d in final["documents"])
    assert kinds == ["letter", "letter", "letter", "reply"]  # txt, eml, pdf kept
    listed = json.loads(ok(cli(vault, "requests", "--json")))
    assert req in [r["id"] for r in listed]
    holdings = json.loads(ok(cli(vault, "holdings", "--json", "--on", "2026-03-01")))
    (entry,) = holdings["companies"][0]["holdings"]
    assert entry["status"] == "deletion-confirmed"
    assert ok(cli(vault, "verify")) == ""


def test_bad_request_input(world: dict[str, str | Path]) -> None:
    vault = Path(world["vault"])
    wrong_law = cli(vault, "request", "new", "--company", "VoiceBank AI", "--type", "erasure",
                    "--regime", "pipeda")
    assert wrong_law.code == 2 and "no 'erasure' request" in wrong_law.err
    bad_status = cli(vault, "request", "update", "nope", "--status", "done")
    assert bad_status.code == 2


def test_reminders_and_ics(world: dict[str, str | Path]) -> None:
    vault, tmp = Path(world["vault"]), Path(world["tmp"])
    key = ok(cli(vault, "reminder", "add", "Check the new terms", "--on", "2026-11-01")).strip()
    due = json.loads(ok(cli(vault, "reminders", "--json", "--on", "2026-11-22")))
    assert key in {r["key"] for r in due}
    ok(cli(vault, "reminder", "snooze", key, "--until", "2026-12-01"))
    later = json.loads(ok(cli(vault, "reminders", "--json", "--on", "2026-11-22")))
    assert key not in {r["key"] for r in later}
    ics = tmp / "holdfast.ics"
    ok(cli(vault, "reminders", "--ics", str(ics)))
    first = {str(e["UID"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    ok(cli(vault, "reminders", "--ics", str(ics)))
    again = {str(e["UID"]) for e in Calendar.from_ical(ics.read_bytes()).walk("VEVENT")}
    assert first == again and len(first) >= 3
    ok(cli(vault, "reminder", "done", key))
    done = json.loads(ok(cli(vault, "reminders", "--json", "--all", "--on", "2026-12-05")))
    assert next(r for r in done if r["key"] == key)["done_on"] is not None
