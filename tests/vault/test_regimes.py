"""The regime table (resources/regimes/regimes.json) and the authority directory."""

from __future__ import annotations

import copy
import csv
import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from vault.legal.authorities import (
    AUTHORITIES_PATH,
    CSV_COLUMNS,
    authorities_for,
    authorities_for_regime,
    authority_for,
    load_directory,
)
from vault.legal.regimes import (
    REGIMES_PATH,
    Regime,
    RegimeDataError,
    UnknownRegimeError,
    all_regimes,
    load_table,
    parse_table,
    regime,
    regime_for_country,
    regimes_for,
)
from vault.vocabulary import DATA_KINDS, REQUEST_TYPES

EXPECTED_IDS = {"gdpr", "uk-gdpr", "ccpa", "lgpd", "pipeda", "fadp", "us-state", "bipa", "cubi"}
EU = {"AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT",
      "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE"}
LEGAL_FACTS = Path("/work/shared/reference/legal-facts.md")


def _raw() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(REGIMES_PATH.read_text(encoding="utf-8"))
    return data


# --- the JSON -----------------------------------------------------------------------------

def test_json_loads_and_holds_every_regime() -> None:
    table = load_table()
    assert {r.id for r in table.regimes} == EXPECTED_IDS
    assert all_regimes() == table.regimes


def test_every_regime_has_every_field() -> None:
    fields = {f.name for f in dataclasses.fields(Regime)} - {"rules", "request_types"}
    fields |= {"timings", "request_types"}
    for raw in _raw()["regimes"]:
        assert fields <= set(raw), raw["id"]
        for timing in raw["timings"].values():
            assert {"kind", "n", "start", "roll", "safe_date", "pause_from", "refs",
                    "unverified", "note", "extension", "acknowledgement"} <= set(timing)
    for r in all_regimes():
        assert r.name and r.short_name and r.law and r.jurisdictions and r.request_types


def test_request_types_are_in_the_vocabulary() -> None:
    for r in all_regimes():
        assert set(r.request_types) <= set(REQUEST_TYPES), r.id
        for kind in r.biometric_kinds:
            assert kind in DATA_KINDS


def test_gdpr_covers_the_eu_and_the_eea() -> None:
    assert set(regime("gdpr").jurisdictions) == EU | {"IS", "LI", "NO"}


def test_rules_as_legal_facts_states_them() -> None:
    gdpr = regime("gdpr").rule("erasure").deadline
    assert gdpr is not None and gdpr.extension is not None
    assert (gdpr.kind, gdpr.n, gdpr.roll) == ("calendar-months", 1, True)
    assert (gdpr.extension.kind, gdpr.extension.total) == ("calendar-months", 3)
    assert gdpr.acknowledgement is None
    ccpa = regime("ccpa").rule("erasure").deadline
    assert ccpa is not None and ccpa.extension is not None and ccpa.acknowledgement is not None
    assert (ccpa.kind, ccpa.n, ccpa.extension.total) == ("calendar-days", 45, 90)
    assert (ccpa.acknowledgement.kind, ccpa.acknowledgement.n) == ("business-days", 10)
    opt_out = regime("ccpa").rule("opt-out").deadline
    assert opt_out is not None and (opt_out.kind, opt_out.n, opt_out.unverified) == (
        "business-days", 15, True)
    for rid, n, total in (("lgpd", 15, None), ("pipeda", 30, 60), ("fadp", 30, None),
                          ("us-state", 45, 90)):
        rule = regime(rid).rule("access").deadline
        assert rule is not None and (rule.kind, rule.n) == ("calendar-days", n)
        assert (rule.extension.total if rule.extension else None) == total
        assert rule.acknowledgement is None
    bipa, cubi = regime("bipa").retention, regime("cubi").retention
    assert bipa is not None and bipa.years == 3
    assert cubi is not None and cubi.years == 1


def test_references_appear_in_legal_facts() -> None:
    """Article strings are spelt as legal-facts.md spells them (checked when it is present)."""
    if not LEGAL_FACTS.exists():
        pytest.skip("legal-facts.md is not on this machine")
    text = LEGAL_FACTS.read_text(encoding="utf-8")
    for r in all_regimes():
        for rule in r.rules:
            for ref in rule.refs:
                bare = ref.removeprefix("Art ")
                assert ref in text or bare in text, (r.id, ref)


@pytest.mark.parametrize(("path", "value", "message"), [
    (("regimes", 0, "request_types", "erasure", "timing"), "nope", "no timing"),
    (("regimes", 0, "timings", "response", "kind"), "fortnights", "expected one of"),
    (("regimes", 0, "timings", "response", "n"), 0, "positive"),
    (("regimes", 0, "jurisdictions"), ["Germany"], "country code"),
    (("regimes", 1, "id"), "gdpr", "unique"),
    (("regimes", 0, "biometric_kinds"), ["fingerprint"], "vocabulary"),
    (("format",), 2, "format"),
])
def test_malformed_json_is_rejected(path: tuple[Any, ...], value: Any, message: str) -> None:
    data = copy.deepcopy(_raw())
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    with pytest.raises(RegimeDataError, match=message):
        parse_table(data)


