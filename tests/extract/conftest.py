"""A tiny gazetteer written to a temporary folder, and one Extractor over it per session.

The names are real countries and cities plus invented people, so the tests exercise the
rules, not the shipped gazetteer's coverage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.extract import Extractor
from kg.link.gazetteer import Gazetteer

RECORDS = [
    {
        "id": "Q43",
        "qid": "Q43",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q3640",
        "labels": {"en": "Turkey", "ar": "تركيا"},
        "demonyms": {"en": ["Turkish"], "ar": ["تركي"]},
    },
    {
        "id": "Q79",
        "qid": "Q79",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q85",
        "labels": {"en": "Egypt", "ar": "مصر"},
        "demonyms": {"en": ["Egyptian"], "ar": ["مصري"]},
    },
    {
        "id": "Q846",
        "qid": "Q846",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q3861",
        "labels": {"en": "Qatar", "ar": "قطر"},
        "demonyms": {"en": ["Qatari"], "ar": ["قطري"]},
    },
    {
        "id": "Q794",
        "qid": "Q794",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q3616",
        "labels": {"en": "Iran", "ar": "إيران"},
        "demonyms": {"en": ["Iranian"], "ar": ["إيراني"]},
    },
    {
        "id": "Q30",
        "qid": "Q30",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q61",
        "labels": {"en": "United States", "ar": "الولايات المتحدة"},
        "aliases": {"en": ["US", "U.S."], "ar": ["أمريكا"]},
        "demonyms": {"en": ["American"], "ar": ["أمريكي"]},
    },
    {
        "id": "Q20",
        "qid": "Q20",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q585",
        "labels": {"en": "Norway", "ar": "النرويج"},
        "demonyms": {"en": ["Norwegian"], "ar": ["نرويجي"]},
    },
    {
        "id": "Q1049",
        "qid": "Q1049",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q1963",
        "labels": {"en": "Sudan", "ar": "السودان"},
        "demonyms": {"en": ["Sudanese"], "ar": ["سوداني"]},
    },
    {
        "id": "Q114",
        "qid": "Q114",
        "type": "LOC",
        "subtype": "Country",
        "labels": {"en": "Kenya", "ar": "كينيا"},
        "demonyms": {"en": ["Kenyan"], "ar": ["كيني"]},
    },
    {
        "id": "Q3640",
        "qid": "Q3640",
        "type": "LOC",
        "subtype": "City",
        "country": "Q43",
        "labels": {"en": "Ankara", "ar": "أنقرة"},
    },
    {
        "id": "Q85",
        "qid": "Q85",
        "type": "LOC",
        "subtype": "City",
        "country": "Q79",
        "labels": {"en": "Cairo", "ar": "القاهرة"},
    },
    {
        "id": "Q3861",
        "qid": "Q3861",
        "type": "LOC",
        "subtype": "City",
        "country": "Q846",
        "labels": {"en": "Doha", "ar": "الدوحة"},
    },
    {
        "id": "Q3616",
        "qid": "Q3616",
        "type": "LOC",
        "subtype": "City",
        "country": "Q794",
        "labels": {"en": "Tehran", "ar": "طهران"},
    },
    {
        "id": "Q61",
        "qid": "Q61",
        "type": "LOC",
        "subtype": "City",
        "country": "Q30",
        "labels": {"en": "Washington", "ar": "واشنطن"},
    },
    {
        "id": "Q585",
        "qid": "Q585",
        "type": "LOC",
        "subtype": "City",
        "country": "Q20",
        "labels": {"en": "Oslo", "ar": "أوسلو"},
    },
    {
        "id": "Q71",
        "qid": "Q71",
        "type": "LOC",
        "subtype": "City",
        "country": "Q39",
        "labels": {"en": "Geneva", "ar": "جنيف"},
    },
    {
        "id": "Q1963",
        "qid": "Q1963",
        "type": "LOC",
        "subtype": "City",
        "country": "Q1049",
        "labels": {"en": "Khartoum", "ar": "الخرطوم"},
    },
    {
        "id": "Q3870",
        "qid": "Q3870",
        "type": "LOC",
        "subtype": "City",
        "country": "Q114",
        "labels": {"en": "Nairobi", "ar": "نيروبي"},
    },
    {
        "id": "x:white-house",
        "qid": None,
        "type": "LOC",
        "subtype": "Building",
        "country": "Q30",
        "labels": {"en": "White House", "ar": "البيت الأبيض"},
    },
    {
        "id": "x:united-nations",
        "qid": None,
        "type": "ORG",
        "subtype": "IGO",
        "labels": {"en": "United Nations", "ar": "الأمم المتحدة"},
        "aliases": {"en": ["UN"]},
    },
    {
        "id": "x:nile-herald",
        "qid": None,
        "type": "ORG",
        "subtype": "Outlet",
        "labels": {"en": "Nile Herald", "ar": "نايل هيرالد"},
    },
    {
        "id": "x:sudan-front",
        "qid": None,
        "type": "ORG",
        "subtype": "Group",
        "labels": {"en": "Sudan Liberation Front", "ar": "جبهة تحرير السودان"},
    },
    {
        "id": "Q948",
        "qid": "Q948",
        "type": "LOC",
        "subtype": "Country",
        "capital": "Q3572",
        "labels": {"en": "Tunisia", "ar": "تونس"},
    },
    {
        "id": "Q3572",
        "qid": "Q3572",
        "type": "LOC",
        "subtype": "City",
        "country": "Q948",
        "labels": {"en": "Tunis", "ar": "تونس العاصمة"},
        "aliases": {"ar": ["تونس"]},
    },
    {
        "id": "x:maison-des-congres",
        "qid": None,
        "type": "LOC",
        "subtype": "Building",
        "labels": {"en": "Maison des Congres"},
    },
]


@pytest.fixture(scope="session")
def gazetteer(tmp_path_factory) -> Gazetteer:
    folder: Path = tmp_path_factory.mktemp("gaz")
    path = folder / "test.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in RECORDS) + "\n", encoding="utf-8")
    return Gazetteer.load([path])


@pytest.fixture(scope="session")
def extractor(gazetteer) -> Extractor:
    return Extractor(gazetteer=gazetteer)
