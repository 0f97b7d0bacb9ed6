"""The `kg` command line, run in-process with click's runner over real on-disk stores."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from kg.cli import main
from kg.rdf.store import KGStore
from tests.conftest import REPO, make_extraction

SAMPLES = REPO / "data" / "samples"


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


@pytest.fixture
def filled_store(tmp_path) -> Path:
    path = tmp_path / "filled"
    with KGStore(path) as s:
        s.replace_articles([make_extraction("a1"), make_extraction("a2", mediator="Q846")])
    return path


def run(runner, *args, **kw):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False, **kw)


def test_query_table_json_csv_and_rq_file(runner, filled_store, tmp_path):
    q = "SELECT ?m WHERE { ?e a dip:Mediation ; dip:mediator ?m } ORDER BY ?m"
    out = run(runner, "query", "--store", filled_store, q)
    assert out.exit_code == 0
    assert "kge:Q842" in out.output and "kge:Q846" in out.output and "(2 rows)" in out.output
    data = json.loads(run(runner, "query", "-s", filled_store, "-f", "json", q).output)
    assert len(data["results"]["bindings"]) == 2
    csv = run(runner, "query", "-s", filled_store, "-f", "csv", q).output.splitlines()
    assert csv[0].strip() == "m" and len(csv) == 3
    rq = tmp_path / "count.rq"
    rq.write_text("ASK { ?a a dip:Article }")
    assert run(runner, "query", "-s", filled_store, rq).output.strip() == "true"


def test_malformed_query_is_one_clear_line(runner, filled_store):
    out = runner.invoke(main, ["query", "-s", str(filled_store), "SELEC ?x WHERE {"])
    assert out.exit_code == 1
    assert "[KG301]" in out.output and "Traceback" not in out.output


def test_missing_store_is_explained(runner, tmp_path):
    out = runner.invoke(main, ["stats", "--store", str(tmp_path / "none")])
    assert out.exit_code == 1 and "kg ingest" in out.output


def test_export_format_from_extension_and_explicit(runner, filled_store, tmp_path):
    trig = tmp_path / "out.trig"
    assert run(runner, "export", "-s", filled_store, "-o", trig).exit_code == 0
    ds = rdflib.Dataset()
    ds.parse(trig, format="trig")
    assert len([g for g in ds.graphs() if "article/" in str(g.identifier)]) == 2
    out = run(runner, "export", "-s", filled_store, "--format", "ntriples")
    assert out.output.count("\n") > 40 and "<https://w3id.org/diplomacy-kg/article/a1>" in out.output


def test_export_unknown_format_and_listing(runner, filled_store):
    bad = runner.invoke(main, ["export", "-s", str(filled_store), "--format", "docx"])
    assert bad.exit_code == 1 and "unknown export format" in bad.output
    listing = run(runner, "export", "--list-formats")
    for name in ("nquads", "trig", "turtle", "jsonld"):
        assert name in listing.output


def test_load_and_stats(runner, filled_store, tmp_path):
    ttl = tmp_path / "extra.ttl"
    ttl.write_text("<http://x/a> <http://x/p> <http://x/b> .\n")
    out = run(runner, "load", "-s", filled_store, ttl, "--graph", "http://x/g")
    assert "loaded 1 quads" in out.output
    stats = json.loads(run(runner, "stats", "-s", filled_store, "--json").output)
    assert stats["articles"] == 2 and stats["roles"]["Mediator"] == 2


def test_validate_ok(runner, filled_store):
    out = run(runner, "validate", "-s", filled_store)
    assert out.exit_code == 0 and "2 graph(s) conform" in out.output


def test_bad_config_is_a_usage_error(runner, tmp_path):
    cfg = tmp_path / "kg.toml"
    cfg.write_text("stor = 'x'\n")
    out = runner.invoke(main, ["--config", str(cfg), "stats"])
    assert out.exit_code == 2 and "unknown setting 'stor'" in out.output


# -- end to end with the real pipeline ------------------------------------------------------


def test_ingest_samples_twice_same_count_then_validate(runner, tmp_path):
    store = tmp_path / "s"
    first = run(runner, "ingest", "-q", "--store", store, SAMPLES)
    assert first.exit_code == 0, first.output
    assert "skipped 0" in first.output
    n1 = json.loads(run(runner, "stats", "-s", store, "--json").output)
    second = run(runner, "ingest", "-q", "--store", store, SAMPLES)
    assert second.exit_code == 0
    n2 = json.loads(run(runner, "stats", "-s", store, "--json").output)
    assert n1["quads"] == n2["quads"] and n1["articles"] == n2["articles"] == 5
    assert run(runner, "validate", "-s", store).exit_code == 0


def test_corrupt_and_empty_files_are_reported_others_ingested(runner, tmp_path):
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES, inputs)
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "broken.json").write_text('{"id": "x", "text": ', encoding="utf-8")
    (inputs / "blob.txt").write_bytes(b"\x00\x01\x02binary\x00" * 50)
    out = run(runner, "ingest", "-q", "--store", tmp_path / "s", inputs)
    assert out.exit_code == 0
    assert "skipped 3" in out.output
    for name, why in (("empty.txt", "empty"), ("broken.json", "invalid JSON"), ("blob.txt", "binary")):
        assert any(name in line and why in line for line in out.output.splitlines()), (name, out.output)
    assert "ingested 5 article(s)" in out.output


def test_nothing_ingestable_exits_nonzero(runner, tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"")
    out = runner.invoke(main, ["ingest", "-q", "--store", str(tmp_path / "s"), str(bad)])
    assert out.exit_code == 1 and "no article could be ingested" in out.output


def test_help_of_every_command_is_documented_in_readme(runner):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name in main.commands:
        assert f"kg {name}" in readme, f"`kg {name}` is not documented in README.md"
        assert runner.invoke(main, [name, "--help"]).exit_code == 0
