"""Arabic word analysis for matching: proclitic segmentation, the article, nisba adjectives.

Arabic writes the conjunctions و ف, the prepositions ب ل ك and the article ال attached to the
next word (وبحسب، لإيران، والإيرانيين، للولايات). A gazetteer lookup of "لإيران" finds nothing,
so the tokenizer splits proclitics off -- but only when what remains is a word we know,
because many words merely start with those letters (وزير، بين، بنغازي). "Known" means: a
gazetteer surface form, a lexicon word, or a word of the general Arabic list (wordfreq) that
is at least about as frequent as the whole word.

The article ال is not split into its own token (names such as القاهرة or البيت الأبيض are
written with it and matched with it); it is analysed instead (:func:`strip_article`), and the
contraction ل + ال -> لل is undone in the token's norm (للولايات -> ل + لولايات, norm الولايات).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.nlp.lexicon import all_lexicon_words, word_frequencies, word_set, zipf
from kg.nlp.normalize import norm_token, normalize_arabic

#: Conjunctions that can stand first, and prepositions that can follow them.
CONJUNCTIONS = frozenset("وف")
PREPOSITIONS = frozenset("بلك")
_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")

#: Nisba endings after the base ـي, longest first (keys are normalised: ة -> ه).
_NISBA_ENDINGS = ("يتين", "يتان", "يين", "يون", "يان", "يه", "ي")


def strip_marks(word: str) -> str:
    """Remove diacritics and tatweel only (the form wordfreq stores words in)."""
    return _MARKS.sub("", word)


def strip_article(key: str) -> str:
    """A normalised key without its leading article ال (when what is left is a word)."""
    if key.startswith("ال") and len(key) > 3:
        return key[2:]
    return key


def nisba_bases(key: str) -> list[str]:
    """Masculine singular forms a (normalised) word could be an inflection of.

    الامريكيه -> امريكي, القطريين -> قطري, الروسي -> روسي. Several candidates are returned
    because the ending is ambiguous (يه could be a root letter); callers look them up.
    """
    out: list[str] = []
    # a word can start with ال without an article: الماني is the key of ألماني
    stems = (strip_article(key), key) if key.startswith("ال") else (key,)
    for stem in stems:
        for ending in _NISBA_ENDINGS:
            if stem.endswith(ending) and len(stem) - len(ending) >= 2:
                out.append(stem[: len(stem) - len(ending)] + "ي")
    return out


class Segmenter:
    """Splits proclitics off Arabic words when the remainder is a known word.

    Decisions are cached per word; :meth:`add_known` (called with gazetteer forms) clears
    the cache.
    """

    #: The remainder must be at least this frequent (Zipf) to count as a word on its own.
    MIN_ZIPF = 2.5
    #: ...and at most this much rarer than the whole word.
    MARGIN = 0.0

    def __init__(self, known: Iterable[str] = (), freqs: dict[str, float] | None = None):
        self.freqs = word_frequencies("ar") if freqs is None else freqs
        self.known: set[str] = set(all_lexicon_words("ar"))
        self.known.update(known)
        self.no_split: frozenset[str] = word_set("ar", "function_words", "no_split")
        self.demonyms: set[str] = set()
        self._cache: dict[str, list[tuple[int, int, str]]] = {}

    def add_known(self, words: Iterable[str], demonyms: Iterable[str] = ()) -> None:
        """Add words (normalised keys) that count as known, e.g. gazetteer tokens."""
        self.known.update(words)
        self.demonyms.update(demonyms)
        self._cache.clear()

    def _is_known(self, key: str) -> bool:
        if key in self.known:
            return True
        if self.demonyms:
            for base in nisba_bases(key):
                if base in self.demonyms:
                    return True
        return False

    def _should_split(self, whole_key: str, whole_raw: str, rest_key: str, rest_raw: str) -> bool:
        if len(rest_key) < 2:
            return False
        if self._is_known(rest_key) or (rest_key.startswith("ال") and self._is_known(rest_key[2:])):
            return True
        z_rest = zipf(self.freqs, rest_raw)
        return z_rest >= self.MIN_ZIPF and z_rest >= zipf(self.freqs, whole_raw) - self.MARGIN

    def split(self, word: str) -> list[tuple[int, int, str]]:
        """Pieces of ``word`` as ``(start, end, norm)``; one piece when nothing is split.

        Offsets index ``word`` itself (diacritics kept), so joining the pieces gives the word.
        """
        hit = self._cache.get(word)
        if hit is not None:
            return hit
        pieces = self._split(word)
        if len(self._cache) < 200_000:
            self._cache[word] = pieces
        return pieces

    def _split(self, word: str) -> list[tuple[int, int, str]]:
        key = norm_token(word)
        whole = [(0, len(word), key)]
        if len(key) < 3 or key in self.no_split or key in self.known:
            return whole
        pieces: list[tuple[int, int, str]] = []
        start = 0
        allowed = CONJUNCTIONS | PREPOSITIONS
        for _step in range(2):
            rest = word[start:]
            rest_key = norm_token(rest)
            if len(rest_key) < 3 or rest_key[0] not in allowed:
                break
            if rest_key in self.no_split or (pieces and rest_key in self.known):
                break
            cut = start + _after_first_letter(rest)
            tail = word[cut:]
            tail_key = norm_token(tail)
            tail_raw = strip_marks(tail)
            contracted = rest_key[0] == "ل" and tail_key.startswith("ل") and len(tail_key) > 2
            if contracted:
                # ل + ال is written لل: look the word up with its article restored.
                art_key = "ا" + tail_key
                if self._should_split(rest_key, strip_marks(rest), art_key, "ا" + tail_raw):
                    pieces.append((start, cut, rest_key[0]))
                    pieces.append((cut, len(word), art_key))
                    return pieces
            if rest_key[0] == "ك" and not (
                self._is_known(tail_key) or (tail_key.startswith("ال") and len(tail_key) > 3)
            ):
                break  # the simile ك is rare: كمال، كريم are words, not ك + word
            if not self._should_split(rest_key, strip_marks(rest), tail_key, tail_raw):
                break
            pieces.append((start, cut, rest_key[0]))
            start = cut
            if rest_key[0] in PREPOSITIONS:
                break
            allowed = PREPOSITIONS
        if not pieces:
            return whole
        pieces.append((start, len(word), norm_token(word[start:])))
        return pieces


def _after_first_letter(word: str) -> int:
    """Index just after the first letter of ``word`` and the marks that sit on it."""
    i = 1
    while i < len(word) and _MARKS.match(word[i]):
        i += 1
    return i


def normalise_for_match(text: str) -> str:
    """Shorthand kept for callers that want the plain Arabic fold of a string."""
    return normalize_arabic(text)
