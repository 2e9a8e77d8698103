"""The words behind each risky-clause kind: titles, plain explanations and match rules.

Patterns run on normalised sentences (see `clauses.normalise`): lower case, straight
quotes, one space between words, dashes as "-", and words broken by a hyphen at a line
end joined up ("royalty-\\nfree" reads "royaltyfree"), so compounds allow "-", " " or
nothing between their parts. Whether a match is negated is decided in `clauses`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CLAUSE_KINDS: dict[str, tuple[str, str]] = {
    "perpetual": (
        "Lasts forever",
        "The rights you give have no end date, so the company can keep using your data "
        "long after you stop working with them."),
    "irrevocable": (
        "You can't take it back",
        "Once you agree, you cannot withdraw your permission later, even if you change "
        "your mind or stop working with them."),
    "worldwide": (
        "Anywhere in the world",
        "Your data can be used in any country, including places where the privacy laws "
        "that protect you at home may not apply."),
    "royalty-free": (
        "No further payment",
        "The company can keep using and earning from your data without paying you more "
        "than what you have already been paid."),
    "sublicense-transfer": (
        "Can be passed on to others",
        "The company can let other businesses use your data, or hand its rights to a buyer "
        "or partner you never agreed to deal with."),
    "derivative-works": (
        "Can be changed and built upon",
        "The company can edit, combine or build new material from your data, and that new "
        "material usually belongs to them, not you."),
    "synthetic-replica": (
        "Artificial copies of you",
        "Your voice, face or likeness could be used to make an artificial version of you, "
        "such as a voice clone or avatar, that can say or do things you never did."),
    "moral-rights-waiver": (
        "Giving up personal rights",
        "You give up rights to be credited, to object to distorted uses, or to control how "
        "your name, image and likeness are used commercially."),
    "broad-scope": (
        "Very broad use",
        "Open-ended wording means the allowed uses are barely limited, so almost any use "
        "of your data could be covered."),
    "deletion-excludes-models": (
        "Deleting doesn't reach trained models",
        "Even if you ask for your data to be deleted, AI models already trained on it, or "
        "copies kept in backups or anonymised datasets, may be kept and used."),
    "unilateral-changes": (
        "They can change the terms",
        "The company can change the agreement on its own, sometimes without telling you, "
        "and carrying on may count as accepting the new terms."),
    "arbitration": (
        "Private arbitration instead of court",
        "Disputes go to a private arbitrator rather than a public court, which usually "
        "means fewer chances to appeal and can be hard to handle on your own."),
    "class-action-waiver": (
        "No group claims",
        "You cannot team up with other workers to bring one claim together, so each person "
        "must pursue problems alone, which is rarely worth it for small amounts."),
}


@dataclass(frozen=True)
class Rule:
    """A pattern for one kind; `needs_*` must also be found for it to count."""

    pattern: re.Pattern[str]
    negatable: bool = True  # False where the wording's own "not" is what makes it risky
    needs_clause: tuple[re.Pattern[str], ...] = ()  # in the same subclause
    needs_sentence: tuple[re.Pattern[str], ...] = ()  # anywhere in the sentence


def _re(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _gap(limit: int) -> str:
    """Up to `limit` characters inside one subclause that hold no negation."""
    return rf"(?:(?!\b(?:not|never|no|nor|neither|cannot)\b|n't\b)[^.;:]){{0,{limit}}}?"


def _rules(*patterns: str, negatable: bool = True, clause: tuple[str, ...] = (),
           sentence: tuple[str, ...] = ()) -> list[Rule]:
    return [Rule(_re(p), negatable, tuple(map(_re, clause)), tuple(map(_re, sentence)))
            for p in patterns]


_LIC = r"licen[cs]e"
_MODAL = r"(?:may|can|shall|will|could|must)"
_MODAL_NOT = rf"(?:{_MODAL} ?not|can't|won't|shan't|couldn't|mustn't)"
_REVOKE = r"(?:revoke|withdraw|rescind|retract|cancel)"
_REVOKED = r"(?:revoked|withdrawn|rescinded|retracted|cancell?ed)"
_PAY = (r"(?:payments?|compensation|remuneration|royalt(?:y|ies)|residuals?|fees?|"
        r"consideration|share of (?:the )?(?:revenue|profits?))")
_MORE = r"(?:(?:any|further|additional|ongoing|future|other|more) )*"
_WHO = (r"(?:third[- ]?part(?:y|ies)|affiliated (?:companies|entities)|affiliates?|"
        r"successors?|subsidiar(?:y|ies)|partners?|customers?|clients?|buyers?|purchasers?|"
        r"acquir(?:er|ers|ing (?:company|entity))|other (?:companies|organi[sz]ations|"
        r"businesses|entities)|any (?:person|entity|party)|group companies)")
_CONTENT = (r"(?:recordings?|content|materials?|data|submissions?|contributions?|works?|"
            r"voice|likeness|images?|videos?|photos?|photographs?|footage|audio|samples?|"
            r"captures?|scans?|deliverables?|performances?|transcripts?)")
_PERSON = (r"(?:voice|likeness|face|appearance|image|persona|mannerisms|gait|movements?|"
           r"speech|body|identity|personality|speaking style|way of speaking)")
_MORAL = (r"(?:moral rights?|droit moral|rights? of (?:privacy (?:and|or) )?(?:publicity|"
          r"personality|attribution|integrity|paternity)|(?:publicity|personality) rights?|"
          r"rights? to be (?:identified|named|credited|attributed)|"
          r"right to object to (?:any )?(?:derogatory|distort\w*))")
_WAIVE = (r"(?:waive|waives|waived|waiving|waiver|relinquish\w*|gives? up|surrender\w*|"
          r"releases?|released|forgo|forego)")
_CLASS = (r"(?:class|collective|representative|consolidated|mass|group)"
          r"(?: (?:or|and|/) (?:class|collective|representative|consolidated|mass|group))*"
          r"(?:[- ]wide)?[- ](?:actions?|proceedings?|arbitrations?|claims?|lawsuits?|suits?|basis|"
          r"capacity|members?|litigation|complaints?|redress)")
_DELETE = (r"\b(?:delet\w*|eras\w*|remov\w*|destr(?:oy|oyed|oys|oying|uction)|withdr[ae]w\w*|"
           r"terminat\w*|opt(?:s|ing|ed)?[- ]?out|clos(?:e|ing|ure of) (?:your |the )?account|"
           r"account closure|(?:right to be )?forgotten|purg\w*)\b")
_MODELS = (r"\b(?:models?|weights|parameters|derived data|derivatives?|aggregated?|"
           r"anonymi[sz]ed|anonymous|de-?identified|pseudonymi[sz]ed|backups?|back-ups?|"
           r"archives?|archival|data ?sets?|training (?:data|sets?|corpora|corpus)|"
           r"already (?:been )?(?:used|incorporated|processed|trained)|incorporated into|"
           r"learned|learnt)\b")
_KEEP = (r"\b(?:retain\w*|keep|keeps|kept|keeping|continu\w+ to (?:use|hold|store|exploit|"
         r"retain|benefit|operate|be used|exist)|continu\w+ using|remain\w*|surviv\w+|"
         r"persist\w*|preserv\w*|stor(?:e|ed|es|ing)|(?:may|can|will|shall) (?:still |also |"
         r"continue to )?use)\b")
_CHANGE = (r"\b(?:amend\w*|modif(?:y|ies|ied|ying|ications?)|chang(?:e|es|ed|ing)|"
           r"updat(?:e|es|ed|ing)|revis(?:e|es|ed|ing|ions?)|var(?:y|ies|ied|ying|iations?)|"
           r"alter(?:s|ed|ing|ations?)?|replac(?:e|es|ed|ing)|supplement\w*)\b")
_TERMS = (r"\b(?:terms|agreement|licen[cs]e|polic(?:y|ies)|conditions|rates?|fees?|payments?|"
          r"pay|compensation|pricing|prices?|eula|contract)\b")
_ANYTIME = (r"\b(?:at any time|from time to time|without (?:(?:any|prior|advance|further) )*"
            r"(?:notice|notification|warning|your consent|consent)|(?:in|at) (?:its|our|their|"
            r"the company's) (?:sole|absolute|own)(?: and (?:absolute|sole))? discretion|"
            r"unilaterally|for any reason|at (?:its|our) (?:sole )?(?:option|election)|"
            r"with or without (?:notice|cause)|as (?:it|we|the company) (?:sees?|deems?) fit|"
            r"by posting|effective (?:immediately|upon posting))\b")

RULES: dict[str, list[Rule]] = {
    "perpetual": _rules(
        r"\bperpetu(?:al|ally|ity)\b",
        r"\bfor ?ever\b",
        r"\bindefinite(?:ly)?\b",
        r"\bpermanent (?:licen[cs]e|right|grant|permission|consent)s?\b",
        r"\b(?:unlimited|unrestricted|no) (?:duration|period of time|time limit|expiry|"
        r"expiration|end date)\b",
        r"\bwithout (?:any |an )?(?:time limit|limit (?:in|of|as to) (?:time|duration)|"
        r"expiry|expiration|end date)\b",
        r"\b(?:never|not|n't) (?:expire|lapse|end)s?\b(?! (?:until|before|unless|prior))",
        r"\b(?:not (?:be )?limited (?:in|as to) (?:time|duration)|unlimited in (?:time|duration)|"
        r"not (?:be )?time-?limited|not (?:be )?limited to a (?:fixed )?(?:term|period))\b",
        r"\bfor the (?:full|entire|maximum) (?:duration|period|term) (?:of|permitted by) "
        r"(?:the )?(?:copyright|applicable law|law|rights)\b",
        rf"\b{_LIC}s?\b{_gap(60)}\b(?:shall|will|do|does)? ?surviv\w+ (?:any |the )?"
        r"(?:expiry|expiration|termination|end)\b",
    ),
    "irrevocable": _rules(
        r"\b(?:irrevocabl[ey]|irrevocability|non-?revocable|unrevocable)\b",
        rf"\b{_MODAL_NOT} be (?:{_REVOKED}|terminated by (?:you|the (?:contributor|licensor|"
        r"participant|creator|worker|user|talent|data subject)))\b",
        r"\b(?:is|are) not (?:revocable|capable of (?:being )?revoked|subject to revocation)\b",
        rf"\byou (?:{_MODAL_NOT}|(?:{_MODAL}|are) never|are not) (?:be )?"
        r"(?:able to |entitled to |permitted to )?"
        rf"(?:{_REVOKE}|terminate (?:this|the) {_LIC})\b",
        rf"\b(?:no |without (?:any |the )?)right to (?:{_REVOKE}|terminate)\b",
        rf"\b{_WAIVE} (?:any |all |your )?rights? to (?:{_REVOKE}|terminate)\b",
    ),
    "worldwide": _rules(
        r"\bworld ?-?wide\b",
        r"\bthroughout the (?:world|universe)\b|\bthe universe\b",
        r"\b(?:in|across|throughout) (?:any and all|all|every) (?:countries|country|territories|"
        r"territory|jurisdictions)\b",
        rf"\bglobal(?:ly)?\b(?=[\w ,-]{{0,40}}\b(?:{_LIC}|rights?|basis|use)\b)",
        r"\b(?:without (?:any )?|no )(?:territorial|geographic(?:al)?) (?:limit\w*|restriction\w*)",
    ),
    "royalty-free": _rules(
        r"\broyalty ?-?free\b",
        r"\bfree of (?:any |all )?(?:royalt(?:y|ies)|charge|payments?)\b",
        r"\b(?:fully[- ]?paid(?:[- ]?up)?|paid[- ]?up)\b",
        rf"\bwithout (?:the )?{_MORE}{_PAY}\b",
        r"\bno (?:(?:further|additional|ongoing|future|other) )+"
        r"(?:payments?|compensation|remuneration|royalt\w+|consideration|fees?)\b",
        r"\bno (?:royalt(?:y|ies)|residuals?|remuneration)\b",
        rf"\b(?:not|no longer) (?:be )?entitled to (?:receive )?{_MORE}{_PAY}",
        rf"\b(?:will|shall) not (?:receive|be paid|be owed|be due) {_MORE}{_PAY}",
        rf"\b(?:does|do|will|shall) not pay (?:you )?{_MORE}{_PAY}",
        rf"\b(?:no obligation|not (?:be )?(?:obliged|obligated|required)) to pay (?:you )?{_MORE}"
        rf"{_PAY}",
        r"\bfull and final (?:payment|compensation|consideration|remuneration)\b",
        r"\b(?:one[- ]?time|one[- ]?off|single|lump[- ]?sum) (?:payment|fee) (?:is|shall be|"
        r"will be|constitutes|represents)(?: the)? (?:full|entire|sole|complete|only)\b",
    ),
    "sublicense-transfer": [
        *_rules(
            r"\bsub-?licen[cs](?:e|es|ed|ing|able|ability|ees?|ors?)\b",
            r"\b(?:transfer(?:r)?able|assignable)\b",
            r"\b(?:transfer\w*|assign\w*|sell|sells|selling|sold|licen[cs](?:ed|ing)|"
            r"sub-?licen[cs]\w*|distribut\w*|shar(?:e|es|ed|ing)|disclos\w*|rent\w*|"
            r"leas(?:e|es|ed|ing)|convey\w*|make available|made available)\b(?! to you)"
            rf"{_gap(80)}\b{_WHO}\b",
            r"\b(?:may|can|is entitled to|has the right to|reserves the right to|is free to)"
            r"(?: freely)? (?:assign|transfer|sell)\b",
            r"\b(?:may|can) be (?:freely )?(?:assigned|transferred|sublicen[cs]ed|sold)\b",
            r"\bsuccessors?(?: (?:and|or|in title and) assigns?|[- ]in[- ](?:title|interest))\b",
        ),
        # "may not sublicense except to its affiliates" still lets the data go to affiliates.
        *_rules(rf"\bexcept (?:to|in favou?r of|with|for transfers? to) (?:\w+ ){{0,3}}?{_WHO}\b",
                negatable=False),
    ],
    "derivative-works": _rules(
        r"\bderivatives?\b",
        r"\b(?:adapt|adapts|adapted|adapting|adaptations?)\b",
        r"\b(?:modify|modifies|modified|modifying|modifications? (?:of|to)|alter|alters|altered|"
        r"altering|edit|edits|edited|editing|transform|transforms|transformed|transforming|"
        rf"remix\w*|translat\w*|manipulat\w*|enhanc\w*)\b{_gap(60)}\b{_CONTENT}\b",
        r"\b(?:combin|merg)\w*\b" + _gap(60) + r"\b(?:other|third[- ]?party|additional) "
        r"(?:data|content|materials?|recordings|works|data ?sets?)\b",
        r"\b(?:works?|content|materials?|products?|outputs?|versions?) (?:derived|created|"
        r"generated|developed|made|produced|based) (?:up)?(?:from|using|with|on)\b",
    ),
    "synthetic-replica": _rules(
        r"\bsynthe(?:tic|tically|sis|sise|sised|sising|size|sized|sizing|siser|sizer)\w*\b",
        r"\b(?:voice|vocal|face|facial|digital|virtual|ai|likeness|computer-generated|3d|"
        r"artificial) (?:replicas?|clones?|cloning|doubles?|twins?|avatars?|recreations?|"
        r"personas?|humans?|characters?|versions? of (?:you|yourself|your (?:voice|face|"
        r"likeness|body)))\b",
        r"\bvoice ?(?:models?|prints?)\b",
        r"\b(?:replicas?|clones?|cloning|cloned|avatars?|deep ?-?fakes?|sound ?-?alikes?|"
        r"look ?-?alikes?|likeness(?:es)?)\b",
        r"\b(?:simulat|imitat|mimic|replicat|recreat|emulat|generat)\w*\b" + _gap(40)
        + rf"\b(?:your|his|her|their|a person's|the (?:contributor|worker|participant|"
        rf"performer)'?s?) {_PERSON}\b(?! ?(?:recordings?|data|samples?|files?|clips?|captures?"
        r"|scans?|submissions?))",
        r"\b(?:sounds?|looks?) (?:like|similar to) you\b",
        r"\btext[- ]?to[- ]?speech\b|\btts\b",
    ),
    "moral-rights-waiver": _rules(
        rf"\b{_WAIVE}\b{_gap(80)}\b{_MORAL}",
        rf"\b{_MORAL}{_gap(80)}\b(?:waive[sd]?|waiver|waiving|relinquish\w*|given up|"
        r"surrender\w*|released)\b",
        r"\b(?:agrees?|undertakes?|consents?)(?: irrevocably)? (?:not|never) to (?:assert|"
        rf"enforce|exercise|claim|rely on|invoke)\b{_gap(40)}\b{_MORAL}",
        rf"\b(?:will|shall|may) not (?:assert|enforce|exercise|invoke)\b{_gap(40)}\b{_MORAL}",
        rf"\botherwise infring\w+ (?:on |upon )?(?:your |any )?{_MORAL}",
    ),
    "broad-scope": _rules(
        r"\binclud(?:e|es|ing),? (?:but |and )?(?:is |are )?not (?:be )?limited to\b",
        r"\b(?:including|includes?),? without limitation\b|\bwithout limitation\b",
        r"\bany and all (?:purposes?|uses?|media|formats?|manners?|ways?|means|fields?|"
        r"applications?|technolog(?:y|ies)|products?|services?)\b",
        r"\bfor any (?:lawful |other |commercial |business )?(?:purpose|use)s?\b"
        r"(?! (?:other than|except|not|unrelated))",
        r"\b(?:any|all) (?:purposes?|uses?|media|manner) whatsoever\b",
        r"\b(?:now known|now existing|existing now|currently known|presently known) or "
        r"(?:hereafter|later|hereinafter|subsequently|in the future|future|yet to be)\b",
        r"\b(?:hereafter|hereinafter|later|subsequently|yet to be) (?:devised|developed|"
        r"invented|created|discovered)\b",
        r"\b(?:in|by) any (?:manner|way|form|medium|means) (?:whatsoever|(?:it|we|the company) "
        r"(?:sees?|deems?|chooses?) fit)\b|\bas (?:it|we|the company|they) (?:sees?|deems?|"
        r"chooses?|thinks?) fit\b",
        rf"\b(?:unlimited|unrestricted) (?:use|uses|right|rights|{_LIC}|access|permission)\b",
    ),
    "deletion-excludes-models": [
        # "Deleting your account will not remove ... from trained models"
        *_rules(rf"{_DELETE}[^.;:]{{0,80}}?\b(?:do|does|did|will|shall|would|can|could|may)"
                r"(?: ?not|n't) (?:\w+ ){0,2}?(?:apply|extend|include|affect|cover|reach|"
                r"require|oblige|obligate|mean|impact|result in|entail|remove|delete|erase|"
                r"undo|reverse)\b", clause=(_MODELS,)),
        # "Trained models will not be affected by your deletion request"
        *_rules(_MODELS + r"[^.;:]{0,80}?\b(?:is|are|will|shall|would|can)(?: be)? ?not "
                r"(?:be )?(?:affected|deleted|removed|erased|included|covered|subject to|"
                r"withdrawn|destroyed)\b", sentence=(_DELETE,)),
        # "We will delete your data except anonymised and aggregated data"
        *_rules(r"\b(?:except|excluding|exclude[sd]?|other than|save for|apart from|with the "
                r"exception of|does not include|not including|but not|except for)\b"
                rf"[^.;:,]{{0,40}}?{_MODELS}", negatable=False, sentence=(_DELETE,)),
        # "After deletion we may retain anonymised data"; "models remain in use"
        *_rules(_KEEP + _gap(60) + _MODELS, _MODELS + _gap(60) + _KEEP, sentence=(_DELETE,)),
        # "cannot be removed from a trained model"; "no obligation to retrain"
        *_rules(r"\b(?:cannot|can not|could not|can't) be (?:removed|deleted|erased|extracted|"
                r"undone|reversed|untrained|unlearned|withdrawn|forgotten)\b|\b(?:not|no longer) "
                r"(?:be )?(?:possible|feasible|practicable|technically possible) to (?:remove|"
                r"delete|erase|extract|undo|reverse|untrain|unlearn)\b|\bno obligation to "
                r"(?:delete|remove|erase|retrain|re-train|destroy)\b|\b(?:cannot|can't|can not|"
                r"unable to|not be able to|not able to) (?:remove|delete|erase|extract|undo|"
                r"reverse|untrain|unlearn|retrieve)\b", clause=(_MODELS,)),
    ],
    "unilateral-changes": [
        *_rules(_CHANGE + _gap(100) + _ANYTIME, _ANYTIME + _gap(100) + _CHANGE,
                clause=(_TERMS,)),
        *_rules(r"\breserves? the right\b" + _gap(60) + _CHANGE, clause=(_TERMS,)),
        # Deemed acceptance: "continued use after changes constitutes acceptance"
        *_rules(r"\bcontinu\w+ (?:to use|use|using|participation|to participate|to access|"
                r"access\w*|to work|working)\b[^.;:]{0,120}?\b(?:constitutes?|means|signif\w+|"
                r"deemed|indicates?|confirms?|amounts? to)\b[^.;:]{0,30}?\b(?:accept\w*|"
                r"agree\w*|consent\w*)\b", sentence=(_CHANGE,)),
        *_rules(r"\bbound by (?:the |any |such |these )?(?:revised|updated|new|amended|changed|"
                r"modified) (?:terms|agreement|version|conditions|polic(?:y|ies))\b"),
    ],
    "arbitration": _rules(
        r"\barbitra(?:tion|tions|tor|tors|te|ted|ting|ble|l)\b",
    ),
    "class-action-waiver": [
        *_rules(rf"\b{_WAIVE}\b{_gap(80)}\b{_CLASS}\b",
                rf"\b{_CLASS}{_gap(40)}\bwaive[rsd]?\b",
                r"\b(?:only|solely|exclusively) (?:on|in) (?:an? |their |your |its |his |her )?"
                r"individual (?:basis|capacity)\b|\b(?:on|in) (?:an? |their |your |its )?"
                r"individual (?:basis|capacity) (?:only|and not)\b|\b(?:only|solely) "
                r"individually\b"),
        # The "not" is the waiver here: "not as a plaintiff or class member in any class ..."
        *_rules(r"\b(?:not|never|no|nor)\b(?! (?:\w+ )?(?:restrict|limit|prevent|prohibit|"
                r"affect|waive|bar|preclude|stop|impair|exclude|deprive|remove|take away|apply|"
                r"give up|surrender|lose|forfeit)\w*)[^.;:]{0,60}?\b" + _CLASS
                + r"\b(?! waiver)", negatable=False),
    ],
}

assert set(RULES) == set(CLAUSE_KINDS), "every kind needs rules and an explanation"
