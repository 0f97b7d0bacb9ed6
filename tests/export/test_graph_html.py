"""The offline HTML viewer: self-contained, safe with hostile labels, and drawn by a real browser."""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

import pytest

from kg.errors import FormatError
from kg.export import export, graph_html
from kg.export.graph_html import render_graph_html
from kg.export.graph_model import build_graph
from tests.conftest import REPO
from tests.export.conftest import TRICKY

ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]


def _embedded_graph(page: str) -> dict:
    match = re.search(r'<script id="kg-graph" type="application/json">(.*?)</script>', page, re.S)
    assert match, "graph JSON block missing"
    return json.loads(match.group(1))


def test_page_is_self_contained(graph_store):
    page = render_graph_html(graph_store)
    assert "cytoscape" in page and "Copyright (c) 2016" in page  # inlined, licence header kept
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", page, re.I)
    assert "default-src 'none'" in page  # the browser may fetch nothing
    # Exactly the four <script> blocks we wrote: a label with </script> did not end one early.
    assert page.count("</script>") == 4
    data = _embedded_graph(page)
    labels = {n["data"]["label"] for n in data["elements"]["nodes"]}
    assert TRICKY in labels
    assert len(data["elements"]["nodes"]) == build_graph(graph_store).number_of_nodes()


def test_export_html_honours_options(graph_store, tmp_path):
    path = tmp_path / "g.html"
    with open(path, "wb") as out:
        export(graph_store, out, "html", nodes="events", entity_types=["PER"])
    data = _embedded_graph(path.read_text(encoding="utf-8"))
    assert {n["data"]["type"] for n in data["elements"]["nodes"]} == {"PER", "Summit"}


def test_missing_cytoscape_says_run_npm_ci(graph_store, monkeypatch, tmp_path):
    monkeypatch.setattr(graph_html, "_candidates", lambda: [tmp_path / "nope.js"])
    with pytest.raises(FormatError, match="npm ci"):
        render_graph_html(graph_store)


@pytest.mark.browser
def test_browser_draws_graph_offline(graph_store, tmp_path):
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian chromium is not installed (apt-get install chromium, or `make system-deps`)")
    sync_api = pytest.importorskip("playwright.sync_api")
    html_path = tmp_path / "graph.html"
    html_path.write_text(render_graph_html(graph_store, nodes="events"), encoding="utf-8")
    expected_nodes = build_graph(graph_store, nodes="events").number_of_nodes()
    outside: list[str] = []
    errors: list[str] = []
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": 1200, "height": 800})
            page = context.new_page()
            page.on("pageerror", lambda exc: errors.append(str(exc)))

            def block(route):
                if route.request.url.startswith("file:"):
                    route.continue_()
                else:
                    outside.append(route.request.url)
                    route.abort()

            page.route("**/*", block)
            page.goto(html_path.as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=20_000)
            assert page.evaluate("window.cy.nodes().length") == expected_nodes
            assert page.evaluate("window.cy.nodes().filter(n => n.renderedBoundingBox().w > 0).length") == expected_nodes
            assert page.locator("#cy canvas").count() >= 1
            # Clicking the United Nations shows its facts and the Arabic evidence sentence.
            page.evaluate("window.cy.$id('https://w3id.org/diplomacy-kg/entity/Q1065').emit('tap') && null")
            panel = page.locator("#panel").inner_text()
            assert "Q1065" in panel and "الأمم المتحدة" in panel and "عقدت الأمم المتحدة قمة في جنيف" in panel
            page.evaluate("window.cy.$id('https://w3id.org/diplomacy-kg/entity/person/hans').emit('tap') && null")
            assert TRICKY in page.locator("#panel h2").inner_text()  # shown as text, not markup
            page.check("#isolated")  # "hide unlinked": the Statement event has no relation
            linked = sum(1 for _, deg in build_graph(graph_store, nodes="events").degree() if deg)
            assert page.evaluate("window.cy.nodes(':visible').length") == linked < expected_nodes
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "graph-html.png"))
        finally:
            browser.close()
    assert outside == [], f"the page tried to reach the network: {outside}"
    assert errors == []


def test_screenshot_script_reports_a_missing_store(tmp_path, capsys):
    # scripts/screenshot_graph.py makes the README picture; a bad store is one clear line, exit 1.
    spec = importlib.util.spec_from_file_location("screenshot_graph", REPO / "scripts" / "screenshot_graph.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main([str(tmp_path / "out.png"), "--store", str(tmp_path / "no-store")]) == 1
    assert "KG201" in capsys.readouterr().err
    assert not (tmp_path / "out.png").exists()
