"""Request letters: every template the set offers, rendered with realistic data and checked
for what legal-facts.md says a strong letter contains; then the .eml and mailto: output."""

from __future__ import annotations

import dataclasses
import email.policy
import re
from datetime import UTC, date, datetime, timedelta
from email.parser import BytesParser
from urllib.parse import parse_qs, urlsplit

import pytest

from vault.errors import InvalidInputError
from vault.letters import (
    AgreementRef,
    AuthorityRef,
    CompanyAddress,
    DueDates,
    Letter,
    LetterContext,
    Person,
    PriorRequest,
    RecordingRef,
    available_letters,
    find_template,
    format_date,
    mailto_url,
    render_letter,
    to_eml,
)
from vault.letters.render import address_lines, wrap_text

TODAY = date(2026, 11, 20)
ALL = ("erasure", "access", "withdraw-consent", "objection", "restriction", "follow-up",
       "complaint")
EXPECTED = {
    "gdpr": set(ALL),
    "uk-gdpr": set(ALL),
    "ccpa": {"erasure", "access", "opt-out", "limit-sensitive", "follow-up", "complaint"},
    "lgpd": {"erasure", "access", "withdraw-consent", "restriction", "follow-up", "complaint"},
    "pipeda": {"erasure", "access", "follow-up", "complaint"},
    "fadp": {"erasure", "access", "follow-up", "complaint"},
    "us-state": {"erasure", "access", "opt-out", "follow-up", "complaint"},
    "bipa": {"biometric-destruction", "follow-up"},
    "cubi": {"biometric-destruction", "follow-up", "complaint"},
}
PAIRS = sorted((r, t) for r, types in EXPECTED.items() for t in types)

SENDERS = {  # (postal address, country) of a person living under each regime
    "gdpr": ("Apartment 4, 12 Leeson Street Lower\nDublin 2, D02 X285\nIreland", "IE"),
    "uk-gdpr": ("Flat 2, 14 Harrow Road\nLondon W2 5EU\nUnited Kingdom", "GB"),
    "ccpa": ("1450 Mission Street, Apt 3\nSan Francisco, CA 94103", "US-CA"),
    "lgpd": ("Rua Augusta 1200, apto 45\nSão Paulo - SP, 01304-001\nBrasil", "BR"),
    "pipeda": ("88 Queen Street West, Unit 9\nToronto ON M5H 2M5\nCanada", "CA"),
    "fadp": ("Langstrasse 21\n8004 Zürich\nSchweiz", "CH"),
    "us-state": ("1200 East Main Street\nRichmond, VA 23219", "US"),
    "bipa": ("233 South Wacker Drive, Apt 12\nChicago, IL 60606", "US-IL"),
    "cubi": ("410 Congress Avenue\nAustin, TX 78701", "US-TX"),
}
AUTHORITIES = {
    "gdpr": AuthorityRef("Irish Data Protection Commission",
                         "21 Fitzwilliam Square South, Dublin 2, D02 RD28, Ireland",
                         "info@dataprotection.ie", "https://forms.dataprotection.ie/contact"),
    "uk-gdpr": AuthorityRef(
        "The Information Commissioner’s Office",
        "Wycliffe House, Water Lane, Wilmslow, Cheshire, SK9 5AF, United Kingdom", None,
        "https://ico.org.uk/make-a-complaint/data-protection-complaints/"
        "data-protection-complaints/"),
    "ccpa": AuthorityRef("California Privacy Protection Agency (CalPrivacy)", None,
                         "info@cppa.ca.gov", None),
    "lgpd": AuthorityRef("Autoridade Nacional de Proteção de Dados (ANPD)"),
    "pipeda": AuthorityRef("Office of the Privacy Commissioner of Canada (OPC)"),
    "fadp": AuthorityRef(
        "EDÖB – Eidgenössischer Datenschutz- und Öffentlichkeitsbeauftragter",
        "Feldeggweg 1, 3003 Bern, Schweiz", None,
        "https://www.edoeb.admin.ch/edoeb/de/home/der-edoeb/kontakt/kontaktformular.html"),
    "us-state": AuthorityRef("Attorney General of Virginia"),
    "cubi": AuthorityRef("Attorney General of Texas"),
}
RULES = {  # (received, due, nominal due, extended max, acknowledge by, rule text)
    "gdpr": (TODAY, date(2026, 12, 21), date(2026, 12, 20), date(2027, 2, 22), None,
             "one month after you received this request (Article 12(3) GDPR)"),
    "uk-gdpr": (TODAY, date(2026, 12, 21), date(2026, 12, 20), date(2027, 2, 22), None,
                "one month after you received this request (Article 12A UK GDPR)"),
    "ccpa": (TODAY, date(2027, 1, 4), date(2027, 1, 4), date(2027, 2, 18), date(2026, 12, 7),
             "45 calendar days after you received this request "
             "(Civil Code § 1798.130(a)(2)(A))"),
    "lgpd": (TODAY, date(2026, 12, 5), date(2026, 12, 5), None, None,
             "15 days after you received this request (Article 19, II LGPD)"),
    "pipeda": (TODAY, date(2026, 12, 20), date(2026, 12, 20), date(2027, 1, 19), None,
               "30 days after you received this request (section 8(3) PIPEDA)"),
    "fadp": (TODAY, date(2026, 12, 20), date(2026, 12, 20), None, None,
             "30 days after you received this request (Article 25(7) FADP)"),
    "us-state": (TODAY, date(2027, 1, 4), date(2027, 1, 4), date(2027, 2, 18), None,
                 "45 days after you received this request (Va. Code § 59.1-577)"),
    "bipa": (TODAY, date(2026, 1, 9), date(2026, 1, 9), None, None,
             "when the purpose of collecting them was satisfied at the end of our agreement"),
    "cubi": (TODAY, date(2027, 1, 9), date(2027, 1, 9), None, None,
             "one year after the purpose for collecting them expired"),
}
OPT_OUT_RULE = (TODAY, date(2026, 12, 14), date(2026, 12, 14), None, None,
                "15 business days after you received this request (11 CCR § 7026)")
