"""The query worker: a separate process that runs SPARQL queries on a read-only store snapshot.

Why a process and not a thread: pyoxigraph cannot cancel a running query, so the only way to
really stop a runaway query is to kill the process running it. The server keeps a small pool
of these workers and replaces any it had to kill.

Why a snapshot: Oxigraph documents that opening a store read-only while another process
writes to it is undefined behaviour. The server process owns the store read-write (so `kg
ingest` sees the lock) and, after every write, makes a RocksDB checkpoint (``Store.backup``:
hard links, milliseconds) that nobody ever writes to. Workers open that checkpoint read-only
and switch to the newest one when the job they are handed names it.

Jobs and replies cross the pipe as :mod:`marshal` bytes (``send_bytes``/``recv_bytes``): both
ends are the same interpreter, a job holds only strings, lists, numbers and None, and a reply
only those plus the result bytes, so there is no pickling of objects and no class lookup.

This module imports only the standard library and pyoxigraph, so spawning a worker is quick.
"""

from __future__ import annotations

import contextlib
import io
import marshal
import os
import re
import tempfile
import traceback
from typing import Any

import pyoxigraph as ox

#: Result formats by name (SELECT/ASK) and RDF formats by name (CONSTRUCT/DESCRIBE).
RESULTS_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "trig": ox.RdfFormat.TRIG,
    "nquads": ox.RdfFormat.N_QUADS,
}

#: Results up to this size travel back through the pipe; larger ones through a spool file.
INLINE_BYTES = 1 << 20

_PROLOGUE = re.compile(
    r"\A(?:\s+|\#[^\n]*(?:\n|\Z)|BASE\s*<[^>]*>|PREFIX\s+[^\s:]*:\s*<[^>]*>)*",
    re.IGNORECASE,
)
_SELECT = re.compile(r"\ASELECT\b", re.IGNORECASE)


def limit_select(query: str, max_rows: int, variables: list[str]) -> str | None:
    """``query`` wrapped to return at most ``max_rows`` rows, or None if it is no SELECT.

    The body goes into a sub-select (``SELECT ?a ?b WHERE { ... } LIMIT n``), which keeps the
    query's own LIMIT, ORDER BY and VALUES. The outer projection names the variables of the
    original (``SELECT *`` would reorder the columns). Queries a sub-select cannot hold (FROM
    clauses) fail to parse when wrapped; the caller then keeps the original.
    """
    head = _PROLOGUE.match(query)
    end = head.end() if head else 0
    body = query[end:]
    if not _SELECT.match(body) or not variables:
        return None
    projection = " ".join(f"?{v}" for v in variables)
    return f"{query[:end]}\nSELECT {projection} WHERE {{\n{body}\n}} LIMIT {int(max_rows)}"


_TOKEN = re.compile(
    r"""'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"|<[^<>"{}|^`\\\s]*>|\#[^\n]*|[?$][\w\u00b7-\uffff]+|[(){}]"""
    r"""|[^\s(){}"'<#?$]+""",
    re.IGNORECASE,
)


def projection(body: str) -> list[str] | None:
    """The variables a ``SELECT`` projects, in order, read from its text; None if unsure.

    Knowing them up front spares planning the query twice (once to learn the columns, once
    wrapped in the row limit). ``SELECT *`` and anything unusual answer None.
    """
    depth = 0
    names: list[str] = []
    after_as = False
    for m in _TOKEN.finditer(body, 6):
        tok = m.group(0)
        upper = tok.upper()
        if tok.startswith("#"):
            continue
        if tok == "(":
            depth += 1
        elif tok == ")":
            depth -= 1
        elif depth == 0 and (tok == "{" or upper == "WHERE"):
            return names or None
        elif depth == 0 and tok[0] in "?$":
            names.append(tok[1:])
        elif depth == 0 and upper in ("DISTINCT", "REDUCED"):
            pass
        elif depth == 0:
            return None  # "*", FROM, or something this reader does not know
        elif upper == "AS":
            after_as = True
            continue
        elif after_as and tok[0] in "?$" and depth == 1:
            names.append(tok[1:])
        after_as = False
    return None


def _graphs(values: list[str] | None) -> list | None:
    if values is None:
        return None
    return [ox.DefaultGraph() if v == "" else ox.NamedNode(v) for v in values]


class _Spool(io.RawIOBase):
    """A write-only sink that keeps small outputs in memory and spills big ones to a file.

    pyoxigraph's serialisers write into it directly, so results never become Python rows.
    """

    def __init__(self, spool_dir: str | None, limit: int = INLINE_BYTES):
        super().__init__()
        self._buf = bytearray()
        self._file: Any = None
        self._dir = spool_dir
        self._limit = limit
        self.size = 0
        self.path: str | None = None

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:  # type: ignore[override]
        n = len(data)
        self.size += n
        if self._file is not None:
            self._file.write(data)
            return n
        self._buf += data
        if len(self._buf) > self._limit:
            fd, self.path = tempfile.mkstemp(prefix="kg-result-", dir=self._dir)
            self._file = os.fdopen(fd, "wb")
            self._file.write(self._buf)
            self._buf = bytearray()
        return n

    def finish(self) -> tuple[str, Any]:
        if self._file is not None:
            self._file.close()
            return "file", self.path
        return "bytes", bytes(self._buf)

    def discard(self) -> None:
        if self._file is not None:
            self._file.close()
        if self.path:
            with contextlib.suppress(OSError):
                os.unlink(self.path)


