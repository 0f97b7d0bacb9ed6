"""The Flask application: SPARQL 1.1 Protocol, Graph Store Protocol, ingestion, UI, pages.

``create_app(settings, store=None)`` builds everything from its arguments (no module
globals), so tests build as many apps as they like. The shared state lives in one
:class:`KGServer` object at ``app.extensions["kg"]``.
"""

from __future__ import annotations

import contextlib
import hmac
import json
import logging
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from flask import Flask, Response, request, send_from_directory
from werkzeug.exceptions import HTTPException
from werkzeug.http import parse_etags

from kg import __version__
from kg.config import Settings
from kg.errors import (
    AuthError,
    FormatError,
    KGError,
    NotFoundError,
    QueryError,
    QueryTooLargeError,
    StoreError,
    WritesDisabledError,
)
from kg.rdf.namespace import PREFIXES
from kg.rdf.store import KGStore
from kg.resources import resource_path
from kg.server.cache import CachedResult, ResultCache, cache_key
from kg.server.executor import Executor, InlineExecutor, ProcessExecutor, resolve_workers
from kg.server.formats import media_type, negotiate
from kg.server.saved import SavedQuery, load_saved_queries

log = logging.getLogger("kg.server")

_PACKAGE = Path(__file__).resolve().parent
#: Where YASGUI's files are looked for: packed into the wheel, else a checkout's node_modules.
VENDOR_DIRS = (
    _PACKAGE / "static" / "vendor" / "yasgui",
    _PACKAGE.parent.parent / "node_modules" / "@zazuko" / "yasgui" / "build",
)
NOTICES_FILES = (
    _PACKAGE / "static" / "vendor" / "THIRD_PARTY_NOTICES.txt",
    _PACKAGE.parent.parent / "THIRD_PARTY_NOTICES.txt",
)
CHUNK = 64 * 1024
_PREFIXES = dict(PREFIXES)  # sent with every job; workers never change it


def error_body(code: str, status: int, message: str) -> dict:
    """The one JSON error shape of the server (pinned by a test)."""
    return {"error": {"code": code, "status": status, "message": message}}


def error_json(code: str, status: int, message: str) -> bytes:
    return (json.dumps(error_body(code, status, message), ensure_ascii=False) + "\n").encode("utf-8")


def error_response(code: str, status: int, message: str, headers: dict | None = None) -> Response:
    resp = Response(error_json(code, status, message), status=status, mimetype="application/json")
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def vendor_dir() -> Path | None:
    """The folder YASGUI is served from, or None when `npm ci` has not been run."""
    for d in VENDOR_DIRS:
        if (d / "yasgui.min.js").is_file():
            return d
    return None