RECORDINGS = (
    RecordingRef("REC-2025-0412", "Morning news read, take 3", "voice",
                 date(2025, 4, 12), date(2025, 4, 14)),
    RecordingRef("VID-2025-0519", "Kitchen routine, 12 minutes", "video", date(2025, 5, 19),
                 None),
    RecordingRef("FACE-0007", "Face capture set, 40 angles", "face", None, date(2025, 6, 2)),
)
PRIOR_TYPE = {"bipa": "biometric-destruction", "cubi": "biometric-destruction",
              "pipeda": "access"}
DEMANDS = ("passport", "selfie", "scan of", "photo id", "driving licen", "driver's licen")


def make_context(regime: str, request_type: str, **changes: object) -> LetterContext:
    postal, country = SENDERS[regime]
    rule = OPT_OUT_RULE if (regime, request_type) in (
        ("ccpa", "opt-out"), ("ccpa", "limit-sensitive")) else RULES[regime]
    dates: DueDates | None = DueDates(*rule)
    if request_type == "follow-up":
        dates = None
    elif request_type == "complaint":
        dates = (DueDates(TODAY, date(2027, 2, 22), date(2027, 2, 20), None, None,
                          "three months after the authority received the complaint")
                 if regime in ("gdpr", "uk-gdpr") else None)
    context = LetterContext(
        regime=regime, request_type=request_type, today=TODAY,
        sender=Person("Amara Okafor", "amara.okafor@example.org", postal, country,
                      (("VoiceHarvest contributor ID", "VH-558213"),
                       ("Payout reference", "PAY-99812"))),
        company=CompanyAddress("VoiceHarvest", "Sonora Data Labs Limited",
                               "Unit 5, 20 Canal Street\nManchester M1 3HE\nUnited Kingdom",
                               "privacy@sonora.example", "Dr Jane Doe", "GB"),
        reference="HF-2026-0007",
        recordings=RECORDINGS,
        agreement=AgreementRef("Contributor Agreement v3", "CA-118-2025", date(2025, 1, 10),
                               date(2026, 1, 9), perpetual=True),
        dates=dates,
        authority=AUTHORITIES.get(regime),
        prior=PriorRequest(date(2026, 9, 1), "HF-2026-0003", PRIOR_TYPE.get(regime, "erasure"),
                           date(2026, 10, 1)),
        data_kinds=("voice", "video", "face", "chat"),
    )
    return dataclasses.replace(context, **changes)  # type: ignore[arg-type]


