"""Our scorer on a store built from records, against gold files we write here."""

from __future__ import annotations

import json

import pytest

from kg.errors import InputError
from kg.eval import label_key, load_gold, score_store
from tests.conftest import make_extraction

GOLD = {
    "id": "a1",
    "entities": [
        {"key": "Q842", "type": "LOC", "name": "عمان", "name_en": "Oman", "wikidata": "Q842", "aliases": []},
        {"key": "Q794", "type": "LOC", "name": "إيران", "name_en": "Iran", "wikidata": "Q794", "aliases": []},
        {"key": "Q30", "type": "LOC", "name": "الولايات المتحدة", "name_en": "United States", "wikidata": "Q30",
         "aliases": []},
        {"key": "Q3826", "type": "LOC", "name": "مسقط", "name_en": "Muscat", "wikidata": "Q3826", "aliases": []},
        {"key": "Jane Envoy", "type": "PER", "name": "Jane Envoy", "name_en": "Jane Envoy", "wikidata": None,
         "aliases": []},
        {"key": "Q1065", "type": "ORG", "name": "الأمم المتحدة", "name_en": "United Nations", "wikidata": "Q1065",
         "aliases": []},
    ],
    "roles": {"Mediator": ["Q842"], "Envoy": ["Jane Envoy"], "Venue": ["Q3826"]},
    "relations": [
        {"type": "mediates", "subject": "Q842", "object": "Q794"},
        {"type": "mediates", "subject": "Q842", "object": "Q30"},
        {"type": "envoyOf", "subject": "Jane Envoy", "object": "Q1065"},
        {"type": "meetingVenue", "subject": "Q3826", "object": "Q794"},
        {"type": "meetingVenue", "subject": "Q3826", "object": "Q30"},
    ],
}


def test_label_key_folds_arabic_and_articles():
    assert label_key("الولايات المتحدة") == label_key("ولايات المتحدة")
    assert label_key("The  White-House") == "white house"
    assert label_key("سلطنة عُمان") == label_key("سلطنة عمان")


def test_scores_match_a_hand_count(store):
    store.replace_articles([make_extraction("a1")])
    result = score_store(store, [GOLD])
    m = {k: v.as_dict() for k, v in result.metrics.items()}
    # fixture has 5 entities, all in gold; gold also has the UN -> 1 miss
    assert (m["entities"]["tp"], m["entities"]["fp"], m["entities"]["fn"]) == (5, 0, 1)
    assert m["Mediator"]["f1"] == 1.0 and m["Venue"]["f1"] == 1.0 and m["Envoy"]["f1"] == 1.0
    # envoyOf points to the US in the fixture, gold says UN: one fp and one fn
    assert (m["relations"]["tp"], m["relations"]["fp"], m["relations"]["fn"]) == (4, 1, 1)
    assert (result.linking_hits, result.linking_total) == (4, 5)
    assert any("missed entity" in line and "Q1065" in line for line in result.misses)


def test_missing_article_is_reported(store):
    result = score_store(store, [GOLD])
    assert result.missing_articles == ["a1"]
    assert result.metrics["entities"].fn == len(GOLD["entities"])


def test_load_gold_errors(tmp_path):
    with pytest.raises(InputError, match="no gold files"):
        load_gold(tmp_path)
    (tmp_path / "x.json").write_text(json.dumps({"id": "x"}))
    with pytest.raises(InputError, match="needs 'id' and 'entities'"):
        load_gold(tmp_path)