class KGServer:
    """Everything the request handlers share: settings, store, query executor, cache."""

    def __init__(self, settings: Settings, store: KGStore, executor: Executor, owns_store: bool):
        self.settings = settings
        self.store = store
        self.executor = executor
        self.owns_store = owns_store
        self.cache = ResultCache(settings.cache_entries, max_bytes=int(settings.extra.get("cache_bytes", 64 << 20)))
        self.write_lock = threading.Lock()
        #: cache keys being computed now, so identical concurrent misses wait for one run
        self.inflight: dict[str, threading.Event] = {}
        self.inflight_lock = threading.Lock()
        self.generation = store.generation()
        self.queries_dir = _queries_dir(settings)
        self._saved: dict[str, SavedQuery] | None = None
        self._extractor: Any = settings.extra.get("extractor")
        self._extractor_lock = threading.Lock()
        #: one extraction at a time (the NLP pipeline is not thread-safe; queries go on meanwhile)
        self.extract_lock = threading.Lock()

    # -- queries ---------------------------------------------------------------------------

    @property
    def saved_queries(self) -> dict[str, SavedQuery]:
        if self._saved is None:
            self._saved = load_saved_queries(self.queries_dir) if self.queries_dir else {}
        return self._saved

    def job(self, query: str, *, results_format: str = "json", graph_format: str = "turtle",
            default_graph: list[str] | None = None, named_graphs: list[str] | None = None) -> dict:
        """A worker job dict; the prefixes of the project are predefined for every query."""
        if len(query.encode("utf-8")) > self.settings.max_query_bytes:
            raise QueryTooLargeError(
                f"the query is {len(query.encode('utf-8'))} bytes; this server accepts at most "
                f"{self.settings.max_query_bytes} (setting max_query_bytes)"
            )
        return {
            "query": query,
            "results_format": results_format,
            "graph_format": graph_format,
            "default_graph": default_graph,
            "named_graphs": named_graphs,
            "union": self.settings.union_default_graph,
            "prefixes": _PREFIXES,
            "max_rows": self.settings.max_rows,
        }

    def etag_for(self, job: dict) -> str:
        key = cache_key(job["query"], job["results_format"], job["graph_format"], job["default_graph"],
                        job["named_graphs"], job["union"], job["max_rows"], self.generation)
        return key

    def execute(self, job: dict) -> dict:
        """Run a job in the executor and turn worker errors into library errors."""
        reply = self.executor.run(job, self.settings.query_timeout)
        err = reply.get("error")
        if err == "query":
            raise QueryError(f"SPARQL query does not parse or cannot run: {reply['message']}")
        if err == "store":
            raise StoreError(f"reading the store failed: {reply['message']}")
        if err:
            log.error("query worker failed: %s\n%s", reply.get("message"), reply.get("trace", ""))
            raise KGError("the query failed inside the server; the error was logged")
        return reply

    def select(self, query: str) -> list[dict[str, dict]]:
        """Rows of a SELECT as SPARQL-JSON bindings (for the HTML pages; results are small)."""
        reply = self.execute(self.job(query))
        body = reply["bytes"] if "bytes" in reply else _read_and_unlink(reply["file"])
        return json.loads(body)["results"]["bindings"]

    def ask(self, query: str) -> bool:
        reply = self.execute(self.job(query))
        body = reply["bytes"] if "bytes" in reply else _read_and_unlink(reply["file"])
        return bool(json.loads(body).get("boolean"))

    # -- writes ----------------------------------------------------------------------------

    def check_write(self) -> None:
        """401 without the right bearer token, 403 when writes are off or the store is read-only."""
        token = self.settings.write_token
        if not token:
            raise WritesDisabledError(
                "writes are disabled on this server; start it with --token (or KG_WRITE_TOKEN) to allow "
                "SPARQL Update, the Graph Store Protocol and /ingest"
            )
        header = request.headers.get("Authorization", "")
        scheme, _, given = header.partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
            raise AuthError("this request writes to the store: send the header 'Authorization: Bearer <token>'")
        if self.store.read_only:
            raise WritesDisabledError("the store was opened read-only by this server; writes are not possible")

    def write(self, action) -> Any:
        """Run ``action(store)`` under the write lock, then publish the new state to the workers."""
        with self.write_lock:
            try:
                return action(self.store)
            finally:
                self.store.flush()
                self.generation = self.store.generation()
                self.executor.refresh()

    def extractor(self):
        with self._extractor_lock:
            if self._extractor is None:
                from kg.pipeline import default_extractor

                self._extractor = default_extractor()
            return self._extractor

    def close(self) -> None:
        self.executor.close()
        if self.owns_store:
            self.store.close()


def _queries_dir(settings: Settings) -> Path | None:
    explicit = settings.extra.get("queries_dir")
    if explicit:
        return Path(explicit)
    try:
        return resource_path("queries")
    except FileNotFoundError:
        return None


def _read_and_unlink(path: str) -> bytes:
    try:
        with open(path, "rb") as fh:
            return fh.read()
    finally:
        _unlink(path)


