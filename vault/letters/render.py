"""Render request letters from the Jinja2 templates in resources/letters.

Layout: ``resources/letters/<language>/<regime>/<request type>.txt.j2``, with shared
partials (``_header.txt.j2`` ...) and the regime wording (``_law.txt.j2``) at the top
of each language folder. Adding a language is adding a folder of files.

How a template is chosen, for language L (then its primary tag, then English):
1. ``L/<regime>/<type>.txt.j2``;
2. for a regime that reuses another's letters (uk-gdpr -> gdpr),
   ``L/<parent>/<type>.txt.j2``; the wording then comes from the regime's own
   variables (``UK GDPR``, the Data Protection Act 2018, the ICO);
3. ``L/any/<type>.txt.j2`` (follow-up, complaint), if L has a folder for the regime.
A complaint needs a regime with an authority (not BIPA).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, pass_context, select_autoescape
from jinja2.runtime import Context

from vault.errors import InvalidInputError
from vault.letters.context import LetterContext
from vault.vocabulary import DATA_KINDS, REQUEST_TYPES

LETTERS_DIR = Path(__file__).resolve().parents[2] / "resources" / "letters"
DEFAULT_LANGUAGE = "en"
ANY_REGIME = "any"
WRAP_WIDTH = 72
# Days a follow-up letter gives before the sender escalates.
FOLLOW_UP_GRACE_DAYS = 14
# UK: Data (Use and Access) Act 2025 time-limit rules (Art 12A UK GDPR) from this date,
# and the duty to handle complaints (DPA 2018 s.164A) from the second.
UK_ART_12A_FROM = date(2026, 2, 5)
UK_COMPLAINT_DUTY_FROM = date(2026, 6, 19)

REGIME_LABELS: dict[str, str] = {
    "gdpr": "GDPR", "uk-gdpr": "UK GDPR", "ccpa": "CCPA", "lgpd": "LGPD", "pipeda": "PIPEDA",
    "fadp": "FADP", "us-state": "US state privacy law", "bipa": "BIPA", "cubi": "CUBI",
}
# A regime whose letters reuse another regime's templates with its own wording.
REGIME_PARENT: dict[str, str] = {"uk-gdpr": "gdpr"}
# Regimes with no authority to complain to (enforced in the courts).
NO_AUTHORITY: frozenset[str] = frozenset({"bipa"})
# Kinds whose derived data is typically biometric (voiceprints, face or gait templates).
BIOMETRIC_KINDS: frozenset[str] = frozenset({"voice", "video", "face", "gait"})

_GDPR_HINTS = {
    "opt-out": "use objection or erasure",
    "limit-sensitive": "use withdraw-consent or restriction",
    "biometric-destruction": "use erasure, which covers biometric data",
}
_HINTS: dict[tuple[str, str], str] = {
    **{("gdpr", t): h for t, h in _GDPR_HINTS.items()},
    **{("uk-gdpr", t): h for t, h in _GDPR_HINTS.items()},
    ("ccpa", "objection"): "use opt-out or limit-sensitive",
    ("ccpa", "restriction"): "use limit-sensitive",
    ("ccpa", "withdraw-consent"): "use erasure, opt-out or limit-sensitive",
    ("ccpa", "biometric-destruction"): "use erasure, which covers biometric information",
    ("bipa", "complaint"): "it is enforced in the courts (740 ILCS 14/20); send a follow-up",
    ("bipa", "erasure"): "use biometric-destruction",
    ("cubi", "erasure"): "use biometric-destruction",
    ("pipeda", "withdraw-consent"): "use erasure, which withdraws consent under "
                                    "Principle 4.3.8",
}

_US_STATES = frozenset({
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "RI", "SC", "SD", "TN", "TX", "UT",
    "VT", "VA", "WA", "WV", "WI", "WY",
})
_US_ZIP = re.compile(r"\b([A-Z]{2})\s+\d{5}(?:-\d{4})?\b")

# Month names and date patterns: "3 February 2026", "3. Februar 2026". Not locale based.
_MONTHS: dict[str, tuple[str, ...]] = {
    "en": ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"),
    "de": ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August",
           "September", "Oktober", "November", "Dezember"),
    "fr": ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre"),
    "es": ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
           "septiembre", "octubre", "noviembre", "diciembre"),
    "it": ("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
           "settembre", "ottobre", "novembre", "dicembre"),
    "nl": ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
           "september", "oktober", "november", "december"),
    "pt": ("janeiro", "fevereiro", "março", "abril", "maio", "junho", "julho", "agosto",
           "setembro", "outubro", "novembro", "dezembro"),
}
_DATE_PATTERNS: dict[str, str] = {
    "en": "{day} {month} {year}", "de": "{day}. {month} {year}", "fr": "{day} {month} {year}",
    "es": "{day} de {month} de {year}", "it": "{day} {month} {year}",
    "nl": "{day} {month} {year}", "pt": "{day} de {month} de {year}",
}

_LIST_PREFIX = re.compile(r"^(\s*(?:[-*•]|\d+[.)]|\([a-z0-9]+\))\s+|\s+)")
# Word groups a line break must not split: "Article 12(3)", "§ 1798.105", "3 February 2026".
_MONTH_NAMES = "|".join(sorted({m for names in _MONTHS.values() for m in names}, key=len,
                               reverse=True))
_KEEP_TOGETHER = re.compile(
    r"\b(?:Articles?|Art\.|[Ss]ections?|Principles?|Abs\.|lit\.|Nr\.|No\.|ILCS|Opinion|"
    r"Guidelines|Law No\.)\s+[\w(](?:[\w().,/-]*[\w)])?"
    r"(?:\s+(?:Abs\.|lit\.|Satz|Nr\.)\s+\w+)*(?:,\s+(?:[IVXL]+|§\s*\d+)\b)*"
    r"|§§?\s+[\w.-]*\w|\bUK\s+GDPR\b"
    rf"|\b\d{{1,2}}\.?\s+(?:de\s+)?(?:{_MONTH_NAMES})(?:\s+de)?\s+\d{{4}}\b"
)
_GLUE = "\x00"


@dataclass(frozen=True)
class Letter:
    """A rendered letter. `body` is plain text wrapped at about 72 columns."""

    subject: str
    body: str
    to_address: str | None  # the privacy e-mail (the authority's, for a complaint)
    language: str  # the language actually used (English if no translation exists)
    template: str  # e.g. "en/gdpr/erasure.txt.j2"


def format_date(value: date, language: str = DEFAULT_LANGUAGE) -> str:
    """A date in words for `language`; ISO 8601 for a language without a table."""
    primary = language.lower().split("-")[0]
    months = _MONTHS.get(primary)
    if months is None:
        return value.isoformat()
    return _DATE_PATTERNS[primary].format(day=value.day, month=months[value.month - 1],
                                          year=value.year)


@pass_context
def _longdate_filter(context: Context, value: date) -> str:
    return format_date(value, str(context.get("language", DEFAULT_LANGUAGE)))


def address_lines(value: str | None) -> list[str]:
    """An address as lines: split on newlines, or else on ", "."""
    if not value:
        return []
    parts = value.splitlines() if "\n" in value else value.split(",")
    return [part.strip() for part in parts if part.strip()]


def _join_list(items: Any, conjunction: str = "and") -> str:
    words = [str(item) for item in items]
    if len(words) <= 1:
        return "".join(words)
    return f"{', '.join(words[:-1])} {conjunction} {words[-1]}"


def _lookup_filter(value: Any, mapping: dict[Any, Any]) -> Any:
    return mapping.get(value, value)


@lru_cache(maxsize=1)
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(LETTERS_DIR),
        undefined=StrictUndefined,
        autoescape=select_autoescape(enabled_extensions=("html.j2",), default=False,
                                     default_for_string=False),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["longdate"] = _longdate_filter
    env.filters["address_lines"] = address_lines
    env.filters["join_list"] = _join_list
    env.filters["lookup"] = _lookup_filter
    return env


def _language_chain(language: str) -> list[str]:
    tag = language.strip().lower().replace("_", "-")
    if not re.fullmatch(r"[a-z]{2,3}(-[a-z0-9]{2,8})*", tag):
        raise InvalidInputError(f"'{language}' is not a language code such as 'en' or 'de'.")
    chain = [tag, tag.split("-")[0], DEFAULT_LANGUAGE]
    return list(dict.fromkeys(chain))


def _exists(name: str) -> bool:
    return (LETTERS_DIR / name).is_file()


def _check_known(regime: str, request_type: str) -> None:
    if regime not in REGIME_LABELS:
        known = ", ".join(REGIME_LABELS)
        raise InvalidInputError(f"'{regime}' is not a regime Holdfast knows; use one of {known}.")
    if request_type not in REQUEST_TYPES:
        known = ", ".join(REQUEST_TYPES)
        raise InvalidInputError(
            f"'{request_type}' is not a request type; use one of {known}.")


def _lookup(regime: str, request_type: str, language: str) -> tuple[str, str] | None:
    if request_type == "complaint" and regime in NO_AUTHORITY:
        return None
    folders = [regime] + ([REGIME_PARENT[regime]] if regime in REGIME_PARENT else [])
    for lang in _language_chain(language):
        if not _exists(f"{lang}/_law.txt.j2"):
            continue
        for folder in folders:
            name = f"{lang}/{folder}/{request_type}.txt.j2"
            if _exists(name):
                return name, lang
        covers = any((LETTERS_DIR / lang / folder).is_dir() for folder in folders)
        name = f"{lang}/{ANY_REGIME}/{request_type}.txt.j2"
        if covers and _exists(name):
            return name, lang
    return None


def find_template(regime: str, request_type: str,
                  language: str = DEFAULT_LANGUAGE) -> tuple[str, str]:
    """The template name and the language it is in, or InvalidInputError."""
    _check_known(regime, request_type)
    found = _lookup(regime, request_type, language)
    if found is not None:
        return found
    label = REGIME_LABELS[regime]
    hint = _HINTS.get((regime, request_type))
    if hint is None:
        offered = available_letters(language).get(regime, ())
        hint = "the letters it offers are " + ", ".join(offered)
    raise InvalidInputError(f"{label} has no '{request_type}' request; {hint}.")


def available_letters(language: str = DEFAULT_LANGUAGE) -> dict[str, tuple[str, ...]]:
    """For each regime, the request types there is a letter for (in any fallback language)."""
    return {
        regime: tuple(t for t in REQUEST_TYPES if _lookup(regime, t, language) is not None)
        for regime in REGIME_LABELS
    }


def _us_state(context: LetterContext) -> str | None:
    country = (context.sender.country or "").upper()
    if country.startswith("US-") and country[3:] in _US_STATES:
        return country[3:]
    if country not in ("", "US", "USA"):
        return None
    for match in _US_ZIP.finditer(context.sender.postal_address or ""):
        if match.group(1) in _US_STATES:
            return match.group(1)
    return None


def _to_address(context: LetterContext) -> str | None:
    if context.request_type == "complaint":
        return context.authority.email if context.authority else None
    company = context.company
    if company.privacy_email:
        return company.privacy_email
    dpo = (company.dpo_contact or "").strip()
    if re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", dpo):
        return dpo
    return None


def _validate(context: LetterContext) -> None:
    if not context.reference.strip():
        raise InvalidInputError("The letter needs our request reference, e.g. HF-2026-0007.")
    if not context.sender.name.strip() or not context.sender.email.strip():
        raise InvalidInputError("The letter needs the sender's name and e-mail address.")
    if context.request_type in ("follow-up", "complaint") and context.prior is None:
        raise InvalidInputError(
            f"A {context.request_type} letter needs the earlier request it refers to.")
    if context.request_type == "complaint" and context.authority is None:
        raise InvalidInputError("A complaint letter needs the authority it is addressed to.")


def _request_start(context: LetterContext) -> date:
    """When the request the letter is about began: it fixes which UK time-limit rule applies."""
    if context.prior is not None and context.request_type in ("follow-up", "complaint"):
        return context.prior.sent_on
    return context.dates.received_on if context.dates else context.today


def _variables(context: LetterContext, language: str) -> dict[str, Any]:
    kinds_seen = set(context.data_kinds) | {r.kind for r in context.recordings}
    kinds = [k for k in DATA_KINDS if k in kinds_seen]
    kinds += sorted(k for k in kinds_seen if k not in DATA_KINDS)
    prior = context.prior
    agreement = context.agreement
    return {
        "regime": context.regime,
        "request_type": context.request_type,
        "today": context.today,
        "sender": context.sender,
        "company": context.company,
        "reference": context.reference,
        "recordings": context.recordings,
        "agreement": agreement,
        "dates": context.dates,
        "authority": context.authority,
        "prior": prior,
        "data_kinds": context.data_kinds,
        "language": language,
        "kinds": kinds,
        "biometric": bool(BIOMETRIC_KINDS & kinds_seen),
        "agreement_ended": bool(agreement and agreement.ends_on
                                and agreement.ends_on <= context.today),
        "overdue_days": max((context.today - prior.due).days, 0) if prior else 0,
        "reply_by": context.today + timedelta(days=FOLLOW_UP_GRACE_DAYS),
        "us_state": _us_state(context),
        "uk_art_12a": _request_start(context) >= UK_ART_12A_FROM,
        "uk_complaint_duty": context.today >= UK_COMPLAINT_DUTY_FROM,
        "to_address": _to_address(context),
    }


def wrap_text(text: str, width: int = WRAP_WIDTH) -> str:
    """Wrap long lines at `width`; list items keep a hanging indent; no blank-line runs."""
    out: list[str] = []
    for raw in text.splitlines():
        line = raw.rstrip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        if len(line) <= width:
            out.append(line)
            continue
        match = _LIST_PREFIX.match(line)
        indent = " " * len(match.group(1)) if match else ""
        glued = _KEEP_TOGETHER.sub(lambda m: m.group(0).replace(" ", _GLUE), line)
        wrapped = textwrap.wrap(glued, width=width, subsequent_indent=indent,
                                break_long_words=False, break_on_hyphens=False)
        out.extend(part.replace(_GLUE, " ") for part in wrapped)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"


def render_letter(context: LetterContext, language: str = DEFAULT_LANGUAGE) -> Letter:
    """Render the letter for `context` in `language` (falling back to English)."""
    template_name, used_language = find_template(context.regime, context.request_type,
                                                 language)
    _validate(context)
    env = _environment()
    variables = _variables(context, used_language)
    variables["law"] = env.get_template(f"{used_language}/_law.txt.j2").make_module(variables)
    text = env.get_template(template_name).render(variables)
    first, _, rest = text.lstrip("\n").partition("\n")
    subject = " ".join(first.split())
    if not subject or not rest.strip():
        raise InvalidInputError(f"The letter template {template_name} produced no letter.")
    return Letter(
        subject=subject,
        body=wrap_text(rest),
        to_address=variables["to_address"],
        language=used_language,
        template=template_name,
    )


__all__ = [
    "LETTERS_DIR",
    "REGIME_LABELS",
    "Letter",
    "address_lines",
    "available_letters",
    "find_template",
    "format_date",
    "render_letter",
    "wrap_text",
]