def test_missing_field_and_unknown_request_type_are_rejected() -> None:
    data = copy.deepcopy(_raw())
    del data["regimes"][2]["timings"]["response"]["roll"]
    with pytest.raises(RegimeDataError, match="'roll'"):
        parse_table(data)
    data = copy.deepcopy(_raw())
    data["regimes"][0]["request_types"]["rectification"] = {
        "refs": [], "timing": None, "note": None}
    with pytest.raises(RegimeDataError, match="vocabulary"):
        parse_table(data)


def test_unreadable_file(tmp_path: Path) -> None:
    bad = tmp_path / "regimes.json"
    bad.write_text("{", encoding="utf-8")
    with pytest.raises(RegimeDataError):
        load_table(bad)


def test_unknown_regime() -> None:
    with pytest.raises(UnknownRegimeError):
        regime("hipaa")


# --- countries ----------------------------------------------------------------------------

@pytest.mark.parametrize(("code", "expected"), [
    ("DE", "gdpr"), ("de-by", "gdpr"), ("FR", "gdpr"), ("IE", "gdpr"), ("NO", "gdpr"),
    ("EL", "gdpr"), ("GB", "uk-gdpr"), ("GB-SCT", "uk-gdpr"), ("UK", "uk-gdpr"),
    ("US-CA", "ccpa"), ("US-VA", "us-state"), ("US-CO", "us-state"), ("US-CT", "us-state"),
    ("US-TX", "us-state"), ("BR", "lgpd"), ("CA", "pipeda"), ("CA-QC", "pipeda"),
    ("CH", "fadp"), ("US-IL", None), ("US", None), ("US-NY", None), ("JP", None), ("", None),
])
def test_regime_for_country(code: str, expected: str | None) -> None:
    assert regime_for_country(code) == expected


@pytest.mark.parametrize(("code", "kinds", "expected"), [
    ("US-IL", ["face"], ("bipa",)),
    ("US-IL", ["voice", "chat"], ("bipa",)),
    ("US-IL", ["image", "chat"], ()),  # photographs are outside BIPA
    ("US-TX", ["face"], ("us-state", "cubi")),
    ("US-TX", ["location"], ("us-state",)),
    ("US-CA", ["voice"], ("ccpa",)),
    ("DE", ["face", "voice"], ("gdpr",)),
])
def test_regimes_for_adds_biometric_statutes(code: str, kinds: list[str],
                                             expected: tuple[str, ...]) -> None:
    assert regimes_for(code, kinds) == expected


def test_regimes_for_rejects_unknown_kinds() -> None:
    with pytest.raises(ValueError, match="fingerprint"):
        regimes_for("US-IL", ["fingerprint"])


# --- authorities --------------------------------------------------------------------------

def test_csv_is_shipped_with_its_columns() -> None:
    with AUTHORITIES_PATH.open(encoding="utf-8", newline="") as handle:
        header = next(csv.reader(handle))
    assert tuple(header) == CSV_COLUMNS
    directory = load_directory()
    assert set(regime("gdpr").jurisdictions) | {"GB", "CH"} <= set(directory)


@pytest.mark.parametrize(("code", "name_part", "email"), [
    ("FR", "CNIL", None),
    ("IE", "Irish Data Protection Commission", "info@dataprotection.ie"),
    ("GB", "Information Commissioner", None),
    ("GB-SCT", "Information Commissioner", None),
    ("CH", "EDÖB", None),
    ("AT", "Datenschutzbehörde", "dsb@dsb.gv.at"),
    ("NO", "Datatilsynet", "postkasse@datatilsynet.no"),
    ("EL", "Hellenic", "complaints@dpa.gr"),
])
def test_authority_for_directory_countries(code: str, name_part: str, email: str | None) -> None:
    found = authority_for(code)
    assert found is not None
    assert name_part in found.name
    assert found.email == email
    assert found.taken_from.startswith("datenanfragen/data")


def test_germany_gets_the_federal_commissioner_with_a_note_on_the_laender() -> None:
    for code in ("DE", "DE-BY"):
        found = authority_for(code)
        assert found is not None
        assert found.web_host == "www.bfdi.bund.de"
        assert found.note is not None and "Land" in found.note


def test_fixed_authorities() -> None:
    california = authorities_for("US-CA")
    assert [a.name for a in california] == ["California Privacy Protection Agency (CalPrivacy)",
                                             "Attorney General of California"]
    assert california[0].email == "info@cppa.ca.gov"
    assert california[1].email is None and california[1].note
    brazil = authority_for("BR")
    assert brazil is not None and "ANPD" in brazil.name and brazil.web_host is None
    canada = authority_for("CA-ON")
    assert canada is not None and "OPC" in canada.name
    texas = authority_for("US-TX")
    assert texas is not None and texas.name == "Attorney General of Texas"
    assert authority_for("US-IL") is None
    assert authority_for("JP") is None
    assert authority_for("") is None


def test_authorities_for_regime() -> None:
    assert authorities_for_regime("bipa", "US-IL") == ()
    assert [a.name for a in authorities_for_regime("cubi", "US-TX")] == [
        "Attorney General of Texas"]
    assert authorities_for_regime("uk-gdpr", "DE")[0].country == "GB"
    assert authorities_for_regime("gdpr", "IE")[0].country == "IE"
    assert authorities_for_regime("ccpa", "DE")[0].country == "US-CA"
    assert authorities_for_regime("us-state", "US-NY") == ()
    for r in all_regimes():
        if r.authority.kind == "none":
            assert r.authority.note, r.id  # say why there is none
