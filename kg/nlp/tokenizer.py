"""A tokenizer for Arabic news that keeps the text byte-for-byte and splits proclitics.

spaCy's rule tokenizer knows nothing of Arabic clitics, and rebuilding text from analyser
output shifts offsets (see STYLE.md). Here every token is a slice of the input: words are
found with one regular expression, proclitics are cut off with :class:`Segmenter`, and the
pieces of a word are separate tokens with ``whitespace=""`` so ``doc.text == text`` always.
``token.norm_`` holds the matching key (diacritics and letter variants folded, the article
restored after ل); ``token.text`` stays as written.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import NORM
from spacy.tokens import Doc
from spacy.util import registry
from spacy.vocab import Vocab

from kg.nlp.arabic import Segmenter
from kg.nlp.normalize import norm_token

_AR_LETTERS = "\u0621-\u063a\u0641-\u064a\u0671-\u06d3\u06d5\u06fa-\u06fc"
_AR_MARKS = "\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed\u0640"
_TOKEN = re.compile(
    rf"[{_AR_LETTERS}][{_AR_LETTERS}{_AR_MARKS}]*"  # an Arabic word
    r"|[^\W\d_]+(?:['’][^\W\d_]+)?"  # a Latin (or other script) word
    r"|\d+(?:[.,:/]\d+)*"  # a number, time or date
    r"|\S"  # any other single character
)
_IS_ARABIC = re.compile(rf"[{_AR_LETTERS}]")


class ArabicTokenizer:
    """Callable ``text -> Doc`` used as ``nlp.tokenizer`` for Arabic."""

    def __init__(self, vocab: Vocab, segmenter: Segmenter | None = None):
        self.vocab = vocab
        self.segmenter = segmenter if segmenter is not None else Segmenter()

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        norms: list[str] = []
        pos = 0
        split = self.segmenter.split
        for m in _TOKEN.finditer(text):
            start = m.start()
            if start > pos:
                _add_gap(text[pos:start], words, spaces, norms)
            word = m.group()
            if _IS_ARABIC.match(word):
                for a, b, key in split(word):
                    words.append(word[a:b])
                    spaces.append(False)
                    norms.append(key)
            else:
                words.append(word)
                spaces.append(False)
                norms.append(norm_token(word))
            pos = m.end()
        if pos < len(text):
            _add_gap(text[pos:], words, spaces, norms)
        doc = Doc(self.vocab, words=words, spaces=spaces)
        if norms:
            add = self.vocab.strings.add
            hashes = numpy.fromiter((add(k) for k in norms), dtype="uint64", count=len(norms))
            doc.from_array([NORM], hashes.reshape(len(norms), 1))
        doc.user_data["kg.normed"] = True
        return doc

    # spaCy calls these when saving/loading a pipeline; nothing to persist.
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> ArabicTokenizer:
        return self

    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> ArabicTokenizer:
        return self


def _add_gap(gap: str, words: list[str], spaces: list[bool], norms: list[str]) -> None:
    """Whitespace between tokens: one space goes on the previous token, the rest is a token."""
    if words and gap[0] == " " and not spaces[-1]:
        spaces[-1] = True
        gap = gap[1:]
        if not gap:
            return
    words.append(gap)
    spaces.append(False)
    norms.append(" ")


@registry.tokenizers("kg.ArabicTokenizer.v1")
def create_arabic_tokenizer():
    """Factory named in ``ar.cfg``."""

    def make(nlp) -> ArabicTokenizer:
        return ArabicTokenizer(nlp.vocab)

    return make
