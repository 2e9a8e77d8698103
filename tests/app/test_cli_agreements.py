"""holdfast-cli agreement, holdings, flags and earnings commands as real processes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from tests.app.cli_runner import Result, init_vault, run_cli

CONTRACT = """VOICE DATA LICENCE

1. Grant. The Contributor grants the Company a perpetual, worldwide, royalty-free licence
to use the Recordings for any purpose, including but not limited to training models.
2. The Company may create synthetic voices based on the Recordings.
3. The Company may not sublicense the Recordings.
"""


def ok(result: Result) -> str:
    assert result.code == 0, result.err
    return result.out


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    tmp = tmp_path_factory.mktemp("agreements")
    vault = tmp / "vault"
    init_vault(vault)
    ok(run_cli(vault, "company", "add", "Gigly", "--country", "US-CA"))
    ok(run_cli(vault, "company", "add", "VoiceBank AI", "--country", "DE"))
    (tmp / "take.wav").write_bytes(b"RIFF" + b"\0" * 500)
    (tmp / "face.jpg").write_bytes(b"\xff\xd8" + b"\1" * 500)
    voice, face = ok(run_cli(vault, "import", str(tmp / "take.wav"), str(tmp / "face.jpg"))) \
        .split()
    (tmp / "contract.txt").write_text(CONTRACT)
    agreement = ok(run_cli(
        vault, "agreement", "add", "--company", "voicebank ai", "--title", "Voice licence",
        "--signed-on", "2025-01-10", "--ends-on", "2026-12-31", "--kinds", "voice",
        "--uses", "generative-training,synthetic-replica", "--revocable", "notice:30",
        "--deletion-days", "30", "--amount", "150", "--currency", "eur",
        "--pay-model", "one-time", "--reference", "GIG-2291", "--via", "Gigly",
        "--recordings", f"{voice},{face}", "--delivered-on", "2025-01-15",
        "--document", str(tmp / "contract.txt"))).strip()
    return {"vault": vault, "tmp": tmp, "voice": voice, "face": face, "agreement": agreement}


def test_show_and_list(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    shown = json.loads(ok(run_cli(vault, "agreement", "show", str(world["agreement"])[:8],
                                  "--json", "--on", "2026-12-15")))
    assert shown["company"] == "VoiceBank AI" and shown["via"] == "Gigly"
    assert (shown["status"], shown["until"], shown["deletion_due"]) == (
        "expiring", "2026-12-31", "2027-01-30")
    assert shown["revocable"] == "notice" and shown["revocation_notice_days"] == 30
    assert shown["currency"] == "EUR" and shown["amount"] == "150.00"
    assert len(shown["documents"]) == 1 and shown["documents"][0]["kind"] == "contract"
    listed = json.loads(ok(run_cli(vault, "agreements", "--json")))
    assert [a["id"] for a in listed] == [world["agreement"]]
    text = ok(run_cli(vault, "agreement", "show", str(world["agreement"])))
    assert "deletion: 30 days after the end" in text and "contract.txt" in text


def test_holdings_json(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    data = json.loads(ok(run_cli(vault, "holdings", "--json", "--on", "2027-03-01")))
    (company,) = data["companies"]
    assert company["company"] == "VoiceBank AI"
    statuses = {h["recording"]: (h["status"], h["until"], h["deletion_due"])
                for h in company["holdings"]}
    assert statuses == {"take": ("ended", "2026-12-31", "2027-01-30"),
                        "face": ("ended", "2026-12-31", "2027-01-30")}


def test_flags_scope_terms_and_clauses(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    data = json.loads(ok(run_cli(vault, "flags", "--json", "--on", "2026-11-22")))
    assert [f["kind"] for f in data["scope"]] == ["kind-not-covered"]
    assert "face" in data["scope"][0]["message"]
    assert {f["kind"] for f in data["terms"]} == {"synthetic-replica"}
    clause_kinds = {c["kind"] for c in data["clauses"]}
    assert {"perpetual", "worldwide", "royalty-free", "synthetic-replica",
            "broad-scope"} <= clause_kinds
    assert "sublicense-transfer" not in clause_kinds  # "may not sublicense"
    human = ok(run_cli(vault, "flags"))
    assert "Risky clauses in documents:" in human


def test_payments_and_earnings(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    ok(run_cli(vault, "payment", "add", str(world["agreement"]), "--amount", "150",
               "--currency", "EUR", "--on", "2025-02-01"))
    ok(run_cli(vault, "payment", "add", str(world["agreement"]), "--amount", "50",
               "--currency", "EUR", "--on", "2026-02-01", "--expected"))
    data = json.loads(ok(run_cli(vault, "earnings", "--json")))
    assert data["by_company"]["VoiceBank AI"] == {"received": {"EUR": "150.00"},
                                                  "expected": {"EUR": "50.00"}}
    rows = list(csv.reader(io.StringIO(ok(run_cli(vault, "earnings", "--csv")))))
    assert rows[0] == ["by", "group", "currency", "received", "expected"]
    assert ["year", "2025", "EUR", "150.00", "0.00"] in rows


def test_observed_use_and_floor(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    ok(run_cli(vault, "observed", "add", "--company", "VoiceBank AI", "--use", "advertising",
               "--on", "2026-10-01", "--recording", str(world["voice"])))
    ok(run_cli(vault, "floor", "set", "voice", "100", "EUR"))
    data = json.loads(ok(run_cli(vault, "flags", "--json", "--on", "2026-11-22")))
    assert "use-not-permitted" in {f["kind"] for f in data["scope"]}
    assert "below-floor" in {f["kind"] for f in data["terms"]}


def test_bad_input(world: dict[str, object]) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    base = ["agreement", "add", "--title", "T", "--signed-on", "2026-01-01"]
    backwards = run_cli(vault, *base, "--company", "Gigly", "--ends-on", "2025-01-01")
    assert backwards.code == 2 and "before it starts" in backwards.err
    unknown = run_cli(vault, *base, "--company", "Voicebnak", "--perpetual")
    assert unknown.code == 1 and "Did you mean 'VoiceBank AI'" in unknown.err
    bad_date = run_cli(vault, *base[:-1], "1 Jan 2026", "--company", "Gigly", "--perpetual")
    assert bad_date.code == 2 and "YYYY-MM-DD" in bad_date.err
    bad_use = run_cli(vault, *base, "--company", "Gigly", "--perpetual", "--uses", "selling")
    assert bad_use.code == 2 and "not a permitted use" in bad_use.err
    assert len(json.loads(ok(run_cli(vault, "agreements", "--json")))) == 1


def test_edit_attach_and_remove(world: dict[str, object], tmp_path: Path) -> None:
    vault = world["vault"]
    assert isinstance(vault, Path)
    second = ok(run_cli(vault, "agreement", "add", "--company", "Gigly", "--title",
                        "Platform terms", "--signed-on", "2024-05-01", "--perpetual")).strip()
    ok(run_cli(vault, "agreement", "edit", second, "--ends-on", "2027-05-01",
               "--revocable", "no"))
    shown = json.loads(ok(run_cli(vault, "agreement", "show", second, "--json")))
    assert (shown["perpetual"], shown["ends_on"], shown["revocable"]) == (False, "2027-05-01",
                                                                         "no")
    (tmp_path / "tos.html").write_text("<html><body><p>We may change these terms at any time "
                                       "without notice.</p></body></html>")
    ok(run_cli(vault, "agreement", "attach", second, str(tmp_path / "tos.html"),
               "--kind", "terms-snapshot", "--captured-on", "2024-05-01"))
    flags = json.loads(ok(run_cli(vault, "flags", "--json", "--agreement", second)))
    assert [c["kind"] for c in flags["clauses"]] == ["unilateral-changes"]
    assert ok(run_cli(vault, "verify")) == ""
    ok(run_cli(vault, "agreement", "remove", second))
    assert run_cli(vault, "agreement", "show", second).code == 1
    assert run_cli(vault, "verify").code == 0  # its document blob went with it
