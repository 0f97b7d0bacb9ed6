#!/usr/bin/env python3
"""Draw a store as the offline HTML graph and photograph it with headless Chromium.

Makes the README picture (docs/img/sample-graph.png) from real output of the tool:
``kg ingest --store /tmp/pic-store data/samples/`` then
``python scripts/screenshot_graph.py --store /tmp/pic-store docs/img/sample-graph.png``.
Needs Python Playwright and Debian's chromium (never ``playwright install``: it downloads).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                 "--disable-background-networking"]


def screenshot(html_path: Path, png_path: Path, *, width: int = 1400, height: int = 850,
               select: str | None = None, hide_unlinked: bool = False, executable: str = CHROMIUM) -> int:
    """Open ``html_path`` offline, wait for the graph, save ``png_path``; returns drawn nodes.

    ``select`` names a node (label, Arabic label or QID) to click first, so the picture shows
    the side panel with that node's facts and evidence sentences; ``hide_unlinked`` ticks the
    page's "hide unlinked" box so nodes without any relation do not shrink the picture.
    """
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(offline=True, viewport={"width": width, "height": height},
                                          device_scale_factor=1)
            page = context.new_page()
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                       else route.abort())
            page.goto(html_path.resolve().as_uri())
            page.wait_for_selector("body[data-ready='1']", timeout=30_000)
            nodes = int(page.evaluate("window.cy.nodes().length"))
            if hide_unlinked:
                page.check("#isolated")
            if select:
                found = page.evaluate(
                    """(name) => { const n = window.cy.nodes().filter(x => [x.data('label'), x.data('label_en'),
                         x.data('label_ar'), x.data('qid')].includes(name)); n.emit('tap'); return n.length; }""",
                    select)
                if not found:
                    raise SystemExit(f"no node called {select!r} in the graph")
            png_path.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(png_path))
            return nodes
        finally:
            browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("output", type=Path, help="PNG to write")
    parser.add_argument("--store", required=True, help="store directory (opened read-only)")
    parser.add_argument("--nodes", default="actors", choices=["actors", "events", "all"])
    parser.add_argument("--since")
    parser.add_argument("--until")
    parser.add_argument("--source")
    parser.add_argument("--entity-type", action="append", dest="entity_types")
    parser.add_argument("--title", default="diplomacy-kg: sample articles")
    parser.add_argument("--select", help="click this node (label or QID) before the picture")
    parser.add_argument("--hide-unlinked", action="store_true", help="leave out nodes without relations")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=850)
    args = parser.parse_args(argv)

    from kg.errors import KGError
    from kg.export.graph_html import render_graph_html
    from kg.rdf.store import KGStore

    try:
        with KGStore(args.store, read_only=True) as store:
            page = render_graph_html(store, title=args.title, nodes=args.nodes, since=args.since,
                                     until=args.until, source=args.source, entity_types=args.entity_types)
    except KGError as exc:
        print(exc, file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        html_path = Path(tmp) / "graph.html"
        html_path.write_text(page, encoding="utf-8")
        nodes = screenshot(html_path, args.output, width=args.width, height=args.height,
                           select=args.select, hide_unlinked=args.hide_unlinked)
    print(f"wrote {args.output} ({nodes} nodes drawn)", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
