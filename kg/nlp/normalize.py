"""Normalisation of surface forms for matching (never for display).

Arabic news spells the same name many ways: with or without diacritics and tatweel, with
أ/إ/آ/ا for alef, ى or ي at the end, ة or ه. Matching compares normalised keys while the
graph keeps the text as written, so every function here maps a string to a *key* and
the caller keeps the original and its offsets.
"""

from __future__ import annotations

import re
import unicodedata

# Harakat, Quranic marks, superscript alef and tatweel: none of them change the word.
_AR_MARKS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640]")
_ALEF_VARIANTS = re.compile("[\u0622\u0623\u0625\u0671]")
_NON_WORD = re.compile(r"[^\w\s]")
_SPACES = re.compile(r"\s+")
ARABIC_LETTER = re.compile("[\u0600-\u06ff]")

#: Letters folded together when comparing Arabic words.
AR_FOLD = str.maketrans(
    {
        "\u0649": "\u064a",  # alef maqsura -> yaa
        "\u0629": "\u0647",  # taa marbuta -> haa
        "\u0624": "\u0648",  # waw with hamza -> waw
        "\u0626": "\u064a",  # yaa with hamza -> yaa
        "\u06cc": "\u064a",  # Farsi yeh -> yaa
        "\u06a9": "\u0643",  # keheh -> kaf
    }
)


def normalize_arabic(text: str) -> str:
    """Fold the Arabic spelling variants that do not change the word.

    The result has the same number of characters as the input minus the removed marks,
    so it is a *matching key*, not a replacement for the text.
    """
    text = _AR_MARKS.sub("", text)
    text = _ALEF_VARIANTS.sub("\u0627", text)
    return text.translate(AR_FOLD)


def norm_token(token: str) -> str:
    """Key for one token: NFKC, case-folded, Arabic variants folded."""
    token = unicodedata.normalize("NFKC", token).casefold()
    if ARABIC_LETTER.search(token):
        token = normalize_arabic(token)
    return token


def norm_key(text: str) -> str:
    """Key for a whole name: token keys joined by single spaces, punctuation dropped.

    Hyphens and apostrophes count as separators, so "al-Rashidi" and "al Rashidi" meet.
    """
    text = unicodedata.normalize("NFKC", text).casefold()
    text = normalize_arabic(text)
    text = _NON_WORD.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def has_arabic(text: str) -> bool:
    """True when the text contains Arabic letters."""
    return bool(ARABIC_LETTER.search(text))
