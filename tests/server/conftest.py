"""Fixtures for the server tests: a real on-disk store with a small diplomacy graph, and
real servers (waitress on a free loopback port, query worker processes) over it.

The graph is built from kg.model records, so no extractor or NLP model is needed.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.config import Settings
from kg.model import Article, Entity, EnvoyRelation, Event, Evidence, Extraction, Mention
from kg.rdf.store import KGStore

TOKEN = "test-write-token"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"


def _country(qid: str, en: str, ar: str) -> Entity:
    return Entity(key=qid, type="LOC", subtype="Country", labels={"en": [en], "ar": [ar]}, qid=qid,
                  link_confidence=0.9, link_method="gazetteer")


ENTITIES = {
    "Q842": _country("Q842", "Oman", "عمان"),
    "Q794": _country("Q794", "Iran", "إيران"),
    "Q30": _country("Q30", "United States", "الولايات المتحدة"),
    "Q846": _country("Q846", "Qatar", "قطر"),
    "Q79": _country("Q79", "Egypt", "مصر"),
    "Q801": _country("Q801", "Israel", "إسرائيل"),
    "Q219060": _country("Q219060", "Palestine", "فلسطين"),
    "Q1049": _country("Q1049", "Sudan", "السودان"),
    "Q851": _country("Q851", "Saudi Arabia", "السعودية"),
    "Q3826": Entity(key="Q3826", type="LOC", subtype="City", labels={"en": ["Muscat"], "ar": ["مسقط"]}, qid="Q3826"),
    "Q3861": Entity(key="Q3861", type="LOC", subtype="City", labels={"en": ["Doha"], "ar": ["الدوحة"]}, qid="Q3861"),
    "Q71": Entity(key="Q71", type="LOC", subtype="City", labels={"en": ["Geneva"]}, qid="Q71"),
    "Q1748": Entity(key="Q1748", type="LOC", subtype="City", labels={"en": ["Jeddah"], "ar": ["جدة"]}, qid="Q1748"),
    "PER:steve-witkoff": Entity(key="PER:steve-witkoff", type="PER", labels={"en": ["Steve Witkoff"]},
                                office="special envoy", country="Q30"),
    "ORG:rsf": Entity(key="ORG:rsf", type="ORG", labels={"en": ["Rapid Support Forces"], "ar": ["قوات الدعم السريع"]}),
}


@dataclass
class Story:
    id: str
    lang: str
    date: str
    url: str
    title: str
    text: str
    mediators: tuple[str, ...] = ()
    parties: tuple[str, ...] = ()
    participants: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    kind: str = "Mediation"
    status: str = "held"
    envoy: tuple[str, str] | None = None


STORIES = [
    Story("oman-1", "en", "2025-04-12", "https://news.example.org/oman-1", "Talks in Muscat",
          "Oman mediated indirect talks between Iran and the United States in Muscat.",
          mediators=("Q842",), parties=("Q794", "Q30"), venues=("Q3826",),
          envoy=("PER:steve-witkoff", "Q30")),
    Story("oman-2", "ar", "2025-04-19", "https://arabic.example.net/oman-2", "جولة ثانية في مسقط",
          "توسطت عمان في جولة ثانية من المحادثات بين إيران والولايات المتحدة في مسقط.",
          mediators=("Q842",), parties=("Q794", "Q30"), venues=("Q3826",)),
    Story("gaza-1", "ar", "2025-01-15", "https://arabic.example.net/gaza-1", "وساطة قطرية مصرية",
          "أعلنت قطر ومصر التوصل إلى اتفاق لوقف إطلاق النار في غزة بعد مفاوضات في الدوحة.",
          mediators=("Q846", "Q79"), parties=("Q801", "Q219060"), venues=("Q3861",)),
    Story("sudan-1", "en", "2023-05-20", "https://news.example.org/sudan-1", "Jeddah talks on Sudan",
          "Saudi Arabia and the United States facilitated talks between Sudan's army and the RSF in Jeddah.",
          mediators=("Q851", "Q30"), parties=("Q1049", "ORG:rsf"), venues=("Q1748",)),
    Story("geneva-1", "en", "2024-08-14", "https://wire.example.com/geneva-1", "Geneva meeting",
          "Envoys met in Geneva to discuss Sudan; Egypt and Saudi Arabia attended.",
          kind="Meeting", participants=("Q79", "Q851"), venues=("Q71",), status="held"),
]


def story_extraction(s: Story) -> Extraction:
    art = Article(id=s.id, text=s.text, lang=s.lang, date=dt.date.fromisoformat(s.date), url=s.url, title=s.title)
    ex = Extraction(article=art, lang=s.lang)
    keys = dict.fromkeys(s.mediators + s.parties + s.participants + s.venues + (s.envoy or ()))
    for k in keys:
        e = ENTITIES[k]
        label = (e.labels.get(s.lang) or e.labels["en"])[0]
        start = s.text.find(label)
        mentions = [Mention(start, start + len(label), label)] if start >= 0 else []
        ex.entities[k] = Entity(**{**e.__dict__, "mentions": mentions})
    ev = Evidence(sentence=s.text, start=0, end=len(s.text), confidence=0.8, extractor="fixture/1")
    ex.events = [Event(kind=s.kind, evidence=ev, mediators=list(s.mediators), parties=list(s.parties),
                       participants=list(s.participants), venues=list(s.venues), status=s.status,
                       date=dt.date.fromisoformat(s.date))]
    if s.envoy:
        ex.envoys = [EnvoyRelation(envoy=s.envoy[0], principal=s.envoy[1], evidence=ev)]
    return ex


def build_store(path: Path) -> Path:
    with KGStore(path) as store:
        store.replace_articles(story_extraction(s) for s in STORIES)
    return path


@pytest.fixture(scope="session")
def fixture_store(tmp_path_factory) -> Path:
    """The fixture graph on disk (closed: tests and servers open it themselves)."""
    return build_store(tmp_path_factory.mktemp("kgstore") / "store")


@pytest.fixture
def store_copy(fixture_store: Path, tmp_path: Path) -> Path:
    """A private copy for tests that write."""
    dest = tmp_path / "store"
    shutil.copytree(fixture_store, dest)
    return dest


class LiveServer:
    """waitress serving create_app() on a free loopback port, in a thread of this process."""

    def __init__(self, settings: Settings):
        from waitress import create_server

        from kg.server import create_app

        self.app = create_app(settings)
        self.kg = self.app.extensions["kg"]
        self.server = create_server(self.app, host="127.0.0.1", port=0, threads=8)
        self.url = f"http://127.0.0.1:{self.server.effective_port}"  # type: ignore[union-attr]
        self.thread = threading.Thread(target=self.server.run, daemon=True, name="waitress-loop")
        self.thread.start()

    def close(self) -> None:
        """Stop waitress cleanly: request threads first, then every socket from the loop's own
        thread. (Closing the sockets from here while the loop polls them made the loop and the
        request threads fail with EBADF.)"""
        from waitress import wasyncore

        server = self.server
        server.task_dispatcher.shutdown(timeout=10)
        sockets = server._map  # type: ignore[union-attr]
        server.trigger.pull_trigger(lambda: wasyncore.close_all(sockets))  # type: ignore[union-attr]
        self.thread.join(10)
        self.kg.close()


def server_settings(store: Path, **kw) -> Settings:
    base = dict(store=str(store), query_timeout=3.0, write_token=None, cors_origins="https://app.example.org",
                max_rows=1000, extra={"query_workers": 2})
    base.update(kw)
    return Settings(**base)


@pytest.fixture(scope="session")
def live(fixture_store: Path) -> Iterator[LiveServer]:
    """A read-only server (no token) over the fixture store, shared by the read tests."""
    srv = LiveServer(server_settings(fixture_store))
    _wait_ready(srv)
    yield srv
    srv.close()


@pytest.fixture
def writable(store_copy: Path) -> Iterator[LiveServer]:
    """A server with a write token over a private copy of the store."""
    srv = LiveServer(server_settings(store_copy, write_token=TOKEN))
    _wait_ready(srv)
    yield srv
    srv.close()


def _wait_ready(srv: LiveServer) -> None:
    import urllib.request

    urllib.request.urlopen(srv.url + "/sparql?query=ASK%7B%7D", timeout=30).read()


def read_only_store(path: Path) -> KGStore:
    """The fixture store opened read-only beside the shared live server (which holds its lock);
    the warning KGStore gives about that is expected here, and it never sees writes."""
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=".*held by another process", category=UserWarning)
        return KGStore(path, read_only=True)


@pytest.fixture
def client(fixture_store: Path):
    """Flask's test client over the fixture store, queries in-process (fast, no timeouts)."""
    from kg.server import create_app

    store = read_only_store(fixture_store)
    app = create_app(server_settings(fixture_store, extra={"query_workers": 0}), store)
    with app.test_client() as c:
        yield c
    app.extensions["kg"].close()
    store.close()