def words(value: date) -> str:
    return format_date(value, "en")


def flat(text: str) -> str:
    """The text with line breaks and indents collapsed, for phrase checks across wraps."""
    return " ".join(text.split())


def check_common(letter: Letter, ctx: LetterContext) -> None:
    body, low = flat(letter.body), flat(letter.body).lower()
    assert ctx.reference in letter.subject
    assert ctx.reference in body
    # company name and address (a complaint names the company in its body)
    assert "Sonora Data Labs Limited" in body and "Manchester M1 3HE" in body
    # the sender's minimal identifiers
    for needle in ("amara.okafor@example.org", "VH-558213", "PAY-99812"):
        assert needle in body
    # each recording, with its dates in words
    for rec in ctx.recordings:
        assert rec.id in body
        for day in (rec.captured_on, rec.delivered_on):
            if day:
                assert words(day) in body
    assert ctx.agreement is not None and ctx.agreement.reference is not None
    assert ctx.agreement.reference in body
    # no demand for identity documents or biometrics
    for demand in DEMANDS:
        assert demand not in low, demand
    # nothing unrendered or missing
    for junk in ("{{", "}}", "{%", "%}", "{#", "Undefined"):
        assert junk not in body
    assert not re.search(r"\bNone\b", body)
    assert not re.search(r"\bNone\b", letter.subject)
    for line in letter.body.splitlines():
        assert len(line) <= 78 or "://" in line or "@" in line, line
    assert body.endswith("Amara Okafor")
    assert "\n\n\n" not in letter.body


def check_due_and_escalation(letter: Letter, ctx: LetterContext) -> None:
    body = flat(letter.body)
    reply_by = words(TODAY + timedelta(days=14))
    if ctx.request_type == "follow-up":
        assert ctx.prior is not None
        for needle in (words(ctx.prior.sent_on), words(ctx.prior.due), ctx.prior.reference,
                       reply_by):
            assert needle in body
        assert "overdue" in letter.subject.lower()
    elif ctx.request_type == "complaint":
        assert ctx.prior is not None
        assert words(ctx.prior.sent_on) in body and words(ctx.prior.due) in body
    elif ctx.regime in ("bipa", "cubi"):
        assert ctx.dates is not None
        assert words(ctx.dates.due) in body and ctx.dates.rule_text in body
        assert reply_by in body
    else:
        assert ctx.dates is not None
        assert f"{words(ctx.dates.due)}, {ctx.dates.rule_text}" in body
    if ctx.regime == "bipa":
        assert "740 ILCS 14/20" in body
    else:
        assert ctx.authority is not None and ctx.authority.name in body


