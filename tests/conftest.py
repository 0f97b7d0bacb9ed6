"""Shared fixtures: hand-built extraction records and temporary stores.

The records are built directly from kg.model, so the RDF and store tests do not depend on
the NLP pipeline; the pipeline has its own tests, and the CLI tests run it for real.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from kg.model import Article, Entity, EnvoyRelation, Event, Evidence, Extraction, Mention
from kg.rdf.store import KGStore

REPO = Path(__file__).resolve().parent.parent


def make_extraction(article_id: str = "a1", *, mediator: str = "Q842", text: str | None = None) -> Extraction:
    """A small but complete extraction: a mediation, a meeting with a venue, an envoy."""
    text = text or "Oman mediates between Iran and the United States; talks are held in Muscat."
    art = Article(id=article_id, text=text, lang="en", date=dt.date(2026, 3, 1),
                  url=f"https://example.org/{article_id}", title=f"Title {article_id}")
    ex = Extraction(article=art, lang="en")
    ents = [
        Entity(key=mediator, type="LOC", subtype="Country", labels={"en": ["Oman"], "ar": ["عمان"]},
               qid=mediator, link_confidence=0.95, link_method="gazetteer", mentions=[Mention(0, 4, "Oman")]),
        Entity(key="Q794", type="LOC", subtype="Country", labels={"en": ["Iran"], "ar": ["إيران"]}, qid="Q794"),
        Entity(key="Q30", type="LOC", subtype="Country", labels={"en": ["United States"]}, qid="Q30"),
        Entity(key="Q3826", type="LOC", subtype="City", labels={"en": ["Muscat"]}, qid="Q3826"),
        Entity(key="PER:jane-envoy", type="PER", labels={"en": ["Jane Envoy"]}, office="special envoy"),
    ]
    ex.entities = {e.key: e for e in ents}
    ev = Evidence(sentence=text, start=0, end=len(text), confidence=0.8, extractor="test/1")
    ex.events = [
        Event(kind="Mediation", evidence=ev, mediators=[mediator], parties=["Q794", "Q30"], status="ongoing",
              cameo="045", plover="MEDIATE", trigger="mediates"),
        Event(kind="Meeting", evidence=ev, participants=["Q794", "Q30"], venues=["Q3826"], status="held",
              date=dt.date(2026, 2, 28), cameo="046"),
    ]
    ex.envoys = [EnvoyRelation(envoy="PER:jane-envoy", principal="Q30", evidence=ev)]
    return ex


@pytest.fixture
def extraction() -> Extraction:
    return make_extraction()


@pytest.fixture
def store_dir(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def store(store_dir: Path):
    with KGStore(store_dir) as s:
        yield s
