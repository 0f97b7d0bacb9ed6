"""The web UI in a real headless Chromium: YASGUI loads offline, runs a query against our
endpoint, and shows the results table."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.server.conftest import ARTIFACTS

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium (`make system-deps` or `apt-get install chromium`)")
    from kg.server.app import vendor_dir

    if vendor_dir() is None:
        pytest.skip("YASGUI assets are not installed: run `npm ci`")
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def test_yasgui_runs_a_saved_query(browser, live):
    context = browser.new_context()
    outside: list[str] = []

    def route(r):
        if r.request.url.startswith(live.url):
            r.continue_()
        else:  # the page must work offline: no request may leave the server
            outside.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live.url + "/", wait_until="load")
    page.wait_for_selector(".yasqe .CodeMirror", timeout=15_000)
    page.click("#saved button[data-name='mediators-by-conflict']")
    page.wait_for_function(
        "() => window.kgYasgui.getTab().getQuery().includes('Mediators') || "
        "window.kgYasgui.getTab().getQuery().includes('dip:Mediation')", timeout=10_000)
    page.locator(".yasqe_queryButton:visible").click(timeout=10_000)
    page.wait_for_selector(".yasr table.dataTable tbody tr td >> visible=true", timeout=20_000)
    headers = page.locator(".yasr table.dataTable:visible thead th").all_inner_texts()
    cells = page.locator(".yasr table.dataTable:visible tbody tr").first.inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "yasgui.png"), full_page=True)
    assert any("mediator" in h for h in headers), headers
    assert "Oman" in cells or "Q842" in cells or "United States" in cells, cells
    assert not errors, errors
    assert not [u for u in outside if not u.startswith("data:")], outside
    context.close()


def test_entity_page_renders(browser, live):
    page = browser.new_page()
    page.goto(live.url + "/entity/Q846")
    assert "قطر" in page.inner_text("h1")
    assert page.locator("table.events tr").count() >= 2
    page.close()


def test_artifacts_dir_is_ignored():
    gitignore = (Path(__file__).resolve().parents[2] / ".gitignore").read_text()
    assert "/tests/artifacts/" in gitignore or shutil.which("git") is None