SPECIFIC: dict[tuple[str, str], tuple[str, ...]] = {
    ("gdpr", "erasure"): (
        "Article 17(1)(a) GDPR", "Article 17(1)(b) GDPR", "Article 17(1)(c) GDPR",
        "Article 17(1)(d) GDPR", "Article 17(3) GDPR", "Article 17(2) GDPR",
        "Article 19 GDPR", "by name", "Article 9(2)(a)", "Article 7(3) GDPR",
        "Article 12(6) GDPR", "voiceprints", "face templates", "training",
        "EDPB Opinion 28/2024", "anonymous", "retrain", "backup copy", "Please confirm in writing",
        "kept, under which exception", "Article 77 GDPR", "Article 79 GDPR",
        "Article 82 GDPR", "Article 12(4) GDPR", "22 February 2027", "20 December 2026"),
    ("gdpr", "access"): (
        "Article 15(1) GDPR", "Article 15(1)(a)", "Article 15(1)(b)", "Article 15(1)(c)",
        "Article 15(1)(d)", "Article 15(1)(e)", "Article 15(1)(f)", "Article 15(1)(g)",
        "Article 15(1)(h)", "Article 15(2) GDPR", "Article 15(3) GDPR", "C-154/21",
        "by name", "Article 46", "Article 22", "Article 9 GDPR", "AI models",
        "anonymous", "Article 20 GDPR", "machine-readable", "free of charge"),
    ("gdpr", "withdraw-consent"): (
        "Article 7(3)", "Article 9(2)(a) GDPR", "Article 17(1)(b) GDPR", "Article 19 GDPR",
        "as easy as giving it", "backup", "Please confirm in writing"),
    ("gdpr", "objection"): (
        "Article 21(1)", "Article 21(2) GDPR", "Article 21(3) GDPR",
        "compelling legitimate grounds", "Article 18(1)(d) GDPR", "Article 17(1)(c) GDPR",
        "Article 19 GDPR", "particular situation", "my voice and my face"),
    ("gdpr", "restriction"): (
        "Article 18(1)(a) GDPR", "Article 18(1)(b) and (c) GDPR", "Article 18(1)(d) GDPR",
        "Article 18(2) GDPR", "Article 18(3) GDPR", "Article 19 GDPR", "Mark my data"),
    ("gdpr", "follow-up"): ("Article 12(3) GDPR", "50 days ago", "Article 77 GDPR",
                            "copies of my original request"),
    ("gdpr", "complaint"): ("Article 77 GDPR", "Article 58(2)(c) GDPR", "Article 77(2) GDPR",
                            "Article 78(2) GDPR", "22 February 2027", "Documents"),
    ("ccpa", "erasure"): (
        "California resident", "§ 1798.105(c)", "§ 1798.105(d)", "11 CCR § 7022(b)",
        "service providers", "contractors", "third party", "§ 1798.120", "§ 1798.121",
        "§ 1798.125", "§ 1798.140(c)", "§ 1798.140(ae)", "authorized agent",
        "10 business days", "7 December 2026", "18 February 2027", "Attorney General",
        "backup", "Please confirm in writing", "§ 1798.192"),
    ("ccpa", "access"): (
        "§ 1798.110(a)(1)", "categories of sources", "specific pieces", "§ 1798.115(a)",
        "sold or shared", "1 January 2022", "§ 1798.130(a)(2)(B)", "portable",
        "10 business days", "AI models"),
    ("ccpa", "opt-out"): ("§ 1798.120", "11 CCR § 7026", "not a verifiable consumer request",
                          "§ 1798.140(ad)", "§ 1798.125", "12 months"),
    ("ccpa", "limit-sensitive"): ("§ 1798.121", "11 CCR § 7027", "biometric information",
                                  "not a verifiable consumer request"),
    ("bipa", "biometric-destruction"): (
        "retention schedule", "Section 15(a)", "3 years", "(section 15(b))",
        "(section 15(c))", "section 15(d)", "That date has passed", "9 January 2026",
        "740 ILCS 14/20", "backups"),
    ("cubi", "biometric-destruction"): (
        "§ 503.001", "Section 503.001(c)(3)", "first anniversary", "9 January 2027",
        "section 503.001(b)", "section 503.001(c)(1)", "artificial intelligence",
        "civil penalties"),
    ("lgpd", "access"): ("Article 18, I", "Article 19, II", "Article 18, VII", "Article 20, §1",
                         "Article 9, II", "Article 33 LGPD", "Article 18, §1 LGPD"),
    ("lgpd", "erasure"): ("Article 8, §5", "Article 18, VI LGPD", "Article 16 LGPD",
                          "Article 18, §6 LGPD", "Article 18, §4 LGPD", "Article 42 LGPD"),
    ("lgpd", "withdraw-consent"): ("Article 8, §5", "Article 18, IX", "Article 15, III LGPD"),
    ("lgpd", "restriction"): ("Article 18, IV", "Article 5, XIII LGPD", "Article 18, §6 LGPD"),
    ("pipeda", "access"): ("Principle 4.9", "Principle 4.9.3", "section 8(4)", "section 8(5)",
                           "section 8(6)", "section 11 of PIPEDA", "section 8(8)"),
    ("pipeda", "erasure"): ("Principle 4.3.8", "Principle 4.5", "Principle 4.5.3",
                            "Principle 4.1.3", "section 11 of PIPEDA", "backup"),
    ("fadp", "access"): (*(f"Article 25(2)({c})" for c in "abcdefg"),
                         "Article 25(6) FADP", "Article 49 FADP"),
    ("fadp", "erasure"): ("Article 30(2)(b) FADP", "Article 6(4) FADP", "Article 32(2) FADP",
                          "Article 5(c) FADP", "Article 49 FADP"),
    ("us-state", "access"): ("resident of Virginia", "Virginia Consumer Data Protection Act",
                             "portable", "appeal", "18 February 2027"),
    ("us-state", "erasure"): ("resident of Virginia", "delete", "appeal", "backup"),
    ("us-state", "opt-out"): ("targeted advertising", "sale", "profiling", "appeal"),
    ("uk-gdpr", "erasure"): ("Article 17(1)(b) UK GDPR", "Data Protection Act 2018",
                             "section 167", "section 168", "Article 12A UK GDPR"),
    ("uk-gdpr", "follow-up"): ("section 164A of the Data Protection Act 2018",),
    ("uk-gdpr", "complaint"): ("Article 77 UK GDPR", "section 166 of the Data Protection Act"),
}


