"""A flat view of a Doc for rule matching: one entry per matchable word.

Rules look at token norms in order, skipping characters that sit inside names (hyphens,
possessive 's). UDPipe multiword tokens whose norm holds several words ("ل الولايات") give
one entry per word, all pointing at the same token. Line breaks become a barrier entry that
no phrase matches, so a name never runs across a paragraph.
"""

from __future__ import annotations

from spacy.attrs import IDX, LENGTH, NORM, SENT_START, SPACY
from spacy.tokens import Doc

from kg.extract.gazindex import SKIP_NORMS

BARRIER = "\u00b6"
PUNCT_STOPS = frozenset(".,،;؛:!?؟()[]«»\"“”‘'/|…—–")


class DocView:
    """Norms, token indices and character offsets of the matchable words of a Doc."""

    def __init__(self, doc: Doc, field: str, string: str | None = None):
        self.doc = doc
        self.field = field
        # spaCy rebuilds doc.text from the tokens on every access: take the article's
        # string when the caller has it (the tokenizers guarantee doc.text == string).
        self.string = string if string is not None else doc.text
        norms: list[str] = []
        toks: list[int] = []
        # per-token facts read as arrays (Token objects are costly to create)
        strings = doc.vocab.strings
        n_tok = len(doc)
        cols = doc.to_array([IDX, LENGTH, NORM, SPACY, SENT_START]).T.tolist() if n_tok else [[]] * 5
        idxs, lens, norm_hs, spaces, sstarts = cols
        string = self.string
        self.tok_text = tok_text = [string[a : a + n] for a, n in zip(idxs, lens, strict=True)]
        self.tok_idx = idxs
        self.tok_ws = [bool(w) for w in spaces]
        sent_of_tok: list[int] = []
        first_toks: list[int] = []  # first token of each sentence
        k = -1
        for i, sstart in enumerate(sstarts):
            if sstart == 1 or i == 0:
                k += 1
                first_toks.append(i)
            sent_of_tok.append(k)
        # (start_char, end_char) per sentence; a sentence's span ends at its last non-space
        # character, like Span.end_char
        self.sents: list[tuple[int, int]] = []
        for j, a in enumerate(first_toks):
            e = first_toks[j + 1] - 1 if j + 1 < len(first_toks) else n_tok - 1
            end_char = idxs[e] + lens[e] + (1 if spaces[e] else 0)
            self.sents.append((idxs[a], _rstrip_end(string, idxs[a], end_char)))
        skip = SKIP_NORMS
        for i, text in enumerate(tok_text):
            if text.isspace():
                if "\n" in text:
                    norms.append(BARRIER)
                    toks.append(i)
                continue
            norm_h = norm_hs[i]
            norm = strings[norm_h] if norm_h else text.lower()
            if norm in skip:
                continue
            if " " in norm:
                for part in norm.split():
                    norms.append(part)
                    toks.append(i)
            else:
                norms.append(norm)
                toks.append(i)
        self.norms = norms
        self.toks = toks
        self.n = len(norms)
        self.sent = [sent_of_tok[i] for i in toks]

    def text(self, p: int) -> str:
        """Surface text of entry ``p`` (the whole token for multiword tokens)."""
        return self.tok_text[self.toks[p]]

    def span_chars(self, a: int, b: int) -> tuple[int, int]:
        """Character offsets of entries ``a`` .. ``b-1``."""
        last = self.toks[b - 1]
        return self.tok_idx[self.toks[a]], self.tok_idx[last] + len(self.tok_text[last])

    def span_text(self, a: int, b: int) -> str:
        s, e = self.span_chars(a, b)
        return self.string[s:e]

    def is_punct(self, p: int) -> bool:
        return self.norms[p] in PUNCT_STOPS or self.norms[p] == BARRIER

    def is_cap(self, p: int) -> bool:
        t = self.tok_text[self.toks[p]]
        return bool(t) and t[0].isupper()

    def glued_to_next(self, p: int) -> bool:
        """True when entry ``p`` is a proclitic piece written together with the next word."""
        if p + 1 >= self.n:
            return False
        i = self.toks[p]
        return self.toks[p + 1] == i + 1 and not self.tok_ws[i] and len(self.tok_text[i]) <= 2

    def sentence_span(self, k: int) -> tuple[int, int]:
        """Entry range ``[a, b)`` of sentence ``k``."""
        a = next((p for p in range(self.n) if self.sent[p] == k), self.n)
        b = a
        while b < self.n and self.sent[b] == k:
            b += 1
        return a, b


def _rstrip_end(string: str, a: int, b: int) -> int:
    """End offset of ``string[a:b]`` once trailing spaces (but not newlines) are dropped.

    spaCy's sentence spans end with their last token, whitespace tokens included, so a
    paragraph break stays inside the sentence before it; only the trailing space that
    belongs to the last token is left out.
    """
    while b > a and string[b - 1] == " ":
        b -= 1
    return b
