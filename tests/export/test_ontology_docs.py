"""docs/ontology.md stays current with ontology/diplomacy.ttl, and its example is real output."""

from __future__ import annotations

import importlib.util

import pyoxigraph as ox
import rdflib
from rdflib.namespace import OWL, RDF

from kg.export.ontology_docs import EXAMPLE_HEADING, render_ontology_markdown
from kg.rdf.namespace import DIP_NS
from tests.conftest import REPO

TTL = REPO / "ontology" / "diplomacy.ttl"
DOC = REPO / "docs" / "ontology.md"
FIX = "run `python scripts/ontology_docs.py` and commit docs/ontology.md"


def _ontology_terms() -> dict[str, str]:
    graph = rdflib.Graph().parse(TTL, format="turtle")
    out = {}
    for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in graph.subjects(RDF.type, kind):
            if str(s).startswith(DIP_NS):
                out["dip:" + str(s)[len(DIP_NS):]] = str(s)
    return out


def test_every_class_and_property_is_documented():
    doc = DOC.read_text(encoding="utf-8")
    terms = _ontology_terms()
    assert len(terms) > 40
    missing = [curie for curie in sorted(terms) if f"### {curie}\n" not in doc]
    assert not missing, f"{', '.join(missing)} missing from docs/ontology.md: {FIX}"
    # ...and every term documented is still in the ontology (nothing stale left behind).
    documented = {line[4:].strip() for line in doc.splitlines() if line.startswith("### dip:")}
    assert documented == set(terms), FIX


def test_vocabulary_part_matches_generator():
    fresh = render_ontology_markdown(TTL, example=False)
    current = DOC.read_text(encoding="utf-8").split("\n" + EXAMPLE_HEADING)[0]
    assert current == fresh, FIX


def test_labels_in_both_languages_appear():
    doc = DOC.read_text(encoding="utf-8")
    assert "| label (ar) | وساطة |" in doc and "| label (en) | Mediation |" in doc
    assert "| domain | [`dip:Mediation`](#dipmediation) |" in doc  # dip:mediator's domain
    assert "| range | [`dip:Location`](#diplocation) |" in doc  # dip:venue's range


def test_example_is_valid_trig_using_only_ontology_terms():
    doc = DOC.read_text(encoding="utf-8")
    trig = doc.split("```trig\n", 1)[1].split("```", 1)[0]
    quads = list(ox.parse(trig.encode("utf-8"), format=ox.RdfFormat.TRIG))
    assert len(quads) > 30
    terms = set(_ontology_terms().values())
    used = {q.predicate.value for q in quads} | {
        q.object.value for q in quads if q.predicate.value == str(RDF.type)}
    assert {u for u in used if u.startswith(DIP_NS)} <= terms


def test_script_check_mode(tmp_path):
    spec = importlib.util.spec_from_file_location("ontology_docs_script", REPO / "scripts" / "ontology_docs.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    out = tmp_path / "ontology.md"
    assert module.main(["--output", str(out), "--check"]) == 1
    assert module.main(["--output", str(out)]) == 0
    assert module.main(["--output", str(out), "--check"]) == 0