def test_the_template_set_offers_what_the_law_offers() -> None:
    offered = {regime: set(types) for regime, types in available_letters().items()}
    assert offered == EXPECTED


@pytest.mark.parametrize(("regime", "request_type"), PAIRS)
def test_every_letter_carries_what_legal_facts_lists(regime: str, request_type: str) -> None:
    ctx = make_context(regime, request_type)
    letter = render_letter(ctx)
    assert letter.language == "en"
    assert letter.template.startswith("en/")
    check_common(letter, ctx)
    check_due_and_escalation(letter, ctx)
    body = flat(letter.body)
    for needle in SPECIFIC.get((regime, request_type), ()):
        assert needle in body, needle
    if request_type != "complaint":
        assert "new biometric samples" in body
        assert letter.to_address == "privacy@sonora.example"
    if regime == "uk-gdpr":
        assert not re.search(r"(?<!UK )GDPR", body + letter.subject)
        assert "EDPB" not in letter.body and "C-154/21" not in letter.body
    if regime == "gdpr":
        assert "UK GDPR" not in letter.body and "Data Protection Act 2018" not in letter.body


@pytest.mark.parametrize(("regime", "request_type"), PAIRS)
def test_a_sparse_context_renders_cleanly(regime: str, request_type: str) -> None:
    base = make_context(regime, request_type)
    ctx = dataclasses.replace(
        base, recordings=(), agreement=None, dates=None, data_kinds=(),
        sender=Person("Amara Okafor", "amara.okafor@example.org"),
        company=CompanyAddress("VoiceHarvest"))
    letter = render_letter(ctx)
    assert letter.to_address == (base.authority.email if request_type == "complaint"
                                 and base.authority else None)
    assert not re.search(r"\bNone\b", letter.body)
    for junk in ("{{", "{%", "()", " ,", " .", "..", "\n\n\n"):
        assert junk not in letter.body, junk
    assert "HF-2026-0007" in letter.subject and "VoiceHarvest" in letter.body


def test_gdpr_letter_explains_the_rolled_due_date() -> None:
    body = flat(render_letter(make_context("gdpr", "erasure")).body)
    assert "21 December 2026, one month after you received this request" in body
    assert "20 December 2026, which is not a working day" in body


def test_uk_gdpr_reuses_the_gdpr_templates_with_uk_wording() -> None:
    letter = render_letter(make_context("uk-gdpr", "access", authority=None))
    assert letter.template == "en/gdpr/access.txt.j2"
    assert "Information Commissioner's Office (ICO)" in flat(letter.body)
    assert "Article 15 UK GDPR" in letter.subject
    early = make_context("uk-gdpr", "erasure", today=date(2026, 1, 20), dates=None)
    assert "Article 12(3) UK GDPR" in flat(render_letter(early).body)
    late = render_letter(make_context("uk-gdpr", "erasure")).body
    assert "Article 12A UK GDPR" in flat(late)


