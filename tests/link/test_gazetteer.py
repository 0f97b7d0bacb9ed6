"""Tests for kg.link.gazetteer: loading, merging, errors, and checks on the shipped data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from kg.errors import ConfigError
from kg.link.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    default_gazetteer_dir,
    write_jsonl,
)
from kg.nlp.normalize import norm_key

QID = re.compile(r"^Q[1-9]\d*$")


def _write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


# -- loader behaviour on small files ---------------------------------------------------


def test_merge_same_id_across_files(tmp_path):
    a = _write(
        tmp_path / "a.jsonl",
        [
            {
                "id": "x:geneva",
                "qid": None,
                "type": "LOC",
                "subtype": "City",
                "labels": {"en": "Geneva", "ar": "جنيف"},
                "aliases": {"ar": ["جنيفا"]},
                "popularity": 0.5,
                "source": "curated",
            }
        ],
    )
    b = _write(
        tmp_path / "b.jsonl",
        [
            {
                "id": "x:geneva",
                "type": "LOC",
                "labels": {"en": "Genève"},
                "aliases": {"en": ["Genf"], "ar": ["جينيف"]},
                "popularity": None,
                "country": "Q39",
            }
        ],
    )
    gaz = Gazetteer.load([a, b])
    entry = gaz.get("x:geneva")
    assert len(gaz) == 1
    assert entry.labels == {"en": "Genève", "ar": "جنيف"}
    assert entry.aliases["ar"] == ["جنيفا", "جينيف"]  # curated alias kept, new one added
    assert "Geneva" in entry.aliases["en"]  # replaced label survives as alias
    assert entry.popularity == 0.5  # null does not overwrite
    assert entry.country == "Q39"  # later non-null wins
    assert entry.subtype == "City"
    assert [e.id for e in gaz.candidates("Geneva")] == ["x:geneva"]
    assert [e.id for e in gaz.candidates("جنيفا")] == ["x:geneva"]


def test_malformed_line_names_file_and_line(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x:a", "type": "ORG", "labels": {"en": "A"}}\n{not json\n', "utf-8")
    with pytest.raises(ConfigError) as err:
        Gazetteer.load([path])
    assert f"{path}:2" in str(err.value)
    assert "KG701" in str(err.value)


def test_missing_id_is_an_error(tmp_path):
    path = _write(tmp_path / "noid.jsonl", [{"type": "ORG", "labels": {"en": "A"}}])
    with pytest.raises(ConfigError, match=r"noid\.jsonl:1"):
        Gazetteer.load([path])


def test_env_dir_is_honoured(tmp_path, monkeypatch):
    _write(tmp_path / "one.jsonl", [{"id": "x:a", "type": "ORG", "labels": {"en": "Alpha"}}])
    monkeypatch.setenv("KG_GAZETTEER_DIR", str(tmp_path))
    assert default_gazetteer_dir() == tmp_path
    gaz = Gazetteer.load()
    assert [e.id for e in gaz] == ["x:a"]


def test_candidates_popularity_order_and_demonyms(tmp_path):
    path = _write(
        tmp_path / "g.jsonl",
        [
            {"id": "x:t1", "type": "LOC", "labels": {"en": "Tripoli"}, "popularity": 0.5},
            {"id": "x:t2", "type": "LOC", "labels": {"en": "Tripoli"}, "popularity": 0.7},
            {
                "id": "Q794",
                "qid": "Q794",
                "type": "LOC",
                "labels": {"en": "Iran", "ar": "إيران"},
                "demonyms": {"en": ["Iranian"], "ar": ["إيراني"]},
            },
        ],
    )
    gaz = Gazetteer.load([path])
    assert [e.id for e in gaz.candidates("tripoli")] == ["x:t2", "x:t1"]
    assert gaz.by_qid("Q794").id == "Q794"
    assert gaz.demonym_index()[norm_key("ايراني")] == "Q794"
    kinds = {(s, k) for s, _i, _l, k in gaz.surface_forms()}
    assert ("Iranian", "demonym") in kinds and ("إيران", "label") in kinds


def test_write_jsonl_round_trip(tmp_path):
    entry = GazetteerEntry(id="x:a", type="ORG", labels={"en": "A", "ar": "أ"}, office=None)
    out = tmp_path / "out.jsonl"
    assert write_jsonl(out, [entry]) == 1
    gaz = Gazetteer.load([out])
    assert gaz.get("x:a").labels == {"en": "A", "ar": "أ"}


# -- the shipped data ------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped():
    # a user's `kg gazetteer import` output is not shipped data (it may attach QIDs to x: ids)
    files = sorted(p for p in default_gazetteer_dir().glob("*.jsonl") if not p.name.startswith("imported"))
    assert files, "no gazetteer files shipped"
    records = []
    for f in files:
        for line in f.read_text("utf-8").splitlines():
            if line.strip():
                records.append((f.name, json.loads(line)))
    return files, records


def test_ids_unique_and_qids_well_formed(shipped):
    _files, records = shipped
    ids = [r["id"] for _f, r in records]
    assert len(ids) == len(set(ids))
    qids = [r["qid"] for _f, r in records if r.get("qid")]
    assert all(QID.match(q) for q in qids)
    assert len(qids) == len(set(qids)), "a QID is used by two records"
    for _f, r in records:
        if r.get("qid"):
            assert r["id"] == r["qid"]
        else:
            assert r["id"].startswith("x:")


def test_references_resolve_and_labels_present(shipped):
    _files, records = shipped
    ids = {r["id"] for _f, r in records}
    for name, r in records:
        for key in ("country", "capital", "affiliation"):
            if r.get(key):
                assert r[key] in ids, f"{name}: {r['id']} {key}={r[key]}"
        assert r["labels"].get("en") and r["labels"].get("ar"), r["id"]
        assert r["type"] in ("PER", "ORG", "LOC")


def test_countries_cover_un_members(shipped):
    _files, records = shipped
    countries = [r for _f, r in records if r.get("subtype") == "Country"]
    assert len(countries) >= 193
    isos = {r["iso"] for r in countries}
    assert {"ps", "xk", "tw", "eh", "va", "us", "ir", "ss"} <= isos


def test_default_load_is_cached_and_finds_key_forms():
    gaz = Gazetteer.load()
    assert Gazetteer.load() is gaz  # cached
    us = gaz.by_qid("Q30")
    for form in ("US", "USA", "United States of America", "الولايات المتحدة الأمريكية", "أمريكا"):
        assert us in gaz.candidates(form), form
    demonyms = gaz.demonym_index()
    for form, qid in (("إيراني", "Q794"), ("أميركي", "Q30"), ("Turkish", "Q43"), ("مصري", "Q79")):
        assert demonyms[norm_key(form)] == qid
    assert gaz.candidates("ويتكوف") and gaz.candidates("Witkoff")[0].labels["en"] == "Steve Witkoff"
    assert gaz.candidates("اسطنبول")[0].id == gaz.candidates("إسطنبول")[0].id


def test_country_items_most_linked_data_uses():
    """Denmark, the Netherlands and Western Sahara use the country items, not rigour's."""
    gaz = Gazetteer.load()
    for name, qid in (("Denmark", "Q35"), ("Netherlands", "Q55"), ("Western Sahara", "Q6250")):
        assert gaz.candidates(name)[0].qid == qid
    for stale in ("Q756617", "Q29999", "Q40362"):
        assert gaz.by_qid(stale) is None


