"""Pipeline components registered with spaCy (named in ``kg/nlp/config/*.cfg``).

spaCy forbids "." in factory names, so the versioned names read ``kg_<name>_v1``.

``kg_normalizer_v1`` gives every token its matching key in ``norm_`` (the Arabic tokenizer
already does, so docs it made are skipped); ``kg_sentences_v1`` marks sentence starts with
cheap punctuation rules, because evidence and event rules work sentence by sentence and no
trained parser is available offline.
"""

from __future__ import annotations

import numpy
from spacy.attrs import NORM, ORTH, SENT_START, SPACY
from spacy.language import Language
from spacy.tokens import Doc

from kg.nlp.normalize import norm_token

_FINAL = frozenset({".", "!", "?", "؟", "…", "۔"})
_CLOSERS = frozenset({'"', "'", "”", "’", "»", ")", "]"})
#: Words that end with a full stop without ending the sentence.
_ABBREVIATIONS = frozenset(
    {
        "mr",
        "mrs",
        "ms",
        "dr",
        "prof",
        "gen",
        "col",
        "lt",
        "sgt",
        "capt",
        "sen",
        "rep",
        "gov",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "u.s",
        "u.n",
        "u.k",
        "e.g",
        "i.e",
        "inc",
        "ltd",
        "co",
        "corp",
    }
)


class Normalizer:
    """Sets ``token.norm_`` to :func:`kg.nlp.normalize.norm_token` of the token text.

    Works on arrays (token texts in, norm hashes out) with a cache of keys: creating a
    Token object per word would cost more than the normalisation itself.
    """

    def __init__(self) -> None:
        self._cache: dict[str, str] = {}

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data.get("kg.normed") or len(doc) == 0:
            return doc
        strings = doc.vocab.strings
        cache = self._cache
        hashes = []
        for h in doc.to_array(ORTH).tolist():  # Python ints: faster lookups than numpy scalars
            text = strings[h]
            key = cache.get(text)
            if key is None:
                key = norm_token(text)
                if len(cache) < 200_000:
                    cache[text] = key
            hashes.append(strings.add(key))
        doc.from_array([NORM], numpy.array(hashes, dtype="uint64").reshape(len(doc), 1))
        doc.user_data["kg.normed"] = True
        return doc


@Language.factory("kg_normalizer_v1")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()


class SentenceSplitter:
    """Sentence starts after final punctuation (and closing quotes) and at line breaks.

    Docs parsed by UDPipe (or a statistical parser) already carry sentence starts; they
    are kept.
    """

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if n == 0 or doc.has_annotation("SENT_START"):
            return doc
        strings = doc.vocab.strings
        texts = [strings[h] for h in doc.to_array(ORTH).tolist()]
        glued = [not w for w in doc.to_array(SPACY).tolist()]
        starts = [False] * n
        starts[0] = True
        i = 0
        while i < n:
            text = texts[i]
            boundary_after = None
            if text in _FINAL and not _is_abbreviation(texts, glued, i):
                j = i + 1
                while j < n and texts[j] in _CLOSERS:
                    j += 1
                boundary_after = j
            elif "\n" in text and text.isspace():
                boundary_after = i + 1
            if boundary_after is not None:
                j = boundary_after
                while j < n and texts[j].isspace():
                    j += 1
                if j < n:
                    starts[j] = True
                i = max(i + 1, boundary_after)
            else:
                i += 1
        # one array write instead of a per-token setter (which re-checks the parse)
        values = numpy.fromiter((1 if f else -1 for f in starts), dtype="int64", count=n)
        doc.from_array([SENT_START], values.astype("uint64").reshape(n, 1))
        return doc


def _is_abbreviation(texts: list[str], glued: list[bool], i: int) -> bool:
    if texts[i] != "." or i == 0:
        return False
    prev = texts[i - 1]
    if not glued[i - 1]:
        return False
    if prev.lower() in _ABBREVIATIONS:
        return True
    # a single capital letter ("J. Smith") is an initial
    return len(prev) == 1 and prev.isupper()


@Language.factory("kg_sentences_v1")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
