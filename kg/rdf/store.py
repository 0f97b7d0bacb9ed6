"""The Oxigraph store on disk: one named graph per article.

Article graphs are written a batch at a time. Graphs new to the store go in with one
``bulk_load`` per batch (Oxigraph writes sorted files and RocksDB adds them to every index
in one atomic step); graphs that already exist are replaced by one SPARQL Update
(``DROP GRAPH`` for each, then ``INSERT DATA``), which Oxigraph runs as one transaction. So
an interrupted ingest leaves either the old or the new graph of each article, never a mix,
and re-ingesting an article replaces it. Large RDF files go through ``bulk_load`` too.

A store generation counter, kept in the store's meta graph and bumped after every write,
lets the server cache query results safely.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import FormatError, QueryError, StoreError, StoreLockedError
from kg.model import Extraction
from kg.rdf.iris import article_iri
from kg.rdf.mapping import extraction_triples, nquads
from kg.rdf.namespace import BASE, DIP_NS

_XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
#: Graph holding bookkeeping about the store itself (generation counter).
META_GRAPH = BASE + "meta"
_STORE_NODE = BASE + "store"

#: RDF formats by name; the file extensions are used to guess the format of a path.
RDF_FORMATS: dict[str, ox.RdfFormat] = {
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "n3": ox.RdfFormat.N3,
}
_EXTENSIONS = {
    ".nq": "nquads",
    ".nquads": "nquads",
    ".trig": "trig",
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".nt": "ntriples",
    ".ntriples": "ntriples",
    ".jsonld": "jsonld",
    ".json": "jsonld",
    ".rdf": "rdfxml",
    ".owl": "rdfxml",
    ".xml": "rdfxml",
    ".n3": "n3",
}


def default_store_path() -> Path:
    """Where the store lives when neither ``--store`` nor ``KG_STORE`` says otherwise."""
    return Path(os.environ.get("KG_STORE") or "kg-store")


def rdf_format_for(path: str | Path, name: str | None = None) -> ox.RdfFormat:
    """The RDF format named ``name``, else guessed from the file extension."""
    if name:
        try:
            return RDF_FORMATS[name]
        except KeyError:
            raise FormatError(
                f"unknown RDF format {name!r}; choose one of {', '.join(RDF_FORMATS)}"
            ) from None
    p = Path(str(path))
    suffixes = [s.lower() for s in p.suffixes if s.lower() not in {".gz", ".bz2"}]
    for suffix in reversed(suffixes):
        if suffix in _EXTENSIONS:
            return RDF_FORMATS[_EXTENSIONS[suffix]]
    raise FormatError(
        f"cannot tell the RDF format of {p.name!r} from its extension; pass --format "
        f"({', '.join(RDF_FORMATS)})"
    )


class KGStore:
    """A persistent Oxigraph store plus the operations the tool needs on it.

    Open with ``KGStore(path)`` (read-write, takes the store's lock) or
    ``KGStore(path, read_only=True)`` (works while another process holds the lock, but
    sees no later writes). ``KGStore(None)`` is an in-memory store for tests and tools.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.path = Path(path) if path is not None else None
        self.read_only = read_only
        try:
            if self.path is None:
                self._store = ox.Store()
            elif read_only:
                if not (self.path / "CURRENT").exists():
                    raise StoreError(
                        f"no store at {self.path}: ingest articles first (`kg ingest --store "
                        f"{self.path} FILES`) or pass the right --store"
                    )
                self._store = self._open_for_reading(self.path)
            else:
                self.path.mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(self.path))
        except OSError as exc:
            if "lock" in str(exc).lower():
                raise StoreLockedError(
                    f"the store at {self.path} is open in another process (is `kg serve` "
                    "running?). Stop that process, or query it through its endpoint; "
                    "read-only commands such as `kg query`/`kg export` still work."
                ) from exc
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc

    #: True when the store was opened read-only while another process held it for writing.
    shared_with_writer = False

    def _open_for_reading(self, path: Path) -> ox.Store:
        """Open for reading without undefined behaviour when possible.

        Oxigraph documents a read-only open *while another process writes* as undefined, so
        we first try a normal open (we then hold the lock and simply do not write). Only when
        another process holds the lock (typically ``kg serve``) do we fall back to a
        read-only open, and say so: results may miss writes in progress.
        """
        try:
            return ox.Store(str(path))
        except OSError as exc:
            if "lock" not in str(exc).lower():
                raise
        import warnings

        self.shared_with_writer = True
        warnings.warn(
            f"the store at {path} is held by another process (is `kg serve` running?); reading a "
            "snapshot that may miss writes in progress. Query the server's /sparql endpoint for live data.",
            stacklevel=3,
        )
        return ox.Store.read_only(str(path))

    # -- lifecycle ---------------------------------------------------------------------

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying :class:`pyoxigraph.Store`, for callers that need its full API."""
        return self._store

    def flush(self) -> None:
        if not self.read_only and self.path is not None:  # read-only handles have nothing to flush
            self._store.flush()

    def close(self) -> None:
        """Flush and release the store (pyoxigraph closes it when the object goes away)."""
        self.flush()
        self._store = None  # type: ignore[assignment]

    def __enter__(self) -> KGStore:
        return self

    def __exit__(self, *exc) -> None:
        if self._store is not None:
            self.close()

    # -- writes ------------------------------------------------------------------------

    def replace_articles(self, extractions: Iterable[Extraction]) -> int:
        """Replace the graphs of these articles (each all old or all new); returns quads written."""
        graphs: dict[str, Extraction] = {}
        for extraction in extractions:
            graphs[article_iri(extraction.article.id)] = extraction
        return self._write_graphs(graphs)

    def replace_graphs(self, graphs: dict[str, list[ox.Quad]]) -> int:
        """Replace each named graph by its new quads; returns the number of quads written.

        The quads go into the graph named by their key (their own graph name is ignored).
        """
        return self._write_graphs(
            {g: list(dict.fromkeys(f"{q.subject} {q.predicate} {q.object}" for q in quads))
             for g, quads in graphs.items()}
        )

    def _write_graphs(self, graphs: dict[str, list[str] | Extraction]) -> int:
        """Write graphs given as N-Triples statements (see :func:`kg.rdf.mapping.extraction_triples`)
        or as extractions (mapped one at a time while the store reads them).

        Graphs not yet in the store go in with one ``bulk_load`` of an N-Quads document:
        Oxigraph parses it, writes sorted files and adds them to the database in one atomic
        step (RocksDB ingests the files of every index together or not at all), several
        times cheaper per quad than a transaction. Graphs that exist are dropped and
        rewritten by one SPARQL Update (a transaction). Either way each article is all old
        or all new, never a mix; bulk-loaded data is on disk once the call returns.
        """
        if not graphs:
            return 0
        self._check_writable()
        fresh: list[str] = []
        existing: dict[str, list[str]] = {}
        for graph, content in graphs.items():
            try:
                node = ox.NamedNode(graph)
            except ValueError as exc:
                raise StoreError(f"cannot write graph {graph!r}: {exc}") from exc
            if self._store.contains_named_graph(node):
                existing[graph] = _triples_of(content)
            else:
                fresh.append(graph)
        written = sum(len(t) for t in existing.values())
        if fresh:
            counted: list[int] = []

            def chunks() -> Iterator[bytes]:
                # mapped article by article as Oxigraph reads: no batch-sized text in memory
                for graph in fresh:
                    triples = _triples_of(graphs[graph])
                    counted.append(len(triples))
                    yield nquads(triples, graph).encode("utf-8")
                # The generation goes into the same load (a write to the in-memory table in
                # between would make RocksDB flush it to one more file before every load).
                yield (
                    f"<{_STORE_NODE}> <{DIP_NS}generation> \"{self.generation() + 1}\"^^<{_XSD_INTEGER}> "
                    f"<{META_GRAPH}> .\n"
                ).encode()

            try:
                self._store.bulk_load(_ChunkReader(chunks()), ox.RdfFormat.N_QUADS)
            except (SyntaxError, ValueError) as exc:
                raise StoreError(f"an article graph could not be written (nothing was): {exc}") from exc
            except OSError as exc:
                raise StoreError(f"writing to the store at {self.path} failed: {exc}") from exc
            written += sum(counted)
        if existing:
            parts = [f"DROP SILENT GRAPH <{g}> ;" for g in existing]
            parts.append("INSERT DATA {")
            for graph, triples in existing.items():
                if not triples:
                    continue
                parts.append(f"GRAPH <{graph}> {{")
                parts.append(" .\n".join(triples) + " .")
                parts.append("}")
            parts.append("}")
            parts.append(";")
            parts.append(self._bump_generation_sparql())
            self._run_update("\n".join(parts).rstrip(" ;"))
        return written

    def delete_articles(self, article_ids: Iterable[str]) -> None:
        """Forget articles: drop their graphs (one transaction)."""
        self._check_writable()
        drops = [f"DROP SILENT GRAPH <{article_iri(a)}> ;" for a in article_ids]
        if drops:
            self._run_update("\n".join(drops) + "\n" + self._bump_generation_sparql().rstrip(" ;"))

    def load(
        self, path: str | Path, *, graph: str | None = None, format: str | None = None
    ) -> int:
        """Bulk-load an RDF file (format from ``format`` or the extension); returns quads added.

        Triple formats go into ``graph`` (the default graph when None); dataset formats keep
        their own graphs unless ``graph`` is given.
        """
        self._check_writable()
        rdf_format = rdf_format_for(path, format)
        before = self._data_len()
        kwargs = {}
        if graph:
            kwargs["to_graph"] = ox.NamedNode(graph)
        opener = _open_compressed(Path(path))
        try:
            with opener as fh:
                self._store.bulk_load(fh, rdf_format, **kwargs)
        except (SyntaxError, ValueError) as exc:
            raise FormatError(f"{path} is not valid {rdf_format.name}: {exc}") from exc
        self._run_update(self._bump_generation_sparql().rstrip(" ;"))
        self._store.flush()
        return self._data_len() - before

    def update(self, sparql: str) -> None:
        """Run a SPARQL Update (one transaction) and bump the generation."""
        self._check_writable()
        self._run_update(sparql)
        self._run_update(self._bump_generation_sparql().rstrip(" ;"))

    def optimize(self) -> None:
        self._check_writable()
        self._store.optimize()

    def _check_writable(self) -> None:
        if self.read_only:
            raise StoreError("this store was opened read-only; open it without read_only to write")

    def _run_update(self, sparql: str) -> None:
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL update does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"writing to the store at {self.path} failed: {exc}") from exc

    @staticmethod
    def _bump_generation_sparql() -> str:
        """Set the generation to one more than the highest value (bulk loads add values)."""
        gen = f"GRAPH <{META_GRAPH}> {{ <{_STORE_NODE}> <{DIP_NS}generation> ?old }}"
        return (
            f"DELETE {{ {gen} }} "
            f"INSERT {{ GRAPH <{META_GRAPH}> {{ <{_STORE_NODE}> <{DIP_NS}generation> ?new }} }} "
            f"WHERE {{ {{ SELECT (MAX(?g) AS ?max) WHERE {{ OPTIONAL {{ "
            f"GRAPH <{META_GRAPH}> {{ <{_STORE_NODE}> <{DIP_NS}generation> ?g }} }} }} }} "
            f"OPTIONAL {{ {gen} }} BIND(COALESCE(?max, 0) + 1 AS ?new) }} ;"
        )

    # -- reads -------------------------------------------------------------------------

    def query(self, sparql: str, *, union_default_graph: bool = True, **kwargs):
        """Run a SPARQL query; the default graph is the union of all graphs unless told not."""
        try:
            if kwargs.get("default_graph") is not None or kwargs.get("named_graphs") is not None:
                return self._store.query(sparql, **kwargs)
            return self._store.query(
                sparql, use_default_graph_as_union=union_default_graph, **kwargs
            )
        except SyntaxError as exc:
            raise QueryError(f"SPARQL query does not parse: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"reading the store failed: {exc}") from exc

    def generation(self) -> int:
        """A number that changes on every write (used to invalidate caches).

        The highest of the stored values: a bulk load adds the next value without removing
        the previous one (it cannot delete); the next SPARQL write keeps only one.
        """
        values = [
            int(q.object.value)
            for q in self._store.quads_for_pattern(
                ox.NamedNode(_STORE_NODE), ox.NamedNode(DIP_NS + "generation"), None,
                ox.NamedNode(META_GRAPH),
            )
        ]
        return max(values, default=0)

    def article_graphs(self) -> Iterator[str]:
        """IRIs of the article graphs in the store."""
        for row in self._store.query(
            f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?g a <{DIP_NS}Article> }} }} ORDER BY ?g"
        ):
            yield row["g"].value

    def __len__(self) -> int:
        return len(self._store)

    def _data_len(self) -> int:
        """Quads outside the meta graph."""
        meta = sum(1 for _ in self._store.quads_for_pattern(None, None, None, ox.NamedNode(META_GRAPH)))
        return len(self._store) - meta

    def stats(self) -> dict:
        """Counts users ask for first: quads, articles, entities by type, events by kind."""
        q = self.query
        out: dict = {"quads": len(self._store)}
        out["articles"] = _count(q(f"SELECT (COUNT(DISTINCT ?a) AS ?n) WHERE {{ GRAPH ?a {{ ?a a <{DIP_NS}Article> }} }}"))
        out["graphs"] = sum(1 for _ in self._store.named_graphs())
        out["entities"] = {}
        for cls in ("Person", "Organization", "Location"):
            out["entities"][cls] = _count(q(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{DIP_NS}{cls}> }}"))
        out["linked_entities"] = _count(q(
            "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { ?e <http://www.w3.org/2002/07/owl#sameAs> ?w }"))
        out["events"] = {}
        for row in q(
            f"SELECT ?k (COUNT(DISTINCT ?ev) AS ?n) WHERE {{ ?ev a <{DIP_NS}DiplomaticEvent> ; a ?k . "
            f"FILTER(?k != <{DIP_NS}DiplomaticEvent>) }} GROUP BY ?k ORDER BY ?k"
        ):
            out["events"][row["k"].value.rsplit("#", 1)[-1]] = int(row["n"].value)
        out["roles"] = {}
        for role in ("Mediator", "Envoy", "Venue"):
            out["roles"][role] = _count(q(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ ?e a <{DIP_NS}{role}> }}"))
        out["generation"] = self.generation()
        return out

    def export(
        self,
        output: BinaryIO | str | Path,
        format: str = "nquads",
        *,
        graph: str | None = None,
    ) -> None:
        """Serialise the store (or one graph) in an RDF format.

        Dataset formats (N-Quads, TriG, JSON-LD) keep the article graphs; triple formats
        (Turtle, N-Triples, RDF/XML) get the union of all graphs, since they cannot name
        graphs. The meta graph is left out.
        """
        rdf_format = rdf_format_for("", format)
        if graph:
            self._store.dump(output, rdf_format, from_graph=ox.NamedNode(graph), prefixes=_prefixes(rdf_format))
            return
        quads = (q for q in self._store if not _is_meta(q))
        if rdf_format.supports_datasets:
            ox.serialize(quads, output, rdf_format, prefixes=_prefixes(rdf_format))
        else:
            triples = dict.fromkeys(ox.Triple(q.subject, q.predicate, q.object) for q in quads)
            ox.serialize(triples, output, rdf_format, prefixes=_prefixes(rdf_format))

    def rdflib_dataset(self):
        """The same store seen through rdflib's API (oxrdflib), for rdflib users.

        Only for in-process use on a store opened by this object; queries served to users
        go through pyoxigraph directly, which is much faster.
        """
        import rdflib
        from oxrdflib import OxigraphStore

        return rdflib.Dataset(store=OxigraphStore(store=self._store), default_union=True)


def _triples_of(content: list[str] | Extraction) -> list[str]:
    return content if isinstance(content, list) else extraction_triples(content)


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks (for ``bulk_load``)."""

    def __init__(self, chunks: Iterator[bytes]):
        self._chunks = chunks
        self._buf = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        while not self._buf:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._buf = memoryview(chunk)
        n = min(len(b), len(self._buf))
        b[:n] = self._buf[:n]
        self._buf = self._buf[n:]
        return n


def _is_meta(quad: ox.Quad) -> bool:
    g = quad.graph_name
    return isinstance(g, ox.NamedNode) and g.value == META_GRAPH


def _prefixes(rdf_format: ox.RdfFormat) -> dict[str, str] | None:
    if rdf_format in (ox.RdfFormat.N_QUADS, ox.RdfFormat.N_TRIPLES):
        return None
    from kg.rdf.namespace import PREFIXES

    return dict(PREFIXES)


def _count(rows) -> int:
    for row in rows:
        return int(row[0].value)
    return 0


def _open_compressed(path: Path):
    if not path.exists():
        raise StoreError(f"no such file: {path}")
    name = path.name.lower()
    if name.endswith(".gz"):
        import gzip

        return gzip.open(path, "rb")
    if name.endswith(".bz2"):
        import bz2

        return bz2.open(path, "rb")
    return open(path, "rb")
