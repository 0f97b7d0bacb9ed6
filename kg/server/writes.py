"""Writes over HTTP: the SPARQL 1.1 Graph Store Protocol and article ingestion.

All of them need the write token (``Authorization: Bearer <token>``) and run under the
server's write lock: one writer at a time, each write one Oxigraph transaction, then a new
snapshot for the query workers. Reads of the Graph Store Protocol go through the workers
like any query.
"""

from __future__ import annotations

import json

import pyoxigraph as ox
from flask import Flask, Response, request

from kg.errors import InputError, QueryError, QueryTooLargeError
from kg.server.app import KGServer, NotFoundError, negotiated, rdf_format_for_media, run_cached


def _target_graph() -> ox.NamedNode | None:
    """The graph a Graph Store request names: ``?graph=IRI`` or ``?default`` (None)."""
    has_default = "default" in request.args
    graph = request.args.get("graph")
    if has_default == (graph is not None):
        raise QueryError("name exactly one graph: ?graph=IRI or ?default")
    if graph is None:
        return None
    try:
        return ox.NamedNode(graph)
    except ValueError as exc:
        raise QueryError(f"graph={graph!r} is not an IRI: {exc}") from None


def _body_quads(kg: KGServer, graph: ox.NamedNode | None) -> list[ox.Triple]:
    limit = kg.settings.max_size
    if request.content_length is not None and request.content_length > limit:
        raise QueryTooLargeError(f"the body is {request.content_length} bytes; the limit is {limit} (setting max_size)")
    data = request.get_data(cache=False)
    if len(data) > limit:
        raise QueryTooLargeError(f"the body is over {limit} bytes (setting max_size)")
    rdf_format = rdf_format_for_media(request.headers.get("Content-Type"))
    try:
        quads = list(ox.parse(data, rdf_format, base_iri=graph.value if graph else None))
    except SyntaxError as exc:
        raise InputError(f"the body is not valid {rdf_format.name}: {exc}") from None
    return [ox.Triple(q.subject, q.predicate, q.object) for q in quads]


def _data_block(triples: list[ox.Triple], graph: ox.NamedNode | None) -> str:
    """INSERT DATA content; terms are written by pyoxigraph, so they are escaped correctly."""
    lines = "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)
    return f"GRAPH {graph} {{\n{lines}\n}}" if graph is not None else lines


def _graph_exists(kg: KGServer, graph: ox.NamedNode | None) -> bool:
    if graph is None:
        return True
    return kg.store.oxigraph.contains_named_graph(graph)


def register(app: Flask, kg: KGServer) -> None:
    @app.route("/rdf-graphs/service", methods=["GET", "HEAD", "PUT", "POST", "DELETE"])
    def graph_store():
        graph = _target_graph()
        if request.method in ("GET", "HEAD"):
            if not _graph_exists(kg, graph):
                raise NotFoundError(f"there is no graph {graph.value}")  # type: ignore[union-attr]
            _, graph_format = negotiated()
            if graph is None:
                query = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"
                job = kg.job(query, graph_format=graph_format, default_graph=[""])
            else:
                query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
                job = kg.job(query, graph_format=graph_format, named_graphs=[graph.value])
            return run_cached(kg, job)
        kg.check_write()
        if request.method == "DELETE":
            if not _graph_exists(kg, graph):
                raise NotFoundError(f"there is no graph {graph.value}")  # type: ignore[union-attr]
            target = "DEFAULT" if graph is None else f"GRAPH {graph}"
            kg.write(lambda store: store.update(f"CLEAR SILENT {target}" if graph is None else f"DROP {target}"))
            return Response(status=204)
        triples = _body_quads(kg, graph)
        existed = _graph_exists(kg, graph)
        if request.method == "PUT":
            target = "DEFAULT" if graph is None else f"GRAPH {graph}"
            drop = f"DROP SILENT {target} ;\n"
            update = drop + (f"INSERT DATA {{\n{_data_block(triples, graph)}\n}}" if triples else "")
            kg.write(lambda store: store.update(update.rstrip().rstrip(";")))
            return Response(status=204 if existed else 201)
        if triples:  # POST: merge
            update = f"INSERT DATA {{\n{_data_block(triples, graph)}\n}}"
            kg.write(lambda store: store.update(update))
        return Response(status=204 if existed else 201)

    @app.post("/ingest")
    def ingest():
        """Extract one article (JSON object) or several (JSON list) and replace their graphs."""
        kg.check_write()
        from kg.ingest.readers import article_from_record
        from kg.pipeline import extract_safely
        from kg.rdf.iris import article_iri

        limit = kg.settings.max_size
        if request.content_length is not None and request.content_length > limit:
            raise QueryTooLargeError(f"the body is {request.content_length} bytes; the limit is {limit} (setting max_size)")
        if (request.mimetype or "") != "application/json":
            raise InputError("send the article(s) as JSON (Content-Type: application/json)")
        try:
            payload = json.loads(request.get_data(cache=False) or b"null")
        except ValueError as exc:
            raise InputError(f"the body is not valid JSON: {exc}") from None
        records = payload if isinstance(payload, list) else [payload]
        if not records:
            raise InputError("the list of articles is empty")
        articles = []
        for i, record in enumerate(records):
            if isinstance(record, dict) and not record.get("id"):
                raise InputError(f"article #{i}: an 'id' is required (it names the article's graph)")
            articles.append(article_from_record(record, default_id=f"http-{i}", source=f"http#{i}"))
        extractor = kg.extractor()
        with kg.extract_lock:  # spaCy pipelines are not meant to be shared between threads
            extractions, failed = extract_safely(extractor, articles)
        quads = kg.write(lambda store: store.replace_articles(extractions)) if extractions else 0
        body = {
            "graphs": [article_iri(e.article.id) for e in extractions],
            "quads": quads,
            "skipped": [{"source": s.source, "reason": s.reason} for s in failed],
            "generation": kg.generation,
        }
        return Response(json.dumps(body, ensure_ascii=False) + "\n",
                        status=200 if extractions else 422, mimetype="application/json")
