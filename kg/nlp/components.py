"""Pipeline components registered with spaCy (named in ``kg/nlp/config/*.cfg``).

spaCy forbids "." in factory names, so the versioned names read ``kg_<name>_v1``.

``kg_normalizer_v1`` gives every token its matching key in ``norm_`` (the Arabic tokenizer
already does, so docs it made are skipped); ``kg_sentences_v1`` marks sentence starts with
cheap punctuation rules, because evidence and event rules work sentence by sentence and no
trained parser is available offline.
"""

from __future__ import annotations

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
    """Sets ``token.norm_`` to :func:`kg.nlp.normalize.norm_token` of the token text."""

    def __call__(self, doc: Doc) -> Doc:
        if doc.user_data.get("kg.normed"):
            return doc
        for token in doc:
            token.norm_ = norm_token(token.text)
        doc.user_data["kg.normed"] = True
        return doc


@Language.factory("kg_normalizer_v1")
def make_normalizer(nlp: Language, name: str) -> Normalizer:
    return Normalizer()


class SentenceSplitter:
    """Sentence starts after final punctuation (and closing quotes) and at line breaks.

    Docs parsed by UDPipe already carry sentence starts; they are kept.
    """

    def __call__(self, doc: Doc) -> Doc:
        if len(doc) == 0 or doc.has_annotation("SENT_START"):
            return doc
        starts = [False] * len(doc)
        starts[0] = True
        n = len(doc)
        i = 0
        while i < n:
            tok = doc[i]
            text = tok.text
            boundary_after = None
            if text in _FINAL and not _is_abbreviation(doc, i):
                j = i + 1
                while j < n and doc[j].text in _CLOSERS:
                    j += 1
                boundary_after = j
            elif tok.is_space and "\n" in text:
                boundary_after = i + 1
            if boundary_after is not None:
                j = boundary_after
                while j < n and doc[j].is_space:
                    j += 1
                if j < n:
                    starts[j] = True
                i = max(i + 1, boundary_after)
            else:
                i += 1
        for token, flag in zip(doc, starts, strict=False):
            token.is_sent_start = flag
        return doc


def _is_abbreviation(doc: Doc, i: int) -> bool:
    if doc[i].text != "." or i == 0:
        return False
    prev = doc[i - 1]
    if prev.whitespace_:
        return False
    low = prev.text.lower()
    if low in _ABBREVIATIONS:
        return True
    # a single capital letter ("J. Smith") is an initial
    return len(prev.text) == 1 and prev.text.isupper()


@Language.factory("kg_sentences_v1")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter()
