"""`kg link`: unlinked names by the number of article graphs mentioning them."""

from __future__ import annotations

import csv
import io
import json

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.link.report import report_text, unlinked_names
from kg.model import Entity
from kg.rdf.store import KGStore
from tests.conftest import make_extraction


@pytest.fixture
def filled(tmp_path):
    path = tmp_path / "store"
    exs = [make_extraction(f"a{i}") for i in range(3)]
    exs[2].entities["ORG:sahel-forum"] = Entity(key="ORG:sahel-forum", type="ORG",
                                                labels={"en": ["Sahel Forum"], "ar": ["منتدى الساحل"]})
    with KGStore(path) as store:
        store.replace_articles(exs)
    return path


def test_unlinked_names_by_frequency(filled):
    with KGStore(filled, read_only=True) as store:
        rows = unlinked_names(store)
    assert [(r.name, r.type, r.articles) for r in rows] == [("Jane Envoy", "PER", 3), ("Sahel Forum", "ORG", 1)]
    assert rows[1].labels["ar"] == ["منتدى الساحل"]
    with KGStore(filled, read_only=True) as store:
        assert [r.name for r in unlinked_names(store, limit=1)] == ["Jane Envoy"]
    text = report_text(rows)
    assert "Jane Envoy" in text.splitlines()[1] and "2 unlinked name(s)" in text


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_cli_formats(filled, fmt):
    result = CliRunner().invoke(main, ["link", "--store", str(filled), "--format", fmt, "--limit", "5"])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data[0]["name"] == "Jane Envoy" and data[0]["articles"] == 3
    elif fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(result.output)))
        assert rows[1]["name"] == "Sahel Forum" and rows[1]["other_labels"] == "منتدى الساحل"
    else:
        assert "Sahel Forum" in result.output


def test_empty_report(tmp_path):
    with KGStore(tmp_path / "s") as store:
        assert unlinked_names(store) == []
    assert "every entity" in report_text([])
