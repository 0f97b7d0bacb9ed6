"""`kg gazetteer import`: Wikidata dumps (.json/.json.gz/.json.bz2), SPARQL JSON and CSV."""

from __future__ import annotations

import bz2
import gzip
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import ConfigError, InputError
from kg.link.gazetteer import Gazetteer
from kg.link.importer import detect_format, import_files, read_dump
from kg.link.linker import Linker
from tests.link.conftest import RECORDS, ent, extraction, write_gazetteer


def _label(lang: str, value: str) -> dict:
    return {lang: {"language": lang, "value": value}}


def _claim(prop: str, qid: str) -> dict:
    return {prop: [{"mainsnak": {"snaktype": "value", "property": prop,
                                 "datavalue": {"value": {"entity-type": "item", "id": qid}, "type": "wikibase-entityid"}},
                    "type": "statement", "rank": "normal"}]}


def _entity(qid: str, en: str, ar: str | None, p31: str, *, aliases_ar=(), country=None, sitelinks=3) -> dict:
    claims = _claim("P31", p31)
    if country:
        claims.update(_claim("P27" if p31 == "Q5" else "P17", country))
    labels = _label("en", en) | (_label("ar", ar) if ar else {}) | _label("fr", en + " (fr)")
    return {
        "type": "item", "id": qid, "labels": labels,
        "aliases": {"ar": [{"language": "ar", "value": a} for a in aliases_ar]},
        "claims": claims,
        "sitelinks": {f"w{i}wiki": {"site": f"w{i}wiki", "title": en} for i in range(sitelinks)},
    }


DUMP_ENTITIES = [
    _entity("Q99990010", "Yusuf Benali", "يوسف بن علي", "Q5", aliases_ar=["بنعلي"], country="Q1016"),
    _entity("Q99990011", "Sahel Dialogue Forum", "منتدى حوار الساحل", "Q484652"),
    _entity("Q99990012", "Port Qadir", "ميناء قادر", "Q515", country="Q1016"),
    _entity("Q99990013", "Some Painting", None, "Q3305213"),
]


def write_dump(path: Path, entities=DUMP_ENTITIES) -> Path:
    """The dump layout: '[', one entity per line followed by ',', ']'."""
    body = "[\n" + ",\n".join(json.dumps(e, ensure_ascii=False) for e in entities) + "\n]\n"
    if path.suffix == ".gz":
        with gzip.open(path, "wt", encoding="utf-8") as fh:
            fh.write(body)
    elif path.suffix == ".bz2":
        with bz2.open(path, "wt", encoding="utf-8") as fh:
            fh.write(body)
    else:
        path.write_text(body, "utf-8")
    return path


SPARQL_RESULT = {
    "head": {"vars": ["item", "itemLabel", "itemLabel_ar", "altLabel_ar", "country", "office", "type"]},
    "results": {"bindings": [
        {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99990020"},
         "itemLabel": {"type": "literal", "value": "Laila Montaser", "xml:lang": "en"},
         "itemLabel_ar": {"type": "literal", "value": "ليلى منتصر", "xml:lang": "ar"},
         "altLabel_ar": {"type": "literal", "value": "منتصر, ليلى المنتصر", "xml:lang": "ar"},
         "country": {"type": "uri", "value": "http://www.wikidata.org/entity/Q810"},
         "office": {"type": "literal", "value": "Foreign Minister"},
         "type": {"type": "literal", "value": "PER"}},
        {"item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q99990020"},
         "itemLabel": {"type": "literal", "value": "Laila Montaser", "xml:lang": "en"},
         "altLabel_ar": {"type": "literal", "value": "الوزيرة منتصر", "xml:lang": "ar"}},
    ]},
}

CSV_TEXT = (
    "item,itemLabel,itemLabel_ar,altLabel,class,country\n"
    "http://www.wikidata.org/entity/Q99990030,Gulf Wire Agency,وكالة أنباء الخليج,GWA,"
    "http://www.wikidata.org/entity/Q192283,http://www.wikidata.org/entity/Q878\n"
    "http://www.wikidata.org/entity/Q99990001,Northern Liberation Front,جبهة التحرير الشمالية,NLF-North,,\n"
)


@pytest.fixture
def gaz_dir(tmp_path: Path) -> Path:
    write_gazetteer(tmp_path / "gaz")
    return tmp_path / "gaz"


@pytest.mark.parametrize("name", ["dump.json", "dump.json.gz", "dump.json.bz2"])
def test_dump_is_streamed_and_filtered_by_class(tmp_path, gaz_dir, name):
    dump = write_dump(tmp_path / name)
    assert detect_format(dump) == "dump"
    target = gaz_dir / "imported.jsonl"
    report = import_files([dump], into=target, classes=["Q5", "Q515"], base=Gazetteer.load([gaz_dir / "test.jsonl"]))
    assert (report.read, report.new) == (2, 2)
    records = {r["id"]: r for r in map(json.loads, target.read_text("utf-8").splitlines())}
    person = records["Q99990010"]
    assert person["type"] == "PER" and person["country"] == "Q1016" and person["source"] == "wikidata-import"
    assert person["labels"] == {"en": "Yusuf Benali", "ar": "يوسف بن علي"}  # fr dropped
    assert person["aliases"]["ar"] == ["بنعلي"]
    city = records["Q99990012"]
    assert (city["type"], city["subtype"]) == ("LOC", "City")


def test_dump_filtered_by_qids_and_default_org_type(tmp_path):
    dump = write_dump(tmp_path / "d.json.gz")
    entries = list(read_dump(dump, qids={"Q99990011", "Q99990013"}))
    # a painting is no class of the class map: imported as ORG without subtype
    assert [(e.id, e.type, e.subtype) for e in entries] == [("Q99990011", "ORG", "IGO"), ("Q99990013", "ORG", None)]


