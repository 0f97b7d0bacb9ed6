"""Extraction: articles in, :class:`kg.model.Extraction` records out.

``Extractor`` owns one spaCy pipeline per language (built from ``kg/nlp/config``) and the
lookup tables built from the gazetteer and lexicons; both are built once and reused for
every article, which is what keeps throughput high. ``extract_many`` streams articles
through ``nlp.pipe`` in batches, in one process (two processes were slower on this
machine, see STYLE.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from kg.extract.docview import DocView
from kg.extract.entities import ArticleEntities, EntityFinder, resolve_aliases
from kg.extract.events import EventFinder
from kg.extract.resources import Resources, resources_for
from kg.model import Article, Extraction
from kg.nlp.langid import article_language
from kg.nlp.pipeline import load_pipeline

__all__ = ["EXTRACTOR_VERSION", "Extractor"]

#: Written into every Evidence so a graph says which rules produced it.
EXTRACTOR_VERSION = "kg.extract/0.1"


def _default_gazetteer() -> Any:
    try:
        from kg.link.gazetteer import Gazetteer
    except ImportError:  # pragma: no cover - the gazetteer module ships with kg
        return None
    try:
        return Gazetteer.load()
    except Exception:  # a missing data folder: run with lexicon rules only
        return None


class Extractor:
    """Reads entities, events and envoy relations from articles.

    ``gazetteer``: a :class:`kg.link.gazetteer.Gazetteer` (default: the shipped one).
    ``udpipe_models``: language -> UDPipe model file, to parse with UDPipe instead of the
    rule tokenizer alone.
    """

    def __init__(
        self, gazetteer: Any = None, udpipe_models: dict[str, Path] | None = None, batch_size: int = 32
    ):
        self.gazetteer = gazetteer if gazetteer is not None else _default_gazetteer()
        self.udpipe_models = dict(udpipe_models or {})
        self.batch_size = batch_size
        self._nlp: dict[str, Language] = {}
        self._res: dict[str, Resources] = {}

    def nlp(self, lang: str) -> Language:
        """The pipeline of a language (built on first use)."""
        nlp = self._nlp.get(lang)
        if nlp is None:
            nlp = load_pipeline(lang, udpipe_model=self.udpipe_models.get(lang))
            self._nlp[lang] = nlp
        return nlp

    def resources(self, lang: str) -> Resources:
        res = self._res.get(lang)
        if res is None:
            res = resources_for(lang, self.nlp(lang), self.gazetteer)
            self._res[lang] = res
        return res

    def _linker(self):
        from kg.link.linker import Linker

        return Linker.for_gazetteer(self.gazetteer)

    def _finders(self, lang: str, res: Resources) -> tuple[EntityFinder, EventFinder]:
        """Rule runners of a language, built once (their set-up is not free)."""
        cache = self.__dict__.setdefault("_finder_cache", {})
        hit = cache.get(lang)
        if hit is None or hit[0].res is not res:
            finder = EntityFinder(res)
            hit = (finder, EventFinder(res, finder, EXTRACTOR_VERSION))
            cache[lang] = hit
        return hit

    def extract(self, article: Article) -> Extraction:
        """Everything read from one article."""
        return next(self.extract_many([article]))

    def extract_many(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """Stream extractions; articles are grouped by language and piped in batches."""
        batch: list[Article] = []
        for article in articles:
            batch.append(article)
            if len(batch) >= self.batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, articles: list[Article]) -> Iterator[Extraction]:
        langs = [article_language(a.text, a.lang) for a in articles]
        docs: dict[int, tuple[Doc | None, Doc]] = {}
        for lang in dict.fromkeys(langs):
            idx = [i for i, lg in enumerate(langs) if lg == lang]
            nlp = self.nlp(lang)
            self.resources(lang)  # teaches the Arabic segmenter the gazetteer before piping
            texts: list[str] = []
            for i in idx:
                texts.append(articles[i].title or "")
                texts.append(articles[i].text)
            piped = list(nlp.pipe(texts, batch_size=self.batch_size * 2))
            for n, i in enumerate(idx):
                title_doc = piped[2 * n] if articles[i].title else None
                docs[i] = (title_doc, piped[2 * n + 1])
        for i, article in enumerate(articles):
            title_doc, text_doc = docs[i]
            # Wikidata linking (kg.link): QIDs, NIL decisions, one node per real entity.
            yield self._linker().link_extraction(self._extract_docs(article, langs[i], title_doc, text_doc))

    def _extract_docs(self, article: Article, lang: str, title_doc: Doc | None, text_doc: Doc) -> Extraction:
        res = self.resources(lang)
        finder, event_finder = self._finders(lang, res)
        arts = ArticleEntities(res, lang)
        for fld, doc in (("title", title_doc), ("text", text_doc)):
            if doc is None:
                continue
            view = DocView(doc, fld, article.title if fld == "title" else article.text)
            arts.views[fld] = view
            arts.found[fld] = finder.run(view, arts)
        resolve_aliases(arts, finder)
        events, envoys = event_finder.run(arts, article.date)
        keep = set(arts.used_keys())
        for ev in events:
            keep.update(ev.mediators, ev.parties, ev.participants, ev.venues)
        for rel in envoys:
            keep.add(rel.envoy)
            if rel.principal:
                keep.add(rel.principal)
        arts.add_mentions()
        entities = {k: e for k, e in arts.entities.items() if k in keep}
        return Extraction(article=article, lang=lang, entities=entities, events=events, envoys=envoys)