def _unlink(path: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(path)


def _stream_file(path: str) -> Iterator[bytes]:
    """Yield a spooled result in chunks; the file is gone as soon as it is open."""
    fh = open(path, "rb")  # noqa: SIM115 - closed by the with below, after the unlink
    _unlink(path)
    with fh:
        while chunk := fh.read(CHUNK):
            yield chunk


def create_app(settings: Settings | None = None, store: KGStore | None = None) -> Flask:
    """Build the endpoint over ``store`` (default: open ``settings.store`` read-write).

    ``settings.extra`` may hold ``query_workers`` (0 = run queries in-process, no timeouts),
    ``queries_dir``, ``cache_bytes``, ``extractor`` (an object with ``extract_many``) and
    ``fast_path`` (False = every request through Flask; see :mod:`kg.server.fastpath`).
    """
    settings = settings or Settings()
    owns_store = store is None
    if store is None:
        store = KGStore(settings.store)
    workers = settings.extra.get("query_workers")
    if store.path is None or workers == 0:
        executor: Executor = InlineExecutor(store)
    else:
        executor = ProcessExecutor(store, resolve_workers(workers))
    kg = KGServer(settings, store, executor, owns_store)

    app = Flask(__name__)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.extensions["kg"] = kg
    _register_errors(app)
    _register_cors(app, settings.cors_origins)

    from kg.server import pages, protocol, writes

    protocol.register(app, kg)
    writes.register(app, kg)
    pages.register(app, kg)
    if settings.extra.get("fast_path", True):
        from kg.server.fastpath import QueryFastPath

        app.wsgi_app = QueryFastPath(app.wsgi_app, kg)  # type: ignore[method-assign]

    @app.get("/static/vendor/<path:filename>")
    def vendor(filename: str):
        folder = vendor_dir()
        if folder is None:
            raise NotFoundError("the web UI assets are not installed; run `npm ci` in the project folder")
        return send_from_directory(folder, filename, max_age=3600)

    @app.get("/licenses")
    def licenses():
        for f in NOTICES_FILES:
            if f.is_file():
                return Response(f.read_bytes(), mimetype="text/plain")
        raise NotFoundError("no THIRD_PARTY_NOTICES.txt; run `npm ci` (it writes them)")

    @app.get("/health")
    def health():
        return {"status": "ok", "version": __version__, "generation": kg.generation,
                "quads": len(kg.store), "cache": kg.cache.stats(),
                "timeouts_enforced": getattr(kg.executor, "enforces_timeout", False)}

    return app


def _register_errors(app: Flask) -> None:
    @app.errorhandler(KGError)
    def kg_error(exc: KGError):
        headers = {}
        if exc.http_status == 401:
            headers["WWW-Authenticate"] = 'Bearer realm="diplomacy-kg"'
        if exc.http_status >= 500:
            log.warning("%s %s -> %s", request.method, request.path, exc)
        return error_response(exc.code, exc.http_status, exc.message, headers)

    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        status = exc.code or 500
        headers = {}
        if status == 405 and exc.valid_methods:  # type: ignore[attr-defined]
            headers["Allow"] = ", ".join(exc.valid_methods)  # type: ignore[attr-defined]
        message = exc.description or exc.name
        if status == 413:
            return error_response(QueryTooLargeError.code, 413, "the request body is larger than this server accepts")
        return error_response(f"HTTP{status}", status, message, headers)

    @app.errorhandler(Exception)
    def internal(exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.path)
        return error_response("KG000", 500, "internal server error; the details were logged on the server")


def _register_cors(app: Flask, origins_setting: str) -> None:
    """CORS for browser apps on other origins ("*" or a comma-separated list of origins)."""
    origins = [o.strip().rstrip("/") for o in (origins_setting or "").split(",") if o.strip()]
    if not origins:
        return

    def allowed(origin: str | None) -> str | None:
        if not origin:
            return None
        if "*" in origins:
            return "*"
        return origin if origin.rstrip("/") in origins else None

    @app.before_request
    def preflight():
        if request.method == "OPTIONS" and request.headers.get("Access-Control-Request-Method"):
            resp = Response(status=204)
            return resp
        return None

    @app.after_request
    def add_headers(resp: Response) -> Response:
        origin = allowed(request.headers.get("Origin"))
        if origin:
            resp.headers["Access-Control-Allow-Origin"] = origin
            if origin != "*":
                resp.vary.add("Origin")
            resp.headers["Access-Control-Allow-Methods"] = "GET, POST, PUT, DELETE, OPTIONS"
            resp.headers["Access-Control-Allow-Headers"] = "Accept, Authorization, Content-Type, If-None-Match"
            resp.headers["Access-Control-Expose-Headers"] = "ETag, X-KG-Generation, X-KG-Max-Rows"
            resp.headers["Access-Control-Max-Age"] = "600"
        return resp


# -- helpers shared by the blueprints-as-modules --------------------------------------------


class Answer:
    """A query response before any web framework sees it: status, headers, body.

    Built by :func:`answer_query`; Flask routes wrap it in a ``Response`` and the fast path
    (:mod:`kg.server.fastpath`) hands it to the WSGI server as it is, so both paths answer
    with the same status, headers and bytes.
    """

    __slots__ = ("body", "headers", "status")

    def __init__(self, status: int, headers: list[tuple[str, str]], body: bytes | Iterator[bytes]):
        self.status, self.headers, self.body = status, headers, body


def _query_headers(kg: KGServer, etag: str) -> list[tuple[str, str]]:
    return [("ETag", f'"{etag}"'), ("Cache-Control", "no-cache"), ("Vary", "Accept"),
            ("X-KG-Generation", str(kg.generation)), ("X-KG-Max-Rows", str(kg.settings.max_rows))]


def _reply_answer(kg: KGServer, reply: dict, etag: str, cache_state: str) -> Answer:
    """Turn a worker reply into an answer (streamed from the spool file when it is big)."""
    mt = media_type(reply["kind"], reply["format"])
    if "file" in reply and reply["size"] <= kg.cache.max_entry_bytes:
        # Spooled (over 1 MB) but still cacheable: read it once so repeats come from memory.
        reply = {"kind": reply["kind"], "format": reply["format"], "bytes": _read_and_unlink(reply["file"])}
    body: bytes | Iterator[bytes]
    if "bytes" in reply:
        body = reply["bytes"]
        kg.cache.put(etag, CachedResult(body, mt, reply["kind"]))
        size = len(body)
    else:
        body, size = _stream_file(reply["file"]), reply["size"]
    headers = [("Content-Type", mt), ("Content-Length", str(size)), *_query_headers(kg, etag),
               ("X-KG-Cache", cache_state)]
    return Answer(200, headers, body)


def answer_query(kg: KGServer, job: dict, if_none_match: str | None) -> Answer:
    """ETag check, cache lookup, else run: the path every query response takes."""
    etag = kg.etag_for(job)
    if if_none_match and parse_etags(if_none_match).contains(etag):
        return Answer(304, _query_headers(kg, etag), b"")
    hit = kg.cache.get(etag)
    if hit is None:
        # Single flight: when a dashboard opens in several browsers at once, the same query
        # arrives several times before the first answer is cached; run it once.
        with kg.inflight_lock:
            leader = etag not in kg.inflight
            event = kg.inflight.setdefault(etag, threading.Event())
        if leader:
            try:
                return _reply_answer(kg, kg.execute(job), etag, "miss")
            finally:
                with kg.inflight_lock:
                    kg.inflight.pop(etag, None)
                event.set()
        event.wait(kg.settings.query_timeout + 5)
        hit = kg.cache.get(etag)
        if hit is None:  # the leader failed or the answer was too big to cache: run it here
            return _reply_answer(kg, kg.execute(job), etag, "miss")
    headers = [("Content-Type", hit.media_type), ("Content-Length", str(len(hit.body))),
               *_query_headers(kg, etag), ("X-KG-Cache", "hit")]
    return Answer(200, headers, hit.body)


def run_cached(kg: KGServer, job: dict) -> Response:
    """:func:`answer_query` as a Flask response."""
    answer = answer_query(kg, job, request.headers.get("If-None-Match"))
    streamed = not isinstance(answer.body, bytes)
    resp = Response(answer.body, status=answer.status, direct_passthrough=streamed)
    resp.headers.update(answer.headers)  # after the body: set_data would reset Content-Length
    return resp


def negotiated(default_param: str = "format") -> tuple[str, str]:
    return negotiate(request.values.get(default_param), request.accept_mimetypes)


def rdf_format_for_media(content_type: str | None) -> ox.RdfFormat:
    """The RDF format of a request body from its Content-Type (Graph Store Protocol)."""
    media = (content_type or "").split(";")[0].strip().lower()
    table = {
        "text/turtle": ox.RdfFormat.TURTLE,
        "application/x-turtle": ox.RdfFormat.TURTLE,
        "application/n-triples": ox.RdfFormat.N_TRIPLES,
        "text/plain": ox.RdfFormat.N_TRIPLES,
        "application/rdf+xml": ox.RdfFormat.RDF_XML,
        "application/ld+json": ox.RdfFormat.JSON_LD,
        "application/trig": ox.RdfFormat.TRIG,
        "application/n-quads": ox.RdfFormat.N_QUADS,
        "text/n3": ox.RdfFormat.N3,
    }
    if media not in table:
        raise _unsupported_media(media, table)
    return table[media]


def _unsupported_media(media: str, table: dict) -> FormatError:
    err = FormatError(f"cannot read a request body of type {media or '(none)'!r}; send one of {', '.join(table)}")
    err.http_status = 415
    return err

