"""The next ingest run sees an imported entity: extractor (with the grown gazetteer) + linker."""

from __future__ import annotations

from kg.extract import Extractor
from kg.link.gazetteer import Gazetteer
from kg.link.importer import import_files
from kg.link.linker import Linker
from kg.model import Article
from tests.link.conftest import write_gazetteer
from tests.link.test_importer import write_dump


def test_imported_person_is_found_and_linked_in_both_languages(tmp_path):
    curated = write_gazetteer(tmp_path / "gaz")
    before = Gazetteer.load([curated])
    text_ar = "التقى يوسف بن علي بوزير الخارجية في طرابلس."
    ex = Extractor(gazetteer=before).extract(Article(id="a", text=text_ar, lang="ar"))
    Linker.for_gazetteer(before).link_extraction(ex)
    assert "Q99990010" not in ex.entities

    imported = tmp_path / "gaz" / "imported.jsonl"
    import_files([write_dump(tmp_path / "people.json.gz")], into=imported, classes=["Q5"], base=before)
    after = Gazetteer.load([curated, imported])
    extractor = Extractor(gazetteer=after)
    for text, lang in ((text_ar, "ar"), ("Yusuf Benali met the foreign minister in Tripoli, Libya.", "en")):
        ex = extractor.extract(Article(id="a", text=text, lang=lang))
        Linker.for_gazetteer(after).link_extraction(ex)
        person = ex.entities["Q99990010"]
        assert person.qid == "Q99990010" and person.type == "PER" and person.link_confidence >= 0.6