def test_qids_known_to_be_wrong_are_gone():
    """Q57246 is Hermann Minkowski, Q317672 is not Cyril Ramaphosa (second-pass review)."""
    gaz = Gazetteer.load()
    assert gaz.by_qid("Q57246") is None and gaz.by_qid("Q317672") is None
    assert gaz.candidates("António Guterres")[0].qid is None
    assert gaz.candidates("Javier Milei")[0].qid == "Q52395487"  # not the first-pass Q3564691
    assert gaz.candidates("Cyril Ramaphosa")[0].qid == "Q1148669"
    assert gaz.candidates("Recep Tayyip Erdoğan")[0].qid == "Q39259"
    assert gaz.candidates("الأمم المتحدة")[0].qid == "Q1065"


def test_no_alias_is_a_nationality_adjective():
    """An alias like العمانية or السوداني would turn every "Omani"/"Sudanese" into that entry."""
    from kg.link.gazetteer import Gazetteer
    from kg.nlp.normalize import norm_key

    gaz = Gazetteer.load()
    forms = set()
    for e in gaz:
        if e.subtype != "Country":
            continue
        for d in e.demonyms.get("ar", []):
            base = norm_key(d)
            forms |= {base, "ال" + base, base + "ه", "ال" + base + "ه", base + "ين", "ال" + base + "ين"}
        forms |= {norm_key(d) for d in e.demonyms.get("en", [])}
    clashes = [(e.id, a) for e in gaz if e.subtype != "Country"
               for aliases in e.aliases.values() for a in aliases if norm_key(a) in forms]
    assert not clashes
