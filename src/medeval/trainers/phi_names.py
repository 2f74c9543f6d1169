"""Bare personal names: Philter's name and safe-word lists, read offline from philter-lite.

philter-lite ships Philter's word sets: about 97,000 first names, 161,000 surnames and 195,000
"safe" words (English, medical and drug vocabulary, brand names included). medeval reads those
sets from the installed package (no download) and decides each capitalised word with rules of
its own, because philter-lite's pipeline needs NLTK's part-of-speech tagger, whose data is not
on PyPI:

* a word followed by a clinical head noun, possessive or not ("Parkinson's disease", "Hodgkin
  lymphoma", "Glasgow coma scale", "Smith fracture"), and the capitalised words before it, is an
  eponym and is kept; so is "of" + eponym after an anatomical noun ("circle of Willis");
* a word that is a first name or surname, not a safe word and not a known bare eponym is a
  name wherever it stands;
* a word that is both a name and a safe word ("Hope", "Will", "Young", "Brown", "Apgar"), a
  known bare eponym ("Crohn's", "Cushing's") or a word in no list ("Oluwaseun", a brand
  missing from the safe words) is a name only in a name's context: after a relation or a
  verb of speaking ("husband", "spoke to", "per"), before a verb of a person ("reports",
  "denies") or a relation ("Kline's mother"), next to another name ("Will Kline"), or as a
  first-name-surname pair ("Hope Price").

Two word lists were mined once from medical text (MedQuAD's NIH pages and PubMedQA's
abstracts) by ``scripts/phi_eponyms.py`` and ship with medeval: ``phi_eponyms.txt``, the bare
eponyms (capitalised words seen before a clinical head noun, possessive or frequent, that are not
common as both first name and surname), and ``phi_common_words.txt``, words of Philter's name
lists that medical text writes in lower case ("gene", "natal", "milia"), added to the safe words.
A word run into a digit or after a slash ("SpO2", "Ca/Bis") is a code, never a name.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

#: Nouns that make the capitalised word before them an eponym (also after one adjective:
#: "Fisher's exact test").
HEAD_NOUNS = frozenset(
    """
    disease diseases syndrome syndromes palsy sign signs score scores scale scales criteria
    classification staging grade lymphoma sarcoma tumor tumour carcinoma procedure operation
    maneuver manoeuvre catheter monitor node nodes phenomenon esophagus oesophagus thyroiditis
    encephalopathy contracture diverticulum fracture murmur spots lesions lesion respiration
    breathing sounds chart rules rule inventory index position fundoplication angina gangrene
    tear cells cell rods bodies tendon tube area patches fibers fibres arteritis anomaly
    thickness questionnaire point reflex triad dystrophy ataxia chorea neuralgia neuroma anemia
    anaemia cyst hernia ulcer virus sclerosis myopathy granulomatosis arthritis duct canal
    ligament membrane gland glands artery ring space pouch capsule loop plexus ganglion test
    tests method equation formula stain solution incision shunt repair technique foot type
    effect law curve ratio system agar medium analysis estimate estimator correlation
    coefficient regression model hypothesis distribution hospital university clinic institute
    center centre foundation association society college school trial study protocol
    questionnaire assessment examination exam maneuvers disorder deficiency malformation
    dysplasia nephropathy neuropathy retinopathy cardiomyopathy vasculitis fever infection
    mole nevus naevus tremor dementia encephalitis meningitis aneurysm pneumonia mask splint
    traction device pump valve stent graft filter line lines needle protein stage stages
    survey registry program programme bank federation ministry department layer
    pupil aphasia apraxia agnosia jelly pentad tetrad triangle corpuscle corpuscles crystal
    crystals class blade wire pin nail plate screw forceps retractor speculum clamp drain brace
    collar frame suture stitch knot flap block anastomosis sac pathway cycle reaction response
    phase variant deformity dislocation paralysis sequence complex approach view projection
    granule granules nodule nodules plaque plaques papule papules disc disk cartilage tubercle
    tuberosity notch foramen fossa sinus vein nerve muscle bursa fascia fold folds level spot
    stripe stripes body principle fluid mesh tract bundle column crypt crypts island islands
    islet islets organ organs valve node lobule lobe apparatus bag
    """.split()
)
#: Nouns before "of" + an eponym ("tetralogy of Fallot", "circle of Willis").
OF_NOUNS = frozenset(
    "tetralogy circle loop islets islet bundle ligament canal duct ampulla sphincter space "
    "pouch triangle node nodes organ organs column columns crypts glands gland disease sign "
    "law line".split()
)
#: Words right before a name: relations, verbs of speaking and the like.
LEFT_CUES = frozenset(
    """
    husband wife son daughter mother father brother sister partner spouse friend neighbor
    neighbour grandson granddaughter grandmother grandfather grandma grandpa niece nephew aunt
    uncle cousin caregiver carer guardian proxy boyfriend girlfriend fiance fiancé fiancee
    roommate colleague pharmacist therapist interpreter translator stepson stepdaughter
    stepmother stepfather mom mum dad child baby infant sibling twin chaplain case-manager
    sister-in-law brother-in-law mother-in-law father-in-law son-in-law daughter-in-law
    stepsister stepbrother half-sister half-brother godmother godfather godson goddaughter
    ex-wife ex-husband ex-partner fiancée housemate flatmate landlord landlady employer boss
    coworker co-worker supervisor manager tutor nanny babysitter sponsor mentor coach pastor
    priest rabbi imam minister reverend vicar teacher principal caseworker advocate attorney
    lawyer officer aide attendant driver doula midwife physio physiotherapist dietitian
    dietician counselor counsellor psychologist psychiatrist surgeon physician resident intern
    student colleague
    per called call phoned phone texted emailed told tell informed inform asked ask thanked
    thank thanks visited contacted contact paged page notified notify reassured counselled
    counseled advised updated greeted met saw see
    """.split()
)
#: Two-word cues ("spoke to", "according to", "accompanied by").
LEFT_PAIRS = frozenset(
    """
    spoke_to spoke_with speak_to speak_with spoken_to spoken_with talked_to talked_with
    discussed_with met_with seen_with reviewed_with according_to accompanied_by brought_by
    signed_by referred_by seen_by visited_by translated_by handed_to over_to left_for
    message_for thanks_to thank_you in_by consent_from consented_by care_of obtained_from
    lives_with living_with stays_with staying_with collateral_from message_from messages_from
    call_from calls_from letter_from letters_from referral_from note_from notes_from
    information_from history_from update_from email_from text_from voicemail_from visit_from
    visits_from dictated_for dictated_by written_by prepared_by prepared_for letter_to
    addressed_to copied_to cc_to forwarded_to
    """.split()
)
#: Words right after a name: what a person does.
RIGHT_CUES = frozenset(
    """
    reports reported states stated says said denies denied notes noted complains complained
    agrees agreed understands understood declines declined refuses refused asks asked wants
    wanted prefers preferred feels felt lives lived visited visits attended attends arrived
    arrives called calls missed misses tolerated tolerates presents presented returns
    returned underwent recalls remembers admits admitted endorses endorsed describes described
    mentions mentioned told thinks believes knows wishes requests requested consents consented
    will would was is has had works worked smokes drinks drives walks sleeps cried was_tearful
    expressed expresses signed brought came comes went goes found finds helps helped manages
    managed translates translated agrees accepted accepts plans planned continues continued
    stopped started took takes uses used lost gained became becomes appears appeared seems
    seemed looks looked sounded understands verbalized verbalizes voiced voices confirmed
    confirms underwent undergoes undergone remains remained could should can cannot did does
    needs needed hopes hoped worries worried likes liked prefers loves loved hates hated
    sees saw heard hears wrote writes emailed texted phoned called tells asked answered
    answers declined accompanied accompanies drove drives lives
    """.split()
)
#: After "X's": relations and belongings that make X a person.
POSSESSED = frozenset(
    """
    husband wife son daughter mother father brother sister partner spouse friend neighbor
    neighbour grandson granddaughter grandmother grandfather niece nephew aunt uncle cousin
    caregiver guardian boyfriend girlfriend mom mum dad children child baby family parents
    home house room phone email address car job employer doctor nurse appointment visit
    birthday school teacher wedding funeral
    """.split()
)
#: Name particles that join a name's words ("van der Berg", "De la Cruz", "bin Laden").
PARTICLES = frozenset(
    "van der den de del della la le da di dos das du von bin al el st. st".split()
)
#: Words that are names and something else a text names without meaning a person: months,
#: weekdays and US states (Safe Harbor keeps states). Names only in a name's context.
AMBIGUOUS_WORDS = frozenset(
    """
    january february march april may june july august september october november december
    monday tuesday wednesday thursday friday saturday sunday alabama alaska arizona arkansas
    california colorado connecticut delaware florida georgia hawaii idaho illinois indiana iowa
    kansas kentucky louisiana maine maryland massachusetts michigan minnesota mississippi
    missouri montana nebraska nevada hampshire jersey mexico york carolina dakota ohio oklahoma
    oregon pennsylvania rhode tennessee texas utah vermont virginia washington wisconsin wyoming
    """.split()
)
#: Words before a capitalised word that make it a place, a people or a thing, not a person.
_PLACE_WORDS = frozenset("the a an in across throughout from".split())
_DETERMINERS = frozenset("a an the this these those some any every each my your our their".split())
#: Words that close a "verb" cue only when the name is not also possessive-eponym shaped.
_WEAK_RIGHT = frozenset("will would was is has had".split())

_WORD = re.compile(
    r"(?:[A-Z]['’])?[^\W\d_](?:[^\W\d_]|['’-](?=[^\W\d_]))*(?:['’]s\b|(?<=s)['’](?!\w))?"
)
#: What only a person is followed by: "and I" / "and me", an age ("is a 67-year-old"), a
#: feeling ("is worried", "was tearful"), a wish ("would like to") or a history ("has a
#: history of").
_FEELINGS = (
    "worried anxious tearful teary upset concerned scared afraid frightened frustrated happy "
    "pleased relieved angry sad depressed distressed agitated confused calm cooperative grateful "
    "eager reluctant hesitant adamant unsure ambivalent keen willing unwilling tired exhausted "
    "overwhelmed embarrassed ashamed hopeful optimistic nervous irritable withdrawn"
).split()
_PERSON_AFTER = re.compile(
    r"\s+and\s+(?:I|me)\b"
    r"|(?:\s+(?:is|was)|,)\s+(?:a|an)\s+\d{1,3}[- ](?:years?|months?|weeks?|days?)[- ]old\b"
    r"|\s+(?:is|was|were|feels|felt|seems|seemed|became|remains|remained|looked|looks)\s+"
    r"(?:very\s+|quite\s+|more\s+|less\s+|still\s+)?(?:" + "|".join(_FEELINGS) + r")\b"
    r"|\s+(?:would|'d|’d)\s+(?:like|love|prefer|rather)\b"
    r"|\s+(?:wants|wanted|wishes|wished|hopes|hoped|plans|planned|intends|intended)\s+to\b"
    r"|\s+(?:has|had)\s+(?:a|no)\s+(?:(?:past|family|long|known)\s+)?history\s+of\b"
)
_POSSESSIVE = re.compile(r"(?:['’]s|(?<=s)['’])$")
_INITIAL = re.compile(r"[A-Z]\.(?=[ \t]+[A-Z])")


@dataclass(frozen=True)
class NameLists:
    """First names, surnames, safe words and bare eponyms, all lower-cased."""

    first: frozenset[str]
    last: frozenset[str]
    safe: frozenset[str]
    eponyms: frozenset[str]


@lru_cache(maxsize=1)
def philter_lists() -> NameLists:
    """Philter's word sets from the installed philter-lite package, plus medeval's eponyms."""
    import tomllib

    import philter_lite

    sets = tomllib.loads(
        (resources.files(philter_lite) / "filters" / "set.toml").read_text(encoding="utf-8")
    )
    return NameLists(
        first=frozenset(sets["firstnames"]),
        last=frozenset(sets["lastnames"]),
        safe=frozenset(sets["nonames"]) | _word_list("phi_common_words.txt"),
        eponyms=bare_eponyms(),
    )


@lru_cache(maxsize=1)
def bare_eponyms() -> frozenset[str]:
    """The mined eponyms that stand alone as clinical terms ("Crohn's", "Hodgkin")."""
    return _word_list("phi_eponyms.txt")


def _word_list(name: str) -> frozenset[str]:
    text = (resources.files("medeval.trainers") / name).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower() for line in text.splitlines() if line.strip() and line[0] != "#"
    )


@dataclass
class _Token:
    start: int
    end: int
    text: str
    base: str  # lower-cased, possessive and apostrophes removed
    possessive: bool
    capital: bool
    kind: str = "other"  # strong | weak | eponym | safe | other
    name: bool = False


class NameFinder:
    """Finds bare personal names with `lists` (Philter's by default)."""

    def __init__(self, lists: NameLists | None = None) -> None:
        self.lists = lists or philter_lists()

    def find(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each name, adjacent name words joined into one span."""
        tokens = [
            self._token(m)
            for m in _WORD.finditer(text)
            if not _INITIAL.match(text, m.start())  # a middle initial joins, never stands
        ]
        for tok in tokens:
            # a word run into a number or a path ("SpO2", "PaO2", "Ca/Bis") is a code, not a name
            glued = text[tok.end : tok.end + 1].isdigit() or (
                tok.start > 0 and text[tok.start - 1] in "/_@"
            )
            tok.kind = self._kind(tok) if tok.capital and not glued else "lower"
        self._mark_eponym_phrases(text, tokens)
        for i, tok in enumerate(tokens):
            if tok.kind == "strong" and i and tokens[i - 1].base in _PLACE_WORDS:
                tok.kind = "weak"  # "the Sami", "in Norway": a people or a place
            if tok.kind == "strong" and _imperative(text, tokens, i):
                tok.kind = "weak"  # "Draft an announcement", "Forge a prescription"
            if tok.kind == "strong":
                tok.name = True
            elif tok.kind in ("weak", "other") and self._context(text, tokens, i):
                tok.name = True
        self._pairs(text, tokens)
        self._spread(text, tokens)
        self._surname_first(text, tokens)
        self._particles(text, tokens)
        return self._spans(text, tokens)

    # -- words ---------------------------------------------------------------------------------

    @staticmethod
    def _token(match: re.Match[str]) -> _Token:
        word = match.group()
        possessive = bool(_POSSESSIVE.search(word)) and len(word) > 2
        stem = _POSSESSIVE.sub("", word) if possessive else word
        base = stem.lower().replace("'", "").replace("’", "")
        capital = word[0].isupper() and not (len(stem) > 1 and stem.isupper())
        return _Token(match.start(), match.end(), word, base, possessive, capital)

    def _kind(self, tok: _Token) -> str:
        """strong: a name only; weak: a name and a safe word or bare eponym; eponym: a bare
        eponym only; safe: safe words only; other: in no list."""
        lists = self.lists
        parts = [p for p in fold(tok.base).split("-") if p]
        if not parts or len(tok.base) < 2:
            return "other" if tok.base and tok.base != "i" else "safe"
        is_name = any(p in lists.first or p in lists.last for p in parts)
        if any(p in lists.eponyms for p in parts):
            return "weak" if is_name else "eponym"
        if is_name:
            ambiguous = any(p in lists.safe or p in AMBIGUOUS_WORDS for p in parts)
            return "weak" if ambiguous else "strong"
        return "safe" if all(p in lists.safe for p in parts) else "other"

    # -- eponyms -------------------------------------------------------------------------------

    def _mark_eponym_phrases(self, text: str, tokens: list[_Token]) -> None:
        """A capitalised run before a head noun (or ending in one: "Rankin Scale", "Johns
        Hopkins Hospital"), or after "<noun> of", is an eponym phrase."""
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            if not tok.capital:
                i += 1
                continue
            j = i + 1
            while (
                j < len(tokens)
                and tokens[j].capital
                and _adjacent(text, tokens[j - 1], tokens[j])
                and not tokens[j - 1].possessive
            ):
                j += 1
            # tokens[i:j] is the capitalised run starting at i
            heads = [k for k in range(i + 1, j) if _head_noun(tokens[k].base)]
            if j - i == 2 and heads and self._first_surname(tokens[i], tokens[i + 1]):
                heads = []  # "Consuelo Law", "Holly Law": a first name and a surname
            stop = heads[-1] if heads else j
            if heads or (_joined(text, tokens[j - 1], tokens, j) and self._head(tokens, j)):
                for t in tokens[i:stop]:
                    if t.kind != "safe":
                        t.kind = "eponym-phrase"
            if (
                i >= 2
                and tokens[i - 1].base == "of"
                and tokens[i - 2].base in OF_NOUNS
                and _adjacent(text, tokens[i - 1], tok)
            ):
                tok.kind = "eponym-phrase"
            i = j

    def _first_surname(self, first: _Token, last: _Token) -> bool:
        lists = self.lists
        return (
            not first.possessive
            and fold(first.base) in lists.first
            and fold(last.base) in lists.last
            and fold(first.base) not in lists.eponyms
        )

    def _head(self, tokens: list[_Token], k: int) -> bool:
        """A head noun at tokens[k] (or at k + 1 after one lower-case word)."""
        if k < len(tokens) and _head_noun(tokens[k].base):
            return True
        return (
            k + 1 < len(tokens)
            and not tokens[k].capital
            and tokens[k].base not in ("and", "or", "with", "was", "is", "has", "had", "the")
            and tokens[k].base not in RIGHT_CUES
            and _head_noun(tokens[k + 1].base)
        )

    # -- context -------------------------------------------------------------------------------

    def _context(self, text: str, tokens: list[_Token], i: int) -> bool:
        tok = tokens[i]
        p = i - 1  # the word before, past a particle ("with de Souza")
        if p >= 0 and tokens[p].base in PARTICLES and not tokens[p].capital:
            p -= 1
        prev = tokens[p] if p >= 0 else None
        gap = text[prev.end : tokens[p + 1].start] if prev is not None else ""
        if prev is not None and re.fullmatch(r"\s*[,:(]?\s*", gap):
            if prev.base in LEFT_CUES or prev.text.lower() in LEFT_CUES:
                return True
            if p >= 1 and f"{tokens[p - 1].base}_{prev.base}" in LEFT_PAIRS:
                return True
            if prev.base in ("and", "or") and p >= 1 and tokens[p - 1].name:
                return True
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        after = text[tok.end : tok.end + 12]
        if tok.possessive:
            return nxt is not None and nxt.base in POSSESSED and _adjacent(text, tok, nxt)
        if re.match(r",\s*\d{1,3}\s*[,(]", after):
            return True  # "Kline, 54, presents"
        if _PERSON_AFTER.match(text, tok.end):
            return True  # "Kline and I", "Kline is a 67-year-old", "Kline, a 45-year-old"
        aside = re.match(r"\s*\(([a-z -]{2,40})\)", text[tok.end : tok.end + 44])
        if aside and any(w in POSSESSED or w in LEFT_CUES for w in aside.group(1).split()):
            return True  # "Kline (daughter)", "Kline (health care proxy)"
        if nxt is not None and _adjacent(text, tok, nxt) and not nxt.capital:
            if nxt.base not in RIGHT_CUES:
                return False
            if nxt.base in _WEAK_RIGHT:  # "Will was", "Little is": only a name mid-sentence
                return tok.kind == "weak" and not _sentence_start(text, tok)
            return _sentence_start(text, tok) or _not_after_article(tokens, i)
        return False

    def _pairs(self, text: str, tokens: list[_Token]) -> None:
        """A first name then a surname or a word in no list (an initial between) is a full
        name when either word is a name only, or either is already a name by its context."""
        lists = self.lists
        for i, tok in enumerate(tokens[:-1]):
            nxt = tokens[i + 1]
            if (
                tok.kind not in ("strong", "weak")
                or tok.possessive
                or fold(tok.base) not in lists.first
                or nxt.kind not in ("strong", "weak", "other")
                or not nxt.capital
                or not _adjacent(text, tok, nxt)
            ):
                continue
            if nxt.kind == "other" and len(nxt.base) < 3:
                continue
            if "strong" in (tok.kind, nxt.kind) or tok.name or nxt.name or nxt.kind == "other":
                tok.name = nxt.name = True

    def _spread(self, text: str, tokens: list[_Token]) -> None:
        """Capitalised words and particles joined to a name are part of it."""
        changed = True
        while changed:
            changed = False
            for i, tok in enumerate(tokens):
                if tok.name:
                    continue
                joinable = (
                    tok.kind in ("weak", "other", "strong")
                    or (not tok.capital and tok.base in PARTICLES)
                    or self._surname_word(text, tokens, i)
                )
                if not joinable:
                    continue
                left = i > 0 and tokens[i - 1].name and _adjacent(text, tokens[i - 1], tok)
                right = (
                    i + 1 < len(tokens)
                    and tokens[i + 1].name
                    and _adjacent(text, tok, tokens[i + 1])
                    and not tok.possessive
                )
                if tok.base in PARTICLES and not tok.capital:
                    nxt_name = (
                        i + 1 < len(tokens)
                        and tokens[i + 1].capital
                        and tokens[i + 1].kind != "eponym-phrase"
                        and _adjacent(text, tok, tokens[i + 1])
                    )
                    if left and nxt_name:
                        tok.name = tokens[i + 1].name = changed = True
                    continue
                if (left and not tokens[i - 1].possessive) or right or self._conjunct(tokens, i):
                    tok.name = changed = True

    def _surname_word(self, text: str, tokens: list[_Token], i: int) -> bool:
        """A capitalised common word right after a named first name, mid-sentence and not before
        a head noun, is a surname ("Hoang French", "Anthony Street")."""
        tok = tokens[i]
        if tok.kind != "safe" or not tok.capital or i == 0 or _sentence_start(text, tok):
            return False
        prev = tokens[i - 1]
        return (
            prev.name
            and not prev.possessive
            and fold(prev.base) in self.lists.first
            and _adjacent(text, prev, tok)
            and tok.base not in AMBIGUOUS_WORDS
            and not _head_noun(tok.base)
            and not self._head(tokens, i + 1)
        )

    @staticmethod
    def _conjunct(tokens: list[_Token], i: int) -> bool:
        """ "Bao and Hyun-woo": a word in no list, or a name that is also a word, joined by
        "and" to a name is one too."""
        tok = tokens[i]
        return (
            tok.kind in ("weak", "other")
            and not tok.possessive
            and i + 2 < len(tokens)
            and tokens[i + 1].base in ("and", "or")
            and tokens[i + 2].name
            and tokens[i + 2].start - tok.end < 8
        )

    @staticmethod
    def _particles(text: str, tokens: list[_Token]) -> None:
        """Particles right before a name belong to it ("de Souza", "van der Berg", "De la
        Cruz", "St. John")."""
        for i in range(len(tokens) - 1, 0, -1):
            tok, prev = tokens[i], tokens[i - 1]
            gap = text[prev.end : tok.start]
            if (
                tok.name
                and not prev.name
                and prev.base in PARTICLES
                and (re.fullmatch(r"[ \t]+", gap) or (prev.base == "st" and gap.startswith(".")))
            ):
                prev.name = True

    def _surname_first(self, text: str, tokens: list[_Token]) -> None:
        """ "Kline, Robert - follow-up": a surname, a comma and a first name opening a line or
        sentence are one name when either word is a name already."""
        for i, tok in enumerate(tokens[:-1]):
            nxt = tokens[i + 1]
            if not (tok.capital and nxt.capital) or text[tok.end : nxt.start] != ", ":
                continue
            if not _sentence_start(text, tok) or not (tok.name or nxt.name):
                continue
            if tok.kind in ("strong", "weak", "other") and nxt.kind in ("strong", "weak", "other"):
                if fold(nxt.base) in self.lists.first:
                    tok.name = nxt.name = True

    @staticmethod
    def _spans(text: str, tokens: list[_Token]) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for tok in tokens:
            if not tok.name:
                continue
            end = tok.end - (2 if tok.text.endswith(("'s", "’s")) else 0)
            end -= 1 if tok.possessive and tok.text.endswith(("'", "’")) else 0
            gap = text[spans[-1][1] : tok.start] if spans else ""
            if (
                spans
                and re.fullmatch(r"\.?\s+(?:[A-Z]\.\s+)?", gap)
                and (gap[0] != "." or text[spans[-1][1] - 2 : spans[-1][1]].lower() == "st")
            ):
                spans[-1] = (spans[-1][0], end)
            else:
                spans.append((tok.start, end))
        return spans


def fold(word: str) -> str:
    """Lower case without accents ("núñez" -> "nunez"), as Philter's lists are written."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _adjacent(text: str, a: _Token, b: _Token) -> bool:
    return bool(re.fullmatch(r"[ \t]+(?:[A-Z]\.[ \t]+)?", text[a.end : b.start]))


def _joined(text: str, last: _Token, tokens: list[_Token], k: int) -> bool:
    gap = text[last.end : tokens[k].start] if k < len(tokens) else ""
    return bool(re.fullmatch(r"['’]?[ \t]+", gap))


def _head_noun(base: str) -> bool:
    return base in HEAD_NOUNS or (base.endswith("s") and base[:-1] in HEAD_NOUNS)


def _sentence_start(text: str, tok: _Token) -> bool:
    return not text[: tok.start].strip() or bool(re.search(r"[.!?:;\n]\s*$", text[: tok.start]))


def _imperative(text: str, tokens: list[_Token], i: int) -> bool:
    """A sentence's first word followed by an article is a verb, not a name."""
    return (
        i + 1 < len(tokens)
        and tokens[i + 1].base in _DETERMINERS
        and _adjacent(text, tokens[i], tokens[i + 1])
        and _sentence_start(text, tokens[i])
    )


def _not_after_article(tokens: list[_Token], i: int) -> bool:
    return i == 0 or tokens[i - 1].base not in ("the", "a", "an", "this", "that", "of", "with")
