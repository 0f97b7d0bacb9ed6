"""Matching keys that absorb the spelling variants of names in news.

:func:`kg.nlp.normalize.norm_key` folds what never changes a word (case, diacritics of
Arabic, alef/hamza seats, taa marbuta).  News adds variation that *may* change a name:
transliteration ("Whitkoff"/"Witkoff", ويتكوفف/ويتكوف), article prefixes (al-/el-/Al,
ال), Latin accents (Erdoğan/Erdogan), vowel spelling (Mohamed/Muhammad, زيلينسكي/زيلنسكي).
Each function here maps a name to a looser key; the linker trusts a looser key less, so a
match on it needs help from the context to win.
"""

from __future__ import annotations

import re
import unicodedata

from kg.nlp.normalize import has_arabic, norm_key

#: Latin article words dropped from a name ("al-Sisi", "el Sisi", "Al Thani", "the UN").
_LATIN_PREFIX_TOKENS = frozenset({"al", "el", "ul", "the"})
_DOUBLED = re.compile(r"(\w)\1+")
_LATIN_VOWELS = re.compile(r"(?<=\w)[aeiouy]+")
_AR_LONG_VOWELS = re.compile("(?<=[\u0600-\u06ff])[\u0627\u0648\u064a]+")
_AR_HAMZA = re.compile("[\u0621]")
_AR_ARTICLE = "\u0627\u0644"  # ال after norm_key (alef variants folded)


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _latin_tokens(key: str) -> list[str]:
    out = []
    for tok in key.split():
        if tok in _LATIN_PREFIX_TOKENS:
            continue
        out.append(tok)
    return out


def _arabic_tokens(key: str) -> list[str]:
    out = []
    for tok in key.split():
        if tok.startswith(_AR_ARTICLE) and len(tok) > 4:
            tok = tok[2:]
        tok = _AR_HAMZA.sub("", tok)
        if tok:
            out.append(tok)
    return out


def variant_key(text: str) -> str:
    """A looser key: accents and article prefixes dropped, doubled letters collapsed,
    ``wh``/``ph`` spelled ``w``/``f``.  "al-Whitkoff" and "Witkoff" meet, and so do
    ويتكوفف and ويتكوف, الشيباني and شيباني."""
    key = norm_key(text)
    if not key:
        return ""
    if has_arabic(key):
        tokens = _arabic_tokens(key)
    else:
        key = _strip_accents(key).replace("wh", "w").replace("ph", "f")
        key = re.sub(r"iy\b", "y", key)
        tokens = _latin_tokens(key)
    tokens = [_DOUBLED.sub(r"\1", t) for t in tokens]
    return " ".join(t for t in tokens if t)


def skeleton_key(text: str) -> str:
    """The loosest key: :func:`variant_key` without inner vowels (Mohamed/Muhammad,
    Zayed/Zayid, زيلينسكي/زيلنسكي).  Only used for names long enough that a collision
    is unlikely; see :data:`MIN_SKELETON`."""
    key = variant_key(text)
    if not key:
        return ""
    if has_arabic(key):
        key = _AR_LONG_VOWELS.sub("", key)
    else:
        key = _LATIN_VOWELS.sub("", key).replace("u", "")
    key = _DOUBLED.sub(r"\1", key)
    return key if len(key.replace(" ", "")) >= MIN_SKELETON else ""


#: Shortest skeleton (letters, spaces excluded) that is indexed at all.
MIN_SKELETON = 5


def last_token(text: str) -> str:
    """Variant key of the last word of a name ("Abbas Araghchi" -> "araghchi")."""
    tokens = variant_key(text).split()
    return tokens[-1] if tokens else ""
