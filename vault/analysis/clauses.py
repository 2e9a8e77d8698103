"""Risky-clause flags from agreement text, by rules a person can read and check.

The text is split into sentences (coping with numbered clauses, abbreviations, bullet
lists and capitalised headings), each sentence into subclauses at ":" and ";", and every
pattern match is tested for negation inside its own subclause only, so "you may not
sublicense" is a restriction while "the licence is perpetual and may not be revoked"
still flags. This is a reading aid, not legal advice: it misses wording it has no rule
for, and the explanations say so calmly.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from vault.analysis.clause_patterns import CLAUSE_KINDS, RULES, Rule

__all__ = ["CLAUSE_KINDS", "ClauseFlag", "find_clause_flags", "normalise", "split_sentences"]


@dataclass(frozen=True)
class ClauseFlag:
    kind: str
    title: str
    sentence: str  # whitespace-normalised text of the sentence that matched
    explanation: str
    start: int  # offsets of the sentence in the original text, for highlighting
    end: int


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    heading: bool = False
    item: bool = False  # began with a bullet or clause number


# --- sentence splitting --------------------------------------------------------------

# A bullet or clause number opening a line. Bare numbers ("3.1") and letters ("a.") only
# count before a capital, so a wrapped line starting "12 months" stays in its sentence.
_MARKER = re.compile(
    r"[ \t]*(?:[-•*▪◦·‣⁃–—●○■□◆◇►▸➢➤✓✔]|\(?\d{1,3}(?:\.\d{1,3})*[.)]"
    r"|\d{1,3}(?:\.\d{1,3})+(?=[ \t]+[A-Z(\"“])"
    r"|\([a-zA-Z]{1,2}\)|\([ivxlcIVXLC]{1,6}\)|[a-zA-Z][.)](?=[ \t]+[A-Z(\"“])"
    r"|[ivxlcIVXLC]{1,6}[.)](?=[ \t]+[A-Z(\"“])"
    r"|(?i:section|clause|article)[ \t]+\d+(?:\.\d+)*[.:]?"
    r")[ \t]+(?=\S)")
_ENDS = re.compile(r"[.!?]+[\"')\]’”]*(?=\s|$)")
# Abbreviations after which a full stop does not end the sentence.
_ABBREVIATIONS = frozenset([
    "e.g", "i.e", "etc", "viz", "cf", "no", "nos", "vs", "v", "mr", "mrs", "ms", "dr", "prof",
    "st", "art", "arts", "sec", "secs", "para", "paras", "cl", "cls", "fig", "approx", "incl",
    "excl", "est", "min", "max", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "u.s", "u.k", "e.u", "p", "pp", "ref", "refs", "govt", "dept"])
_LIST_TOKEN = re.compile(r"\(?(?:\d{1,3}(?:\.\d{1,3})*|[a-z]|[ivxlc]{1,6})\)?", re.IGNORECASE)
_SMALL_WORDS = frozenset([
    "a", "an", "and", "as", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"])


def split_sentences(text: str) -> list[Sentence]:
    """Sentence spans of `text` (offsets into it), headings marked so they can be skipped."""
    sentences: list[Sentence] = []
    block: list[int] | None = None  # [start, end, item]
    prev_line = ""
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            _close(text, block, sentences)
            block = None
            prev_line = ""
            continue
        marker = _MARKER.match(line)
        if _is_heading(stripped, prev_line, marker is not None):
            _close(text, block, sentences)
            block = None
            offset = start + (marker.end() if marker else 0)
            sentences.extend(_trimmed(text, offset, end, heading=True))
        elif marker:
            _close(text, block, sentences)
            block = [start + marker.end(), end, 1]
        elif block is None:
            block = [start, end, 0]
        else:
            block[1] = end
        prev_line = stripped
    _close(text, block, sentences)
    return sentences


def _is_heading(line: str, prev_line: str, numbered: bool) -> bool:
    body = _MARKER.sub("", line, count=1).strip()
    words = body.split()
    letters = [c for c in body if c.isalpha()]
    if len(letters) < 3 or len(words) > 12 or len(body) > 100 or body[-1] in ",;:":
        return False
    if not any(c.islower() for c in letters):
        return body[-1] not in ".!?" or len(words) <= 4  # else a shouted sentence
    if body[-1] in ".!?" or len(words) > 8:
        return False
    # Unnumbered Title Case lines stand alone only after a finished sentence.
    if not numbered and prev_line and prev_line[-1] not in ".:;!?":
        return False
    return all(w[0].isupper() or w.lower() in _SMALL_WORDS or not w[0].isalpha() for w in words)


def _close(text: str, block: list[int] | None, out: list[Sentence]) -> None:
    if block is not None:
        start, end, item = block
        chunk = text[start:end]
        begin = 0
        for found in _ENDS.finditer(chunk):
            if _ends_sentence(chunk, begin, found):
                out.extend(_trimmed(text, start + begin, start + found.end(), item=bool(item)))
                item, begin = 0, found.end()
        out.extend(_trimmed(text, start + begin, end, item=bool(item)))


def _ends_sentence(chunk: str, begin: int, found: re.Match[str]) -> bool:
    following = chunk[found.end():].lstrip()
    if not following:
        return True
    if "." not in found.group().rstrip("\"')]’”") or found.group()[0] != ".":
        return True  # "!" and "?" always end a sentence
    before = chunk[begin:found.start()].split()
    token = before[-1].lstrip("(\"'“‘") if before else ""
    if token.lower() in _ABBREVIATIONS or re.fullmatch(r"(?:[a-z]\.)+[a-z]", token, re.I):
        return False
    if len(token) == 1 and token.isupper():
        return False  # an initial, as in "J. Smith"
    if len(before) == 1 and _LIST_TOKEN.fullmatch(token):
        return False  # "2. The Company ..." numbering inside a line
    first = following[0]
    return first.isupper() or first.isdigit() or first in "\"'“‘•-–"


def _trimmed(text: str, start: int, end: int, heading: bool = False,
             item: bool = False) -> list[Sentence]:
    chunk = text[start:end]
    inline = _MARKER.match(chunk.lstrip())  # an inline "2. " opening the sentence
    lead = len(chunk) - len(chunk.lstrip())
    if inline and not heading:
        lead, item = lead + inline.end(), True
    body = chunk[lead:].rstrip()
    if not body:
        return []
    return [Sentence(start + lead, start + lead + len(body), heading, item)]


# --- normalisation and negation --------------------------------------------------------

_QUOTES = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "“": '"', "”": '"',
                         "„": '"', "‟": '"', "″": '"', "‐": "-", "‑": "-", "‒": "-", "–": "-",
                         "—": "-", "―": "-", "−": "-", "\u00ad": None})


def normalise(sentence: str) -> str:
    """Lower case, straight quotes, one space; rejoins words hyphenated across lines."""
    text = unicodedata.normalize("NFKC", sentence.translate(_QUOTES))
    text = re.sub(r"(?<=\w)-[ \t]*\r?\n\s*(?=\w)", "", text)
    return " ".join(text.split()).lower()


_NEGATORS = re.compile(r"\b(?:not|never|no|nor|neither|cannot|none)\b|n't\b|"
                       r"\b(?:prohibit\w*|forbid\w*|forbidden|refrain\w*|preclude\w*|barred)\b")
_MODAL = re.compile(r"\b(?:may|shall|will|can|must|should|would|could)\b")
_GLOBAL_NEGATORS = re.compile(r"\b(?:nothing|in no event|under no circumstances|at no time|"
                              r"in no case|on no account|none of)\b")
# Wording with "not", "no" or "without" that negates nothing: blanked before the check.
_NEUTRAL = re.compile(
    r"\binclud(?:e|es|ing),? (?:but |and )?(?:is |are )?not (?:be )?limited to\b"
    r"|\b(?:but )?not limited to\b|\bwithout (?:limitation|limiting|prejudice)\b"
    r"|\bbut (?:(?:is|are|shall|will)(?: be)? )?not (?:obliged|obligated|required|bound)(?: to)?\b"
    r"|\bbut not the (?:obligation|duty)\b|\bwhether or not\b|\bnot only\b|\bif not\b"
    r"|\bor not\b|\bno matter\b|\bno\.? ?\d"
    r"|\b(?:no|not) (?:later|earlier|less|more|fewer|sooner) than\b"
    r"|\b(?:does|do|will|shall) not (?:need|require) (?:your |any )?(?:further |additional )?"
    r"(?:consent|permission|approval)\b"
    r"|\bwith(?:out| no)? (?:(?:any|the|your|our|its|their|prior|further|additional|advance|"
    r"express|written|separate) )*(?:consent|notice|notification|approval|permission|"
    r"authori[sz]ation|payment|compensation|remuneration|royalt(?:y|ies)|fees?|charge|cost|"
    r"restriction|limitation|limit|liability|attribution|accounting|obligation|delay|"
    r"reference|need)s?\b")
# Where a new statement starts, so a negation before it does not reach past it.
_BREAKER = re.compile(
    r"\bbut\b(?! (?:is |are )?not limited)|\b(?:however|whereas|although|though|except|instead|"
    r"nevertheless|nonetheless|notwithstanding|provided(?:,)? (?:that|however|always))\b"
    r"|, ?(?:which|who|whose|whom)\b"
    # "and"/"or" starting a new statement: "..., and the Company may ...", "and you cannot ..."
    r"|\b(?:and|or|so|then|while|yet),? (?:(?:the|this|that|these|those|such|any|each|our|your|"
    r"its|their|all|we|you|it|they|he|she) (?:[\w-]+ ){0,2}?|(?:[\w-]+ )?)"
    r"(?:is|are|was|were|be|shall|will|may|might|can(?:not)?|could|must|should|would|do|does|"
    r"did|can't|won't|shan't|don't|doesn't|grants?|granted|agrees?|acknowledges?|has|have|"
    r"receives?|retains?|reserves?|owns?|becomes?|obtains?|acquires?|hereby)\b")
# "If you do not agree, ..." and asides ", which is not exclusive," hold their own "not".
_LEADING_CLAUSE = re.compile(
    r"^\W*(?:(?:and|but|or|so|then|however|yet),? )?(?:even )?(?:if|unless|where|whether|when|"
    r"whenever|although|though|while|because|"
    r"since|once|after|before|until|upon|in the event(?: that)?|in case|to the extent(?: that)?|"
    r"except (?:where|if|as|to the extent|with)|save (?:where|as))\b[^,]*, ")
_ASIDE = re.compile(r", ?(?:which|who|whose|whom|except|unless|save|whether|if|where|when|"
                    r"although|though|even if|including|excluding|such as)\b[^,]*,")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Negation after the match: "Sublicensing is not permitted", "... is strictly prohibited".
_POST_NEGATION = re.compile(
    r"^[^.;:]{0,60}?\b(?:is|are|be|being|was|were|shall|will|would|may|can|could|does|do|must|"
    r"should)(?: ?not|n't)(?: be)?(?: \w+ly)? (?:permitted|allowed|granted|given|authori[sz]ed|"
    r"conferred|included|provided|created|made|produced|apply|applies|applicable|available|"
    r"required|mandatory|compulsory|used|intended|contemplated|enforceable|valid|sought)\b"
    r"|^[^.;:]{0,60}?\b(?:is|are|be|shall be|will be)(?: \w+ly)? (?:prohibited|forbidden|"
    r"excluded|disallowed|not permitted|not allowed|void|unenforceable)\b")
_WINDOW_WORDS = 12  # how far back a "not" reaches
_MAX_TRIES = 40  # matches of one rule tried per subclause
_REACH = 1500  # characters around a match that can bear on its negation
_WITHOUT_WORDS = 5  # "without the right to sublicense", not "without notice, ... sublicense"


def _blank(text: str, pattern: re.Pattern[str], limit: int) -> str:
    """Blank out (keeping offsets) every match of `pattern` that ends by `limit`."""
    return pattern.sub(lambda m: " " * len(m.group()) if m.end() <= limit else m.group(), text)


def _negated(text: str, start: int, end: int) -> bool:
    """Whether the match text[start:end] is negated within its subclause `text`."""
    if start > _REACH:  # bound the work on run-on "sentences" (lists, tables, bad OCR)
        text, start, end = text[start - _REACH:], _REACH, end - start + _REACH
    text = text[: end + _REACH]
    if re.search(r"\bnon-? ?$", text[:start]):
        return True  # non-transferable, non-sublicensable
    masked = _blank(text, _NEUTRAL, start)
    for _ in range(3):  # nested brackets, innermost first
        masked, previous = _blank(masked, _BRACKETS, start), masked
        if masked == previous:
            break
    masked = _blank(masked, _ASIDE, start)
    # Only the statement the match belongs to counts: cut at the last breaker before it.
    # The breaker may begin before the match and run into it ("..., and you cannot revoke").
    cut = 0
    for found in _BREAKER.finditer(masked):
        if found.start() >= start:
            break
        cut = found.start()
    window = masked[cut:start]
    for _ in range(3):
        window, count = _LEADING_CLAUSE.subn("", window.strip())
        if not count:
            break
    if _GLOBAL_NEGATORS.search(window):
        return True
    words = window.split()
    recent = " ".join(words[-_WINDOW_WORDS:])
    for negator in _NEGATORS.finditer(recent):
        # A verb's "not" stops at the next modal: "data that is not used may be kept forever".
        verbal = negator.group() in {"not", "never", "cannot", "n't"}
        if not (verbal and _MODAL.search(recent, negator.end())):
            return True
    if "without" in words[-_WITHOUT_WORDS:]:
        return True
    suffix = text[end:]
    after = _BREAKER.search(suffix)
    return bool(_POST_NEGATION.search(suffix[: after.start()] if after else suffix))


# --- subclauses and matching -----------------------------------------------------------

_SUBJECTS = frozenset([
    "the", "you", "we", "it", "they", "he", "she", "this", "that", "these", "those", "such",
    "each", "any", "all", "our", "your", "its", "their", "company", "licensee", "licensor",
    "contributor", "neither", "either", "no", "nothing"])


# A lead-in whose wording continues into each list item: "The Company shall not: ...".
_LEAD_IN = re.compile(r"(?:\b(?:not|never|to|may|can|shall|will|must|agrees?|undertakes?|"
                      r"following|cannot|prohibited|forbidden|excluded|including|includes?|"
                      r"that|neither|nor)|n't)$")


def _subclauses(norm: str, stem: str) -> list[tuple[str, str]]:
    """(context, text) pairs: the context is wording whose negation reaches into `text`."""
    head, colon, rest = norm.partition(": ")
    parts: list[tuple[str, str]] = []
    if colon and len(head.split()) <= 40:
        parts.append((stem, head))
        stem = f"{stem} {head}".strip() if _LEAD_IN.search(head) else ""
        norm = rest
    previous: tuple[str, str] | None = None
    for piece in re.split(r" ?; ?", norm):
        words = piece.split()
        context = stem
        # "...shall not sublicense the data; or transfer it" continues the same sentence.
        if (previous and len(words) > 1 and words[0] in {"or", "and", "nor"}
                and words[1] not in _SUBJECTS):
            context = f"{previous[0]} {previous[1]}".strip()
        previous = (context, piece)
        parts.append(previous)
    return parts


def _rule_fires(rule: Rule, context: str, clause: str, norm: str) -> bool:
    if any(not need.search(clause) for need in rule.needs_clause):
        return False
    if any(not need.search(norm) for need in rule.needs_sentence):
        return False
    full = f"{context} {clause}" if context else clause
    offset = len(full) - len(clause)
    position = 0
    # search() from just past each rejected start, since finditer would skip overlaps;
    # a bounded number of tries keeps pathological input (a word repeated 10,000 times) fast.
    for _ in range(_MAX_TRIES):
        found = rule.pattern.search(clause, position)
        if found is None:
            break
        position = found.start() + 1
        if _BREAKER.search(found.group(), 1):
            continue  # the match runs across two statements
        if not rule.negatable or not _negated(full, offset + found.start(), offset + found.end()):
            return True
    return False


_ANY = {kind: re.compile("|".join(f"(?:{r.pattern.pattern})" for r in rules))
        for kind, rules in RULES.items()}
_STEM_CONTINUES = re.compile(r"(?:[;:,]|\b(?:and|or))$")


def find_clause_flags(text: str) -> list[ClauseFlag]:
    """Risky-clause flags in `text`, one per (kind, sentence), in reading order."""
    flags: list[ClauseFlag] = []
    stem = ""
    for sentence in split_sentences(text):
        if sentence.heading:
            stem = ""
            continue
        raw = text[sentence.start:sentence.end]
        norm = normalise(raw)
        parts: list[tuple[str, str]] | None = None
        for kind, rules in RULES.items():
            if not _ANY[kind].search(norm):
                continue
            if parts is None:
                parts = _subclauses(norm, stem if sentence.item else "")
            if any(_rule_fires(rule, ctx, clause, norm) for ctx, clause in parts for rule in rules):
                title, explanation = CLAUSE_KINDS[kind]
                flags.append(ClauseFlag(kind, title, " ".join(raw.split()), explanation,
                                        sentence.start, sentence.end))
        # A lead-in ending in ":" governs the list items after it ("shall not: (a) ...;").
        if norm.endswith(":"):
            lead_in = re.split(r" ?; ?", norm[:-1])[-1]
            stem = lead_in if _LEAD_IN.search(lead_in) else ""
        elif not (sentence.item and stem and _STEM_CONTINUES.search(norm)):
            stem = ""
    return flags
