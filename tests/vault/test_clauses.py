"""Risky-clause detection against a corpus of agreement wording written for these tests.

Each corpus case states the exact set of kinds it must flag (see clause_corpus/README.txt),
so a pattern change that starts flagging a negation, or stops flagging a positive,
fails here with the case's text in the test id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from vault.analysis.clauses import (
    CLAUSE_KINDS,
    ClauseFlag,
    find_clause_flags,
    normalise,
    split_sentences,
)

CORPUS = Path(__file__).parent / "clause_corpus"
_HEADER = re.compile(r"#\s*expect:\s*(.*)")


@dataclass(frozen=True)
class Case:
    source: str
    line: int
    expected: frozenset[str]
    text: str


def load_cases(path: Path) -> list[Case]:
    cases: list[Case] = []
    expected: frozenset[str] | None = None
    start = 0
    body: list[str] = []

    def flush() -> None:
        if expected is not None:
            text = "\n".join(body).strip("\n")
            assert text, f"{path.name}:{start}: case has no text"
            cases.append(Case(path.name, start, expected, text))

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        header = _HEADER.fullmatch(line.strip())
        if header:
            flush()
            names = {n.strip() for n in header.group(1).split(",") if n.strip()} - {"none"}
            unknown = names - set(CLAUSE_KINDS)
            assert not unknown, f"{path.name}:{number}: unknown kinds {unknown}"
            expected, start, body = frozenset(names), number, []
        elif line.startswith("#"):
            continue
        elif expected is not None:
            body.append(line)
    flush()
    return cases


ALL_CASES = [case for path in sorted(CORPUS.glob("cases_*.txt")) for case in load_cases(path)]


def _case_id(case: Case) -> str:
    return f"{case.source}:{case.line}"


@pytest.mark.parametrize("case", ALL_CASES, ids=_case_id)
def test_corpus_case(case: Case) -> None:
    flags = find_clause_flags(case.text)
    found = {flag.kind for flag in flags}
    assert found == case.expected, (
        f"{case.source}:{case.line} {case.text!r}\n"
        f"missing {sorted(case.expected - found)}, unexpected {sorted(found - case.expected)}\n"
        + "\n".join(f"  {f.kind}: {f.sentence}" for f in flags))
    for flag in flags:
        _check_offsets(case.text, flag)


def test_corpus_covers_every_kind_both_ways() -> None:
    """Each kind has several positive cases and at least one case that names it negated."""
    positives = {kind: 0 for kind in CLAUSE_KINDS}
    for case in ALL_CASES:
        for kind in case.expected:
            positives[kind] += 1
    assert all(count >= 4 for count in positives.values()), positives
    negatives = [case for case in ALL_CASES if not case.expected]
    assert len(negatives) >= 60
    for kind in CLAUSE_KINDS:
        # A negative case whose wording would match the kind without its negation.
        assert any(_RULE_WORDS[kind].search(normalise(c.text)) for c in negatives), kind


_RULE_WORDS = {
    "perpetual": re.compile(r"perpetu|forever"),
    "irrevocable": re.compile(r"irrevocable|revoke"),
    "worldwide": re.compile(r"worldwide"),
    "royalty-free": re.compile(r"royalty|payment"),
    "sublicense-transfer": re.compile(r"sublicens|transfer|assign"),
    "derivative-works": re.compile(r"derivative|modify|adapt"),
    "synthetic-replica": re.compile(r"synthetic|clone|replica"),
    "moral-rights-waiver": re.compile(r"moral rights|publicity"),
    "broad-scope": re.compile(r"any purpose|any commercial purpose"),
    "deletion-excludes-models": re.compile(r"delet"),
    "unilateral-changes": re.compile(r"change"),
    "arbitration": re.compile(r"arbitra"),
    "class-action-waiver": re.compile(r"class action"),
}


def _check_offsets(text: str, flag: ClauseFlag) -> None:
    assert 0 <= flag.start < flag.end <= len(text)
    piece = text[flag.start:flag.end]
    assert piece == piece.strip(), "a sentence span starts and ends on text"
    assert " ".join(piece.split()) == flag.sentence


# --- whole documents ---------------------------------------------------------------------

RISKY = (CORPUS / "document_risky_licence.txt").read_text(encoding="utf-8")
FAIR = (CORPUS / "document_fair_licence.txt").read_text(encoding="utf-8")


def test_risky_document_flags_exactly_these_kinds() -> None:
    flags = find_clause_flags(RISKY)
    assert {flag.kind for flag in flags} == set(CLAUSE_KINDS)
    for flag in flags:
        _check_offsets(RISKY, flag)
    assert [f.start for f in flags] == sorted(f.start for f in flags)
    assert len({(f.kind, f.start) for f in flags}) == len(flags), "one flag per kind and sentence"


@pytest.mark.parametrize(("kind", "words"), [
    ("perpetual", "perpetual, irrevocable, worldwide"),
    ("irrevocable", "perpetual, irrevocable, worldwide"),
    ("royalty-free", "no further payment"),
    ("synthetic-replica", "synthetic voices"),
    ("deletion-excludes-models", "already been used to train"),
    ("unilateral-changes", "from time to time"),
    ("arbitration", "binding individual arbitration"),
    ("class-action-waiver", "class, collective or representative"),
    ("moral-rights-waiver", "moral rights"),
])
def test_risky_document_points_at_the_right_sentence(kind: str, words: str) -> None:
    sentences = [f.sentence for f in find_clause_flags(RISKY) if f.kind == kind]
    assert any(words in sentence for sentence in sentences), sentences


def test_risky_document_negated_clauses_stay_quiet() -> None:
    flagged = " | ".join(f.sentence for f in find_clause_flags(RISKY))
    # Restrictions on the worker and headings must not be reported.
    assert "You may not sublicense" not in flagged
    assert "GRANT OF LICENCE" not in flagged


def test_fair_document_flags_nothing() -> None:
    flags = find_clause_flags(FAIR)
    assert flags == [], "\n".join(f"{f.kind}: {f.sentence}" for f in flags)


# --- API details -------------------------------------------------------------------------


def test_flag_carries_title_explanation_and_offsets() -> None:
    text = "Preamble.\n\n2.1  The licence is\n   perpetual.  Next sentence."
    (flag,) = find_clause_flags(text)
    assert flag.kind == "perpetual"
    assert (flag.title, flag.explanation) == CLAUSE_KINDS["perpetual"]
    assert flag.sentence == "The licence is perpetual."
    assert text[flag.start:flag.end] == "The licence is\n   perpetual."


def test_one_flag_per_kind_and_sentence_in_order() -> None:
    text = ("You grant a perpetual licence that lasts forever in perpetuity. "
            "Disputes go to arbitration. The licence is irrevocable.")
    flags = find_clause_flags(text)
    assert [f.kind for f in flags] == ["perpetual", "arbitration", "irrevocable"]
    assert [f.start for f in flags] == sorted(f.start for f in flags)


def test_explanations_are_plain_and_short() -> None:
    for kind, (title, explanation) in CLAUSE_KINDS.items():
        assert re.fullmatch(r"[a-z]+(?:-[a-z]+)*", kind)
        assert 0 < len(title) <= 40
        assert 1 <= explanation.count(". ") + 1 <= 2 and explanation.endswith(".")
        for word in ("hereinafter", "indemnif", "notwithstanding", "pursuant"):
            assert word not in explanation.lower()


def test_empty_and_unpunctuated_text() -> None:
    assert find_clause_flags("") == []
    assert find_clause_flags("   \n\n  ") == []
    (flag,) = find_clause_flags("royalty free licence")
    assert flag.kind == "royalty-free"


def test_spelling_and_typography_variants() -> None:
    for text in ("The license is royalty–free.", "a ROYALTY-FREE licence",
                 "The licence is royalty-\n  free.", "royalty\u00adfree use"):
        assert {f.kind for f in find_clause_flags(text)} == {"royalty-free"}, text
    for text in ("we may retain anonymized data after deletion",
                 "we may retain anonymised data after deletion"):
        assert {f.kind for f in find_clause_flags(text)} == {"deletion-excludes-models"}


def test_large_and_repetitive_input() -> None:
    # Far more text than a real agreement; a regex that backtracks badly would hang here.
    assert len(find_clause_flags((RISKY + "\n\n") * 20)) == 20 * len(find_clause_flags(RISKY))
    assert find_clause_flags("not perpetual, " * 20000) == []
    assert [f.kind for f in find_clause_flags("word " * 50000 + "perpetual.")] == ["perpetual"]
    assert find_clause_flags("(" * 5000 + "perpetual" + ")" * 5000)[0].kind == "perpetual"


# --- sentence splitting ------------------------------------------------------------------


def _sentences(text: str) -> list[str]:
    return [" ".join(text[s.start:s.end].split()) for s in split_sentences(text)
            if not s.heading]


def test_split_keeps_abbreviations_and_clause_numbers() -> None:
    text = ("3.1 The Company, Acme Ltd. (No. 12345), may use the Data, e.g. voice and video, "
            "i.e. all of it, etc. and more. 3.2 The Company pays U.S. dollars. See clause 3.1. "
            "Done!")
    assert _sentences(text) == [
        "The Company, Acme Ltd. (No. 12345), may use the Data, e.g. voice and video, "
        "i.e. all of it, etc. and more.",
        "The Company pays U.S. dollars.",
        "See clause 3.1.",
        "Done!",
    ]


def test_split_headings_bullets_and_wrapped_lines() -> None:
    text = ("1. GRANT OF LICENCE\n"
            "You grant us a licence to use\n"
            "your recordings. We may:\n"
            "• store them;\n"
            "• copy them.\n"
            "\n"
            "Payment Terms\n"
            "We pay within 30 days.\n")
    spans = split_sentences(text)
    assert [(" ".join(text[s.start:s.end].split()), s.heading, s.item) for s in spans] == [
        ("GRANT OF LICENCE", True, False),
        ("You grant us a licence to use your recordings.", False, False),
        ("We may:", False, False),
        ("store them;", False, True),
        ("copy them.", False, True),
        ("Payment Terms", True, False),
        ("We pay within 30 days.", False, False),
    ]


def test_headings_are_not_flagged_but_long_capitals_are() -> None:
    assert find_clause_flags("ARBITRATION\n\nDisputes go to the courts of Scotland.") == []
    shouting = ("YOU AGREE THAT ALL CLAIMS WILL BE RESOLVED BY BINDING ARBITRATION AND THAT "
                "YOU WAIVE ANY RIGHT TO A JURY TRIAL.")
    assert {f.kind for f in find_clause_flags(shouting)} == {"arbitration"}
