"""The gazetteer as token sequences: what the entity matcher looks names up in.

Surface forms are tokenized with the same tokenizer as the articles (so Arabic clitics in a
form split exactly as they would in text) and stored as tuples of token norms. Matching is a
longest-match scan over the document's norms with a prefix set, which costs a few dict
lookups per token and needs no per-form spaCy pattern objects.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from kg.nlp.arabic import nisba_bases
from kg.nlp.normalize import has_arabic, norm_key

#: Tokens skipped in the match stream (they sit inside names: al-Rashidi, Egypt's).
SKIP_NORMS = frozenset({"-", "‐", "–", "'", "’", "ـ", "'s", "’s", "s"})


def attr(record: Any, name: str, default: Any = None) -> Any:
    """A field of a gazetteer record, whether it is an object or a dict."""
    if isinstance(record, dict):
        return record.get(name, default)
    return getattr(record, name, default)


@dataclass
class GazIndex:
    """Token-sequence index over gazetteer surface forms, per language of the pipeline."""

    forms: dict[tuple[str, ...], list[str]] = field(default_factory=dict)
    prefixes: set[tuple[str, ...]] = field(default_factory=set)
    acronyms: set[tuple[str, ...]] = field(default_factory=set)
    records: dict[str, Any] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)  # capital city id -> country id
    max_len: int = 1
    first: set[str] = field(default_factory=set)  # first words of forms: a cheap pre-test
    _nisba_cache: dict[str, str | None] = field(default_factory=dict)

    @classmethod
    def build(cls, gazetteer: Any, tokenize, lang: str) -> GazIndex:
        """Index every label and alias of ``gazetteer`` with ``tokenize(str) -> [norm]``.

        Arabic pipelines index every form (Arabic text quotes Latin names such as CNN as
        written); English pipelines skip Arabic-script forms.
        """
        index = cls()
        if gazetteer is None:
            return index
        pops: dict[str, float] = {}
        for record in gazetteer:
            rid = attr(record, "id")
            index.records[rid] = record
            pops[rid] = attr(record, "popularity") or 0.0
            if attr(record, "subtype") == "Country" and attr(record, "capital"):
                index.capitals[attr(record, "capital")] = rid
        seen: set[tuple[str, str]] = set()
        for surface, rid, _form_lang, kind in gazetteer.surface_forms():
            if kind == "demonym" or not surface:
                continue
            arabic = has_arabic(surface)
            if lang == "en" and arabic:
                continue
            if (surface, rid) in seen:
                continue
            seen.add((surface, rid))
            toks = tuple(tokenize(surface))
            if not toks:
                continue
            ids = index.forms.setdefault(toks, [])
            if rid not in ids:
                ids.append(rid)
            if not arabic and surface.isupper() and len(surface.replace(".", "")) <= 6:
                index.acronyms.add(toks)
            index.first.add(toks[0])
            for i in range(1, len(toks) + 1):
                index.prefixes.add(toks[:i])
            index.max_len = max(index.max_len, len(toks))
        for ids in index.forms.values():
            ids.sort(key=lambda i: -pops.get(i, 0.0))
        try:
            index.demonyms = dict(gazetteer.demonym_index())
        except AttributeError:
            index.demonyms = {}
        return index

    def add_demonyms(self, extra: dict[str, Iterable[str]], gazetteer: Any) -> None:
        """Spelling variants from the lexicons (English name of the entry -> nisba bases)."""
        if gazetteer is None:
            return
        for name, forms in extra.items():
            cands = gazetteer.candidates(name)
            if not cands:
                continue
            rid = attr(cands[0], "id")
            for form in forms:
                self.demonyms.setdefault(norm_key(form), rid)

    def qid_index(self) -> dict[str, str]:
        """QID -> gazetteer id (built on first use)."""
        idx = self.__dict__.get("_qids")
        if idx is None:
            idx = {attr(r, "qid"): rid for rid, r in self.records.items() if attr(r, "qid")}
            self.__dict__["_qids"] = idx
        return idx

    def country_of_nisba(self, key: str) -> str | None:
        """Country id for an Arabic nisba token key (الإيرانية -> Iran), else None."""
        cache = self._nisba_cache
        if key in cache:
            return cache[key]
        found = None
        for base in nisba_bases(key):
            hit = self.demonyms.get(base)
            if hit:
                found = hit
                break
        if len(cache) < 100_000:
            cache[key] = found
        return found

    def country_of_demonym(self, key: str) -> str | None:
        """Country id for an English demonym key (egyptian, egyptians)."""
        hit = self.demonyms.get(key)
        if hit is None and key.endswith("s"):
            hit = self.demonyms.get(key[:-1])
        return hit

    def state_of(self, rid: str) -> str:
        """The state a capital stands for (metonymy: Washington -> United States)."""
        return self.capitals.get(rid, rid)
