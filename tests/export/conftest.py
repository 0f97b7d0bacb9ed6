"""A fixture store for the graph exports: four articles that differ in date, source and types.

Built straight from kg.model records (no extractor), so the expected graph is known and the
tests can recompute it with SPARQL on the same store.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.model import Article, Entity, EnvoyRelation, Event, Evidence, Extraction, Mention
from kg.rdf.store import KGStore
from tests.conftest import make_extraction

#: A label written to break careless writers: quotes, a backslash, markup, a DOT escape.
TRICKY = 'Hans "the envoy" \\N <b>Grund</b></script>'


def _arabic_summit() -> Extraction:
    text = "عقدت الأمم المتحدة قمة في جنيف بمشاركة المبعوث الخاص."
    art = Article(id="ar-geneva", text=text, lang="ar", date=dt.date(2025, 12, 10),
                  url="https://arabic.example.net/geneva", title="قمة جنيف")
    ex = Extraction(article=art, lang="ar")
    ents = [
        Entity(key="Q1065", type="ORG", labels={"ar": ["الأمم المتحدة"], "en": ["United Nations"]}, qid="Q1065",
               mentions=[Mention(5, 18, "الأمم المتحدة")]),
        Entity(key="Q71", type="LOC", subtype="City", labels={"ar": ["جنيف"], "en": ["Geneva"]}, qid="Q71"),
        Entity(key="PER:hans", type="PER", labels={"en": [TRICKY], "ar": ["هانس"]}, office="special envoy"),
        Entity(key="Q30", type="LOC", subtype="Country", labels={"en": ["United States"]}, qid="Q30"),
    ]
    ex.entities = {e.key: e for e in ents}
    ev = Evidence(sentence=text, start=0, end=len(text), confidence=0.7, extractor="test/1")
    ex.events = [
        Event(kind="Summit", evidence=ev, participants=["Q1065", "PER:hans", "Q30"], venues=["Q71"],
              status="held", date=dt.date(2025, 12, 9)),
        Event(kind="Statement", evidence=ev, status="held"),
    ]
    ex.envoys = [EnvoyRelation(envoy="PER:hans", principal="Q1065", evidence=ev)]
    return ex


def _undated() -> Extraction:
    text = "Qatar mediates between Egypt and Israel."
    art = Article(id="undated", text=text, lang="en", source="data/wire/undated.txt")
    ex = Extraction(article=art, lang="en")
    ents = [
        Entity(key="Q846", type="LOC", subtype="Country", labels={"en": ["Qatar"], "ar": ["قطر"]}, qid="Q846"),
        Entity(key="Q79", type="LOC", subtype="Country", labels={"en": ["Egypt"]}, qid="Q79"),
        Entity(key="Q801", type="LOC", subtype="Country", labels={"en": ["Israel"]}, qid="Q801"),
    ]
    ex.entities = {e.key: e for e in ents}
    ev = Evidence(sentence=text, start=0, end=len(text), extractor="test/1")
    ex.events = [Event(kind="Mediation", evidence=ev, mediators=["Q846"], parties=["Q79", "Q801"])]
    return ex


def fixture_extractions() -> list[Extraction]:
    """a1 (2026-03-01) and a2 (2026-03-01, Qatar mediating), an Arabic summit, an undated article."""
    return [make_extraction("a1"), make_extraction("a2", mediator="Q846"), _arabic_summit(), _undated()]


@pytest.fixture(scope="session")
def graph_store_dir(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("graph") / "store"
    with KGStore(path) as store:
        store.replace_articles(fixture_extractions())
    return path


@pytest.fixture
def graph_store(graph_store_dir: Path):
    with KGStore(graph_store_dir, read_only=True) as store:
        yield store
