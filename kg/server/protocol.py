"""The SPARQL 1.1 Protocol at ``/sparql``: queries (GET, POST form, POST body), updates, and
the service description answered to a GET without a query."""

from __future__ import annotations

import pyoxigraph as ox
from flask import Flask, Response, request

from kg.errors import QueryError, QueryTooLargeError
from kg.rdf.namespace import PREFIXES
from kg.server.app import KGServer, negotiated, run_cached
from kg.server.formats import GRAPH_MEDIA, RESULTS_MEDIA, media_type, negotiate

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
    "rdfxml": "RDF_XML",
    "trig": "TriG",
    "nquads": "N-Quads",
}


def _body_text(kg: KGServer) -> str:
    """The raw request body as text, refusing bodies over the query size limit (413)."""
    limit = kg.settings.max_query_bytes
    if request.content_length is not None and request.content_length > limit:
        raise QueryTooLargeError(
            f"the request body is {request.content_length} bytes; this server accepts queries of at most "
            f"{limit} bytes (setting max_query_bytes)"
        )
    data = request.get_data(cache=False)
    if len(data) > limit:
        raise QueryTooLargeError(f"the request body is over {limit} bytes (setting max_query_bytes)")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise QueryError("the request body is not UTF-8 text") from None


def _form(kg: KGServer) -> None:
    limit = kg.settings.max_query_bytes * 2 + 4096
    if request.content_length is not None and request.content_length > limit:
        raise QueryTooLargeError(
            f"the form is {request.content_length} bytes; this server accepts queries of at most "
            f"{kg.settings.max_query_bytes} bytes (setting max_query_bytes)"
        )


def register(app: Flask, kg: KGServer) -> None:
    @app.route("/sparql", methods=["GET", "POST"])
    def sparql():
        query: str | None = None
        update: str | None = None
        if request.method == "GET":
            query = request.args.get("query")
            if "update" in request.args:
                raise QueryError("SPARQL updates must be sent with POST (form field 'update' or "
                                 "Content-Type application/sparql-update)")
            if query is None:
                return service_description(kg)
        else:
            ctype = (request.mimetype or "").lower()
            if ctype == "application/sparql-query":
                query = _body_text(kg)
            elif ctype == "application/sparql-update":
                update = _body_text(kg)
            elif ctype in ("application/x-www-form-urlencoded", "multipart/form-data"):
                _form(kg)
                query = request.form.get("query")
                update = request.form.get("update")
                if query is None and update is None:
                    raise QueryError("the form has neither a 'query' nor an 'update' field")
                if query is not None and update is not None:
                    raise QueryError("send either 'query' or 'update', not both")
            else:
                raise QueryError(
                    f"unsupported Content-Type {ctype or '(none)'!r} for POST /sparql; use "
                    "application/x-www-form-urlencoded, application/sparql-query or application/sparql-update"
                )
        if update is not None:
            return run_update(kg, update)
        assert query is not None
        if not query.strip():
            raise QueryError("the query is empty")
        default_graphs = request.values.getlist("default-graph-uri") or None
        named_graphs = request.values.getlist("named-graph-uri") or None
        for iri in (default_graphs or []) + (named_graphs or []):
            _check_iri(iri)
        results_format, graph_format = negotiated()
        job = kg.job(query, results_format=results_format, graph_format=graph_format,
                     default_graph=default_graphs, named_graphs=named_graphs)
        return run_cached(kg, job)


def _check_iri(iri: str) -> None:
    try:
        ox.NamedNode(iri)
    except ValueError as exc:
        raise QueryError(f"default-graph-uri/named-graph-uri {iri!r} is not an IRI: {exc}") from None


def run_update(kg: KGServer, update: str) -> Response:
    """SPARQL Update: only with the write token; one transaction, then new snapshots."""
    kg.check_write()
    if not update.strip():
        raise QueryError("the update is empty")
    if request.values.getlist("using-graph-uri") or request.values.getlist("using-named-graph-uri"):
        raise QueryError("using-graph-uri / using-named-graph-uri are not supported; use USING/WITH in the update")
    prefixes = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())
    kg.write(lambda store: store.update(prefixes + update))
    return Response(
        f'{{"ok": true, "generation": {kg.generation}}}\n', status=200, mimetype="application/json"
    )


def service_description(kg: KGServer) -> Response:
    """A SPARQL 1.1 Service Description of this endpoint (Turtle unless Accept asks otherwise)."""
    _, graph_format = negotiate(request.args.get("format"), request.accept_mimetypes)
    if request.accept_mimetypes.best == "text/html" and not request.args.get("format"):
        graph_format = "turtle"
    endpoint = ox.NamedNode(request.base_url)
    svc = ox.BlankNode()
    ds = ox.BlankNode()
    dg = ox.BlankNode()
    a = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")

    def sd(name: str) -> ox.NamedNode:
        return ox.NamedNode(SD + name)

    triples = [
        ox.Triple(svc, a, sd("Service")),
        ox.Triple(svc, sd("endpoint"), endpoint),
        ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Query")),
        ox.Triple(svc, sd("defaultDataset"), ds),
        ox.Triple(ds, a, sd("Dataset")),
        ox.Triple(ds, sd("defaultGraph"), dg),
        ox.Triple(dg, a, sd("Graph")),
        ox.Triple(svc, ox.NamedNode("http://purl.org/dc/terms/title"),
                  ox.Literal("diplomacy-kg SPARQL endpoint", language="en")),
    ]
    if kg.settings.write_token:
        triples.append(ox.Triple(svc, sd("supportedLanguage"), sd("SPARQL11Update")))
    if kg.settings.union_default_graph:
        triples.append(ox.Triple(svc, sd("feature"), sd("UnionDefaultGraph")))
    for name in list(RESULTS_MEDIA) + list(GRAPH_MEDIA):
        triples.append(ox.Triple(svc, sd("resultFormat"), ox.NamedNode(FORMATS_NS + _RESULT_FORMAT_IRIS[name])))
    rdf_format = {
        "turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD,
        "rdfxml": ox.RdfFormat.RDF_XML, "trig": ox.RdfFormat.TRIG, "nquads": ox.RdfFormat.N_QUADS,
    }[graph_format]
    body = ox.serialize(triples, format=rdf_format, prefixes={"sd": SD} if graph_format in ("turtle", "trig") else None)
    return Response(body, content_type=media_type("graph", graph_format))
