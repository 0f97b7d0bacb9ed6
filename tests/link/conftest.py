"""Fixtures for the linking tests: a small invented gazetteer and extraction builders.

The invented records (two "Haddad" ministers of different countries, two Tripolis, a
person listed without a surname alias) make the hard decisions explicit without
depending on the shipped data, which changes as QIDs are verified.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.link.gazetteer import Gazetteer
from kg.model import Article, Entity, Event, Evidence, Extraction, Mention

RECORDS = [
    {"id": "Q822", "qid": "Q822", "type": "LOC", "subtype": "Country",
     "labels": {"en": "Lebanon", "ar": "لبنان"}, "popularity": 0.9},
    {"id": "Q810", "qid": "Q810", "type": "LOC", "subtype": "Country",
     "labels": {"en": "Jordan", "ar": "الأردن"}, "popularity": 0.9},
    {"id": "Q1016", "qid": "Q1016", "type": "LOC", "subtype": "Country",
     "labels": {"en": "Libya", "ar": "ليبيا"}, "popularity": 0.9},
    {"id": "Q878", "qid": "Q878", "type": "LOC", "subtype": "Country",
     "labels": {"en": "United Arab Emirates", "ar": "الإمارات"}, "aliases": {"en": ["UAE"]}, "popularity": 0.9},
    {"id": "x:nabil-haddad", "qid": None, "type": "PER",
     "labels": {"en": "Nabil Haddad", "ar": "نبيل حداد"}, "aliases": {"en": ["Haddad"], "ar": ["حداد"]},
     "country": "Q822", "office": "foreign minister", "popularity": 0.5},
    {"id": "x:samir-haddad", "qid": None, "type": "PER",
     "labels": {"en": "Samir Haddad", "ar": "سمير حداد"}, "aliases": {"en": ["Haddad"], "ar": ["حداد"]},
     "country": "Q810", "office": "prime minister", "popularity": 0.5},
    {"id": "x:rania-al-qasimi", "qid": None, "type": "PER",
     "labels": {"en": "Rania al-Qasimi", "ar": "رانيا القاسمي"}, "country": "Q878",
     "office": "foreign minister", "popularity": 0.6},
    {"id": "x:tripoli-libya", "qid": None, "type": "LOC", "subtype": "City",
     "labels": {"en": "Tripoli", "ar": "طرابلس"}, "country": "Q1016", "popularity": 0.7},
    {"id": "x:tripoli-lebanon", "qid": None, "type": "LOC", "subtype": "City",
     "labels": {"en": "Tripoli", "ar": "طرابلس"}, "aliases": {"en": ["Tripoli, Lebanon"]},
     "country": "Q822", "popularity": 0.6},
    {"id": "Q99990001", "qid": "Q99990001", "type": "ORG", "subtype": "Group",
     "labels": {"en": "Northern Liberation Front", "ar": "جبهة التحرير الشمالية"},
     "aliases": {"en": ["NLF"]}, "popularity": 0.5},
]


def write_gazetteer(directory: Path, records: list[dict] = RECORDS, name: str = "test.jsonl") -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / name
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


@pytest.fixture
def tiny_gazetteer(tmp_path: Path) -> Gazetteer:
    return Gazetteer.load([write_gazetteer(tmp_path / "gaz")])


def ent(key: str, etype: str, *names: str, lang: str = "en", **kwargs) -> Entity:
    """An entity as the extractor would hand it over: labels plus one mention per name."""
    mentions = [Mention(i * 10, i * 10 + len(n), n) for i, n in enumerate(names)]
    return Entity(key=key, type=etype, labels={lang: list(names)}, mentions=mentions, **kwargs)


def extraction(*entities: Entity, lang: str = "en", text: str = "text") -> Extraction:
    ex = Extraction(article=Article(id="t1", text=text, lang=lang), lang=lang)
    ex.entities = {e.key: e for e in entities}
    return ex


def event(**roles: list[str]) -> Event:
    return Event(kind="Meeting", evidence=Evidence(sentence="s", start=0, end=1), **roles)
