"""Lexicon phrases as token-norm tuples, matched longest-first over a token stream.

Phrases are tokenized with the pipeline's own tokenizer so "بوساطة" in a lexicon and in an
article split the same way. One table per lexicon list; each lookup is a few dict hits.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

Tokenize = Callable[[str], list[str]]


class PhraseTable:
    """Maps token-norm tuples to values; :meth:`match` finds the longest at a position."""

    def __init__(self, items: Mapping[str, Any] | Iterable[str], tokenize: Tokenize):
        self.table: dict[tuple[str, ...], Any] = {}
        self.prefixes: set[tuple[str, ...]] = set()
        self.first: set[str] = set()  # first words: a cheap test before building tuples
        self.max_len = 0
        pairs = items.items() if isinstance(items, Mapping) else ((w, True) for w in items)
        for phrase, value in pairs:
            toks = tuple(tokenize(phrase))
            if not toks:
                continue
            self.table.setdefault(toks, value)
            self.first.add(toks[0])
            for i in range(1, len(toks) + 1):
                self.prefixes.add(toks[:i])
            self.max_len = max(self.max_len, len(toks))

    def match(self, norms: list[str], i: int) -> tuple[int, Any] | None:
        """``(length, value)`` of the longest phrase starting at ``norms[i]``, else None."""
        if i >= len(norms) or norms[i] not in self.first:
            return None
        return self._longest(norms, i)

    def _longest(self, norms: list[str], i: int) -> tuple[int, Any] | None:
        # norms[i] is known to start a phrase
        table, prefixes = self.table, self.prefixes
        key: tuple[str, ...] = (norms[i],)
        best = (1, table[key]) if key in table else None
        end = min(len(norms), i + self.max_len)
        for j in range(i + 1, end):
            key = (*key, norms[j])
            if key not in prefixes:
                break
            if key in table:
                best = (j + 1 - i, table[key])
        return best

    def scan(
        self, norms: list[str], a: int, b: int, present: set[str] | None = None
    ) -> list[tuple[int, int, Any]]:
        """Every ``(position, length, value)`` in ``norms[a:b]``, left to right, no overlaps.

        ``present`` (the set of norms in the range) lets a table none of whose phrases can
        occur there answer at once, which is the common case.
        """
        first = self.first
        if present is not None and first.isdisjoint(present):
            return []
        out = []
        p = a
        b = min(b, len(norms))
        while p < b:
            if norms[p] in first:
                hit = self._longest(norms, p)
                if hit:
                    out.append((p, hit[0], hit[1]))
                    p += hit[0]
                    continue
            p += 1
        return out

    def __contains__(self, norm: str) -> bool:
        return (norm,) in self.table

    def get1(self, norm: str, default: Any = None) -> Any:
        """Value of a one-token phrase."""
        return self.table.get((norm,), default)