def test_bipa_before_the_destruction_date_asks_not_to_wait() -> None:
    ctx = make_context("bipa", "biometric-destruction",
                       dates=DueDates(TODAY, date(2027, 3, 1), date(2027, 3, 1), None, None,
                                      "three years after my last interaction with you"))
    body = flat(render_letter(ctx).body)
    assert "by 1 March 2027 at the latest" in body and "not to wait" in body


def test_us_state_without_a_known_act_names_the_state() -> None:
    ctx = make_context("us-state", "access", authority=None, sender=Person(
        "Amara Okafor", "amara.okafor@example.org", "12 Elm Street\nSalem, OR 97301", "US"))
    body = flat(render_letter(ctx).body)
    assert "resident of Oregon" in body and "Attorney General of Oregon" in body


@pytest.mark.parametrize(("regime", "request_type", "message"), [
    ("gdpr", "opt-out", "GDPR has no 'opt-out' request; use objection or erasure."),
    ("uk-gdpr", "limit-sensitive",
     "UK GDPR has no 'limit-sensitive' request; use withdraw-consent or restriction."),
    ("ccpa", "objection", "CCPA has no 'objection' request; use opt-out or limit-sensitive."),
    ("bipa", "complaint", "BIPA has no 'complaint' request; it is enforced in the courts "
                          "(740 ILCS 14/20); send a follow-up."),
    ("fadp", "restriction", "FADP has no 'restriction' request; the letters it offers are "
                            "erasure, access, follow-up, complaint."),
])
def test_a_missing_template_is_one_clear_sentence(regime: str, request_type: str,
                                                  message: str) -> None:
    with pytest.raises(InvalidInputError) as caught:
        render_letter(make_context(regime, request_type))
    assert str(caught.value) == message


def test_unknown_names_and_missing_parts_are_refused() -> None:
    with pytest.raises(InvalidInputError, match="not a regime"):
        find_template("hipaa", "access")
    with pytest.raises(InvalidInputError, match="not a request type"):
        find_template("gdpr", "forget-me")
    with pytest.raises(InvalidInputError, match="language code"):
        find_template("gdpr", "access", "../en")
    with pytest.raises(InvalidInputError, match="earlier request"):
        render_letter(make_context("gdpr", "follow-up", prior=None))
    with pytest.raises(InvalidInputError, match="authority"):
        render_letter(make_context("gdpr", "complaint", authority=None))


@pytest.mark.parametrize("request_type", ["erasure", "access", "follow-up", "complaint"])
@pytest.mark.parametrize("regime", ["gdpr", "uk-gdpr"])
def test_german_letters_use_german_dates(regime: str, request_type: str) -> None:
    ctx = make_context(regime, request_type)
    letter = render_letter(ctx, "de")
    assert letter.language == "de" and letter.template.startswith("de/")
    body = flat(letter.body)
    assert "20. November 2026" in body and "12. April 2025" in body
    assert "Sehr geehrte Damen und Herren," in body and "Mit freundlichen Grüßen" in body
    assert not re.search(r"\b(January|February|March|May|June|July|October|December)\b", body)
    assert not re.search(r"\bNone\b", body) and "{{" not in body
    assert "HF-2026-0007" in letter.subject
    for line in letter.body.splitlines():
        assert len(line) <= 78 or "://" in line or "@" in line, line
    if request_type == "erasure":
        assert "Art. 17 Abs. 1 lit. b" in body and "Art. 19" in body
    if request_type == "follow-up":
        assert "1. September 2026" in body and "1. Oktober 2026" in body
    if regime == "uk-gdpr":
        assert "Data Protection Act 2018" in body and "DSGVO" not in body


def test_languages_fall_back_to_english_and_say_so() -> None:
    letter = render_letter(make_context("gdpr", "objection"), "de")
    assert (letter.language, letter.template) == ("en", "en/gdpr/objection.txt.j2")
    assert render_letter(make_context("ccpa", "follow-up"), "de").language == "en"
    assert render_letter(make_context("gdpr", "erasure"), "de-AT").language == "de"
    assert render_letter(make_context("gdpr", "erasure"), "fr").language == "en"