class QueryRunner:
    """Runs jobs on the snapshot they name; the part of the worker tests can call in-process."""

    def __init__(self, store: ox.Store | None = None):
        self._store = store
        self._snapshot: str | None = None

    def store_for(self, snapshot: str | None) -> ox.Store:
        if snapshot is not None and snapshot != self._snapshot:
            self._store = None
            self._store = ox.Store.read_only(snapshot)
            self._snapshot = snapshot
        if self._store is None:
            raise RuntimeError("no store: the job named no snapshot")
        return self._store

    def run(self, job: dict) -> dict:
        """Run one job; returns a reply dict (never raises for user errors)."""
        try:
            store = self.store_for(job.get("snapshot"))
            return self._run(store, job)
        except SyntaxError as exc:
            return {"error": "query", "message": str(exc)}
        except ValueError as exc:
            return {"error": "query", "message": str(exc)}
        except OSError as exc:
            return {"error": "store", "message": str(exc)}
        except Exception as exc:
            return {"error": "internal", "message": repr(exc), "trace": traceback.format_exc()}

    def _run(self, store: ox.Store, job: dict) -> dict:
        kwargs: dict[str, Any] = {"prefixes": job.get("prefixes") or None}
        default_graph = _graphs(job.get("default_graph"))
        named_graphs = _graphs(job.get("named_graphs"))
        if default_graph is not None:
            kwargs["default_graph"] = default_graph
        if named_graphs is not None:
            kwargs["named_graphs"] = named_graphs
        if default_graph is None and named_graphs is None:
            kwargs["use_default_graph_as_union"] = bool(job.get("union", True))
        if job.get("base_iri"):
            kwargs["base_iri"] = job["base_iri"]
        text = job["query"]
        result = None
        max_rows = job.get("max_rows")
        if max_rows:
            head = _PROLOGUE.match(text)
            body = text[head.end() if head else 0:]
            if _SELECT.match(body):
                # A LIMIT appended to a SELECT either parses and caps the whole answer (it
                # lands after any GROUP BY/HAVING/ORDER BY/OFFSET) or does not parse (the query
                # has its own LIMIT, or a trailing VALUES block); then it is wrapped instead.
                with contextlib.suppress(SyntaxError):
                    result = store.query(f"{text}\nLIMIT {int(max_rows)}", **kwargs)
            columns = projection(body) if result is None and _SELECT.match(body) else None
            limited = limit_select(text, max_rows, columns) if columns else None
            if limited is not None:
                # Not wrappable (FROM clause ...): run the query as given below.
                with contextlib.suppress(SyntaxError):
                    result = store.query(limited, **kwargs)
        if result is None:
            result = store.query(text, **kwargs)
            if isinstance(result, ox.QuerySolutions) and max_rows:
                # SELECT * or a projection the reader above was unsure of: learn the columns
                # from a first plan, then run the wrapped query.
                limited = limit_select(text, max_rows, [v.value for v in result.variables])
                if limited is not None:
                    with contextlib.suppress(SyntaxError):
                        result = store.query(limited, **kwargs)
        spool = _Spool(job.get("spool_dir"))
        try:
            if isinstance(result, ox.QueryTriples):
                kind, fmt_name = "graph", job["graph_format"]
                result.serialize(spool, GRAPH_FORMATS[fmt_name])
            else:
                kind = "boolean" if isinstance(result, ox.QueryBoolean) else "solutions"
                fmt_name = job["results_format"]
                result.serialize(spool, RESULTS_FORMATS[fmt_name])
        except BaseException:
            spool.discard()
            raise
        where, payload = spool.finish()
        return {"kind": kind, "format": fmt_name, where: payload, "size": spool.size}


def encode(message: dict | None) -> bytes:
    """A job or reply as bytes for the pipe (``None`` asks a worker to stop)."""
    return marshal.dumps(message)


def decode(data: bytes) -> Any:
    return marshal.loads(data)


def worker_main(conn, store_path: str | None = None) -> None:
    """Entry point of a worker process: answer jobs from ``conn`` until it closes."""
    runner = QueryRunner(ox.Store.read_only(store_path) if store_path else None)
    while True:
        try:
            job = decode(conn.recv_bytes())
        except (EOFError, OSError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            conn.send_bytes(encode(runner.run(job)))
        except (BrokenPipeError, OSError):
            return
