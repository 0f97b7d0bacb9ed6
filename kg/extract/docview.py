"""A flat view of a Doc for rule matching: one entry per matchable word.

Rules look at token norms in order, skipping characters that sit inside names (hyphens,
possessive 's). UDPipe multiword tokens whose norm holds several words ("ل الولايات") give
one entry per word, all pointing at the same token. Line breaks become a barrier entry that
no phrase matches, so a name never runs across a paragraph.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.gazindex import SKIP_NORMS

BARRIER = "\u00b6"
PUNCT_STOPS = frozenset(".,،;؛:!?؟()[]«»\"“”‘'/|…—–")


class DocView:
    """Norms, token indices and character offsets of the matchable words of a Doc."""

    def __init__(self, doc: Doc, field: str):
        self.doc = doc
        self.field = field
        # spaCy rebuilds doc.text from the tokens on every access: read it once.
        self.string = doc.text
        norms: list[str] = []
        toks: list[int] = []
        for t in doc:
            if t.is_space:
                if "\n" in t.text:
                    norms.append(BARRIER)
                    toks.append(t.i)
                continue
            norm = t.norm_ or t.text.lower()
            if norm in SKIP_NORMS:
                continue
            parts = norm.split() if " " in norm else (norm,)
            for part in parts:
                norms.append(part)
                toks.append(t.i)
        self.norms = norms
        self.toks = toks
        self.n = len(norms)
        # sentence id of each entry
        sent_of_tok = [0] * len(doc)
        self.sents: list[tuple[int, int]] = []  # (start_char, end_char) per sentence
        for k, s in enumerate(doc.sents):
            self.sents.append((s.start_char, s.end_char))
            for i in range(s.start, s.end):
                sent_of_tok[i] = k
        self.sent = [sent_of_tok[i] for i in toks]

    def text(self, p: int) -> str:
        """Surface text of entry ``p`` (the whole token for multiword tokens)."""
        return self.doc[self.toks[p]].text

    def span_chars(self, a: int, b: int) -> tuple[int, int]:
        """Character offsets of entries ``a`` .. ``b-1``."""
        first = self.doc[self.toks[a]]
        last = self.doc[self.toks[b - 1]]
        return first.idx, last.idx + len(last.text)

    def span_text(self, a: int, b: int) -> str:
        s, e = self.span_chars(a, b)
        return self.string[s:e]

    def is_punct(self, p: int) -> bool:
        return self.norms[p] in PUNCT_STOPS or self.norms[p] == BARRIER

    def is_cap(self, p: int) -> bool:
        t = self.text(p)
        return bool(t) and t[0].isupper()

    def glued_to_next(self, p: int) -> bool:
        """True when entry ``p`` is a proclitic piece written together with the next word."""
        if p + 1 >= self.n:
            return False
        tok = self.doc[self.toks[p]]
        return self.toks[p + 1] == tok.i + 1 and not tok.whitespace_ and len(tok.text) <= 2

    def sentence_span(self, k: int) -> tuple[int, int]:
        """Entry range ``[a, b)`` of sentence ``k``."""
        a = next((p for p in range(self.n) if self.sent[p] == k), self.n)
        b = a
        while b < self.n and self.sent[b] == k:
            b += 1
        return a, b