def test_dump_needs_a_filter(tmp_path):
    dump = write_dump(tmp_path / "d.json")
    with pytest.raises(ConfigError, match="--class"):
        list(read_dump(dump))


def test_malformed_dump_line_names_the_line(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text('[\n{"type":"item","id":"Q1","claims":{"P31":[{"id":"Q5"\n]\n', "utf-8")
    with pytest.raises(InputError, match=r"bad\.json:2"):
        list(read_dump(path, qids={"Q1"}))


def test_sparql_json_rows_merge_per_item(tmp_path, gaz_dir):
    path = tmp_path / "ministers.json"
    path.write_text(json.dumps(SPARQL_RESULT, ensure_ascii=False), "utf-8")
    assert detect_format(path) == "sparql-json"
    target = gaz_dir / "imported.jsonl"
    report = import_files([path], into=target, base=Gazetteer.load([gaz_dir / "test.jsonl"]))
    assert (report.read, report.new) == (2, 1)
    (rec,) = map(json.loads, target.read_text("utf-8").splitlines())
    assert rec["type"] == "PER" and rec["office"] == "foreign minister" and rec["country"] == "Q810"
    assert rec["aliases"]["ar"] == ["منتصر", "ليلى المنتصر", "الوزيرة منتصر"]


def test_csv_and_reimport_never_drops_aliases(tmp_path, gaz_dir):
    path = tmp_path / "agencies.csv"
    path.write_text(CSV_TEXT, "utf-8")
    target = gaz_dir / "imported.jsonl"
    target.write_text(json.dumps({"id": "Q99990030", "qid": "Q99990030", "type": "ORG",
                                  "labels": {"en": "GWA old"}, "aliases": {"en": ["Hand Alias"]},
                                  "source": "curated"}) + "\n", "utf-8")
    report = import_files([path], into=target, base=Gazetteer.load([gaz_dir / "test.jsonl"]))
    assert report.updated == 1
    gaz = Gazetteer.load([gaz_dir / "test.jsonl", target])
    agency = gaz.get("Q99990030")
    assert (agency.type, agency.subtype, agency.country) == ("ORG", "Outlet", "Q878")
    assert {"Hand Alias", "GWA", "GWA old"} <= set(agency.aliases["en"])
    assert agency.labels == {"en": "Gulf Wire Agency", "ar": "وكالة أنباء الخليج"}
    # the existing record with that QID gains the new alias, and no duplicate is created
    assert [e.id for e in gaz.candidates("NLF-North")] == ["Q99990001"]


def test_qid_attached_to_curated_record_without_one(tmp_path):
    curated = write_gazetteer(tmp_path / "gaz", [*RECORDS, {
        "id": "x:sahel-dialogue-forum", "qid": None, "type": "ORG", "labels": {"en": "Sahel Dialogue Forum"},
        "aliases": {"en": ["SDF Forum"]}, "source": "curated"}], name="organizations.jsonl")
    dump = write_dump(tmp_path / "d.json")
    target = tmp_path / "gaz" / "imported.jsonl"
    report = import_files([dump], into=target, qids=["Q99990011"], base=Gazetteer.load([curated]))
    assert report.attached == [("x:sahel-dialogue-forum", "Q99990011")]
    gaz = Gazetteer.load([target, curated])
    (entry,) = gaz.candidates("SDF Forum")
    assert entry.qid == "Q99990011" and entry.labels["ar"] == "منتدى حوار الساحل"


def test_imported_entity_becomes_linkable(tmp_path, monkeypatch):
    """Before the import the name is NIL; after it, the next run links it."""
    gdir = tmp_path / "gaz"
    write_gazetteer(gdir)
    monkeypatch.setenv("KG_GAZETTEER_DIR", str(gdir))

    def run():
        ex = extraction(ent("PER:yusuf-benali", "PER", "يوسف بن علي", lang="ar"), lang="ar")
        return Linker.default().link_extraction(ex)

    assert run().entities["PER:yusuf-benali"].qid is None
    dump = write_dump(tmp_path / "people.json.bz2")
    result = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "--class", "Q5"])
    assert result.exit_code == 0, result.output
    assert "1 new" in result.output and (gdir / "imported.jsonl").exists()
    linked = run().entities
    assert list(linked) == ["Q99990010"]
    assert linked["Q99990010"].qid == "Q99990010" and linked["Q99990010"].country == "Q1016"


def test_cli_rejects_bad_class_and_unknown_format(tmp_path):
    dump = write_dump(tmp_path / "d.json")
    bad = CliRunner().invoke(main, ["gazetteer", "import", str(dump), "--class", "human",
                                    "--into", str(tmp_path / "o.jsonl")])
    assert bad.exit_code == 1 and "KG701" in bad.output
    other = tmp_path / "x.xml"
    other.write_text("<a/>", "utf-8")
    bad = CliRunner().invoke(main, ["gazetteer", "import", str(other), "--into", str(tmp_path / "o.jsonl")])
    assert bad.exit_code == 1 and "KG101" in bad.output


def test_references_nothing_resolves_are_dropped(tmp_path, gaz_dir):
    dump = write_dump(tmp_path / "d.json", [
        _entity("Q99990060", "Old Empire Envoy", None, "Q5", country="Q99999991"),
        _entity("Q99990061", "Border Town", None, "Q515", country="Q822"),
    ])
    target = tmp_path / "out.jsonl"
    import_files([dump], into=target, classes=["Q5", "Q515"], base=Gazetteer.load([gaz_dir / "test.jsonl"]))
    records = {r["id"]: r for r in map(json.loads, target.read_text("utf-8").splitlines())}
    assert "country" not in records["Q99990060"]
    assert records["Q99990061"]["country"] == "Q822"