def test_dates_are_written_in_words_without_the_locale() -> None:
    day = date(2026, 2, 3)
    assert format_date(day, "en") == "3 February 2026"
    assert format_date(day, "de") == "3. Februar 2026"
    assert format_date(day, "de-CH") == "3. Februar 2026"
    assert format_date(day, "xx") == "2026-02-03"


def test_wrapping_keeps_lists_urls_and_citations_readable() -> None:
    url = "https://example.org/" + "a" * 90
    text = ("- " + "word " * 30 + "Article 17(1)(b) GDPR and 22 December 2026\n\n"
            + f"See {url} now.\n")
    wrapped = wrap_text(text)
    lines = wrapped.splitlines()
    assert all(line.startswith("  ") for line in lines[1:3])
    assert any(url in line for line in lines)
    assert "Article 17(1)(b)" in wrapped.replace("\n  ", " ")
    assert not any(line.endswith(("Article", " 22")) for line in lines)
    assert address_lines("Wycliffe House, Water Lane, Wilmslow") == [
        "Wycliffe House", "Water Lane", "Wilmslow"]


def test_eml_round_trips_through_the_standard_parser() -> None:
    ctx = make_context("gdpr", "erasure")
    letter = render_letter(ctx)
    sent = datetime(2026, 11, 20, 9, 30, tzinfo=UTC)
    raw = to_eml(letter, ctx.sender, date=sent)
    assert b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    msg = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert msg["From"].addresses[0].addr_spec == "amara.okafor@example.org"
    assert msg["From"].addresses[0].display_name == "Amara Okafor"
    assert msg["To"].addresses[0].addr_spec == "privacy@sonora.example"
    assert msg["Subject"] == letter.subject and "HF-2026-0007" in msg["Subject"]
    assert msg["Date"].datetime == sent
    assert re.fullmatch(r"<[^<>@\s]+@example\.org>", msg["Message-ID"])
    assert msg.get_content_type() == "text/plain"
    assert msg.get_content_charset() == "utf-8"
    assert msg.get_content().replace("\r\n", "\n") == letter.body


def test_eml_carries_non_ascii_text_and_goes_to_the_authority() -> None:
    ctx = make_context("gdpr", "complaint")
    letter = render_letter(ctx, "de")
    raw = to_eml(letter, ctx.sender)
    msg = BytesParser(policy=email.policy.default).parsebytes(raw)
    assert msg["To"].addresses[0].addr_spec == "info@dataprotection.ie"
    assert msg["Subject"] == letter.subject
    assert "Beschwerde über" in msg.get_content()
    assert msg["Content-Language"] == "de"


def test_eml_without_an_address_says_what_to_do_instead() -> None:
    ctx = make_context("gdpr", "erasure",
                       company=CompanyAddress("VoiceHarvest", postal_address="Manchester"))
    letter = render_letter(ctx)
    with pytest.raises(InvalidInputError, match="post or web form"):
        to_eml(letter, ctx.sender)
    with pytest.raises(InvalidInputError, match="post or web form"):
        mailto_url(letter)
    ico = render_letter(make_context("uk-gdpr", "complaint"))
    with pytest.raises(InvalidInputError, match="web form"):
        to_eml(ico, ctx.sender)
    with pytest.raises(InvalidInputError, match="valid e-mail"):
        to_eml(render_letter(make_context("gdpr", "access")),
               Person("Amara Okafor", "not-an-address"))


def test_a_dpo_email_is_used_when_there_is_no_privacy_address() -> None:
    ctx = make_context("gdpr", "access", company=CompanyAddress(
        "VoiceHarvest", dpo_contact="dpo@sonora.example"))
    assert render_letter(ctx).to_address == "dpo@sonora.example"


def test_mailto_url_encodes_subject_and_body() -> None:
    letter = render_letter(make_context("ccpa", "opt-out"))
    url = mailto_url(letter)
    assert url.startswith("mailto:privacy@sonora.example?")
    assert not re.search(r"\s", url)
    query = parse_qs(urlsplit(url).query)
    assert query["subject"] == [letter.subject]
    assert query["body"] == [letter.body.replace("\n", "\r\n")]
