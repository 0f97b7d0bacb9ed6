"""Pages for people: the YASGUI editor at ``/``, saved queries, and entity/article pages.

Entity and article IRIs minted by the tool (``https://w3id.org/diplomacy-kg/entity/...``,
``.../article/...``) dereference here: browsers get an HTML page, RDF clients a
DESCRIBE-like description (Turtle or whatever ``Accept`` asks for) built from all graphs.
"""

from __future__ import annotations

from urllib.parse import unquote, urlsplit

import pyoxigraph as ox
from flask import Flask, Response, render_template, request

from kg.errors import QueryError
from kg.rdf.namespace import BASE, DIP_NS, PREFIXES, sparql_prefixes
from kg.server.app import KGServer, NotFoundError, _read_and_unlink, negotiated, run_cached, vendor_dir
from kg.server.formats import wants_html

WIKIDATA = "http://www.wikidata.org/entity/"


def _iri_from_request(kind: str) -> str:
    """The IRI the request path stands for, from the raw (still percent-encoded) path.

    Entity IRIs keep percent-encoding (Arabic slugs), and Flask hands routes the decoded
    path; the raw URI the WSGI server saw keeps the exact spelling.
    """
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI") or request.full_path
    path = urlsplit(raw).path
    script = request.script_root or ""
    if script and path.startswith(script):
        path = path[len(script):]
    prefix = f"/{kind}/"
    if not path.startswith(prefix) or len(path) == len(prefix):
        raise NotFoundError(f"no {kind} named in the path")
    iri = BASE + path[1:]
    try:
        ox.NamedNode(iri)
    except ValueError:
        raise NotFoundError(f"{unquote(path)} is not a valid {kind} IRI") from None
    return iri


def _value(row: dict, name: str) -> str | None:
    cell = row.get(name)
    return cell["value"] if cell else None


def _short(iri: str) -> str:
    for prefix, ns in PREFIXES.items():
        if iri.startswith(ns) and prefix not in ("kge", "kga"):
            return f"{prefix}:{iri[len(ns):]}"
    return iri


def _local_link(iri: str) -> str | None:
    """A link inside this server for our own IRIs (None for other IRIs)."""
    if iri.startswith(BASE + "entity/") or iri.startswith(BASE + "article/"):
        return "/" + iri[len(BASE):]
    return None


def register(app: Flask, kg: KGServer) -> None:
    app.jinja_env.globals.update(short=_short, local_link=_local_link)

    @app.get("/")
    def index():
        folder = vendor_dir()
        if folder is None:
            return Response(render_template("missing_assets.html"), status=200, mimetype="text/html")
        saved = [q.to_json() for q in kg.saved_queries.values()]
        return render_template(
            "index.html",
            saved=saved,
            prefixes=PREFIXES,
            default_query=sparql_prefixes() + "\nSELECT ?s ?p ?o WHERE {\n  ?s ?p ?o\n} LIMIT 10\n",
            open_query=request.args.get("saved"),
            writes=bool(kg.settings.write_token),
            union=kg.settings.union_default_graph,
        )

    @app.get("/queries")
    @app.get("/queries.json")
    def list_queries():
        items = [q.to_json() for q in kg.saved_queries.values()]
        as_json = request.path.endswith(".json") or request.args.get("format") == "json" or not wants_html(
            request.accept_mimetypes
        )
        if as_json:
            return {"queries": items}
        return render_template("queries.html", queries=items)

    @app.route("/queries/<name>", methods=["GET", "POST"])
    def run_saved(name: str):
        saved = kg.saved_queries.get(name)
        if saved is None:
            raise NotFoundError(f"no saved query {name!r}; see /queries for the list")
        values = {k: v for k, v in request.values.items() if k != "format"}
        text = saved.render(values)
        results_format, graph_format = negotiated()
        if "format" not in request.values and wants_html(request.accept_mimetypes):
            results_format, graph_format = "json", "turtle"
        job = kg.job(text, results_format=results_format, graph_format=graph_format)
        return run_cached(kg, job)

    @app.get("/graph")
    def graph():
        """The interactive graph viewer of `kg export -f html`, with its options as URL parameters.

        ``construct=`` runs in a killable worker (it is user SPARQL); the default actor graph
        is built from per-article-graph lookups in this process, which the export module
        keeps fast.
        """
        from kg.errors import ConfigError, FormatError
        from kg.export.graph_html import render_graph_html

        options = {k: request.args.get(k) for k in ("nodes", "since", "until", "source")}
        types = request.args.getlist("entity_type") or request.args.get("entity_types")
        if types:
            options["entity_types"] = types
        triples = None
        construct = request.args.get("construct")
        if construct:
            reply = kg.execute(kg.job(construct, graph_format="ntriples"))
            if reply["kind"] != "graph":
                raise QueryError("construct= must be a CONSTRUCT or DESCRIBE query")
            body = reply["bytes"] if "bytes" in reply else _read_and_unlink(reply["file"])
            triples = [ox.Triple(q.subject, q.predicate, q.object) for q in ox.parse(body, ox.RdfFormat.N_TRIPLES)]
        try:
            page = render_graph_html(kg.store, title="diplomacy-kg graph", triples=triples,
                                     **{k: v for k, v in options.items() if v})
        except ConfigError as exc:
            exc.http_status = 400  # a bad URL parameter, not a server configuration problem
            raise
        except FormatError as exc:
            exc.http_status = 503  # cytoscape.js missing: an installation problem
            raise
        return Response(page, mimetype="text/html")

    @app.get("/entity/<path:_rest>")
    def entity(_rest: str):
        iri = _iri_from_request("entity")
        return _describe(kg, iri, "entity")

    @app.get("/article/<path:_rest>")
    def article(_rest: str):
        iri = _iri_from_request("article")
        return _describe(kg, iri, "article")


def _describe(kg: KGServer, iri: str, kind: str) -> Response | str:
    node = ox.NamedNode(iri)
    if not kg.ask(f"ASK {{ {{ {node} ?p ?o }} UNION {{ ?s ?p {node} }} }}"):
        raise NotFoundError(f"nothing is known about {iri}")
    if not wants_html(request.accept_mimetypes) or request.args.get("format"):
        _, graph_format = negotiated()
        if kind == "article":
            query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {node} {{ ?s ?p ?o }} }}"
        else:
            query = (
                f"CONSTRUCT {{ {node} ?p ?o . ?s ?q {node} }} WHERE {{ "
                f"{{ {node} ?p ?o }} UNION {{ SELECT DISTINCT ?s ?q WHERE {{ ?s ?q {node} }} LIMIT 2000 }} }}"
            )
        return run_cached(kg, kg.job(query, graph_format=graph_format))
    if kind == "article":
        return _article_page(kg, node)
    return _entity_page(kg, node)


def _labels(kg: KGServer, node: ox.NamedNode) -> list[dict]:
    rows = kg.select(f"SELECT DISTINCT ?label WHERE {{ {node} <http://www.w3.org/2000/01/rdf-schema#label> ?label }}")
    return [{"text": r["label"]["value"], "lang": r["label"].get("xml:lang", "")} for r in rows]


def _entity_page(kg: KGServer, node: ox.NamedNode) -> str:
    dip = DIP_NS
    facts = kg.select(
        f"SELECT DISTINCT ?p ?o WHERE {{ {node} ?p ?o "
        "FILTER(?p != <http://www.w3.org/2000/01/rdf-schema#label>) } ORDER BY ?p ?o LIMIT 500"
    )
    roles = kg.select(
        f"SELECT ?role (COUNT(DISTINCT ?g) AS ?articles) WHERE {{ GRAPH ?g {{ {node} a ?role }} "
        f"VALUES ?role {{ <{dip}Mediator> <{dip}Envoy> <{dip}Venue> }} }} GROUP BY ?role ORDER BY ?role"
    )
    events = kg.select(
        f"""SELECT ?ev ?kind ?role ?date ?status ?sentence ?article ?title WHERE {{
          ?ev a <{dip}DiplomaticEvent> ; ?roleProp {node} ; a ?kind .
          FILTER(?kind != <{dip}DiplomaticEvent>)
          VALUES (?roleProp ?role) {{ (<{dip}mediator> "mediator") (<{dip}party> "party")
                                      (<{dip}participant> "participant") (<{dip}venue> "venue") }}
          OPTIONAL {{ ?ev <{dip}date> ?date }}
          OPTIONAL {{ ?ev <{dip}status> ?status }}
          OPTIONAL {{ ?ev <{dip}evidence>/<{dip}sentence> ?sentence }}
          OPTIONAL {{ ?ev <{dip}inArticle> ?article OPTIONAL {{ ?article <http://purl.org/dc/terms/title> ?title }} }}
        }} ORDER BY DESC(?date) ?ev LIMIT 300"""
    )
    envoys = kg.select(
        f"""SELECT DISTINCT ?envoy ?principal ?sentence ?article WHERE {{
          ?a a <{dip}EnvoyAssignment> ; <{dip}envoy> ?envoy .
          OPTIONAL {{ ?a <{dip}principal> ?principal }}
          OPTIONAL {{ ?a <{dip}evidence>/<{dip}sentence> ?sentence }}
          OPTIONAL {{ ?a <{dip}inArticle> ?article }}
          FILTER(?envoy = {node} || ?principal = {node})
        }} LIMIT 200"""
    )
    qids = [r["o"]["value"] for r in facts if r["p"]["value"] == "http://www.w3.org/2002/07/owl#sameAs"
            and r["o"]["value"].startswith(WIKIDATA)]
    return render_template(
        "entity.html",
        iri=node.value,
        labels=_labels(kg, node),
        facts=[{"p": r["p"]["value"], "o": r["o"]} for r in facts],
        qids=[q[len(WIKIDATA):] for q in qids],
        roles=[{"role": _value(r, "role"), "articles": _value(r, "articles")} for r in roles],
        events=[{k: _value(r, k) for k in ("ev", "kind", "role", "date", "status", "sentence", "article", "title")}
                for r in events],
        envoys=[{k: _value(r, k) for k in ("envoy", "principal", "sentence", "article")} for r in envoys],
    )


def _article_page(kg: KGServer, node: ox.NamedNode) -> str:
    dip = DIP_NS
    meta = kg.select(
        f"""SELECT ?title ?date ?source ?lang ?text WHERE {{ GRAPH {node} {{
          OPTIONAL {{ {node} <http://purl.org/dc/terms/title> ?title }}
          OPTIONAL {{ {node} <http://purl.org/dc/terms/date> ?date }}
          OPTIONAL {{ {node} <http://purl.org/dc/terms/source> ?source }}
          OPTIONAL {{ {node} <http://purl.org/dc/terms/language> ?lang }}
          OPTIONAL {{ {node} <{dip}text> ?text }} }} }} LIMIT 1"""
    )
    mentions = kg.select(
        f"""SELECT ?e (SAMPLE(?l) AS ?label) (GROUP_CONCAT(DISTINCT STRAFTER(STR(?t), "#"); separator=", ") AS ?types)
        WHERE {{ GRAPH {node} {{ {node} <{dip}mentions> ?e . ?e a ?t OPTIONAL {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }} }} }}
        GROUP BY ?e ORDER BY ?e LIMIT 500"""
    )
    events = kg.select(
        f"""SELECT ?ev ?kind ?date ?status ?sentence
          (GROUP_CONCAT(DISTINCT CONCAT(STRAFTER(STR(?rp), "#"), "=", STR(?who)); separator=" ") AS ?roles)
        WHERE {{ GRAPH {node} {{
          ?ev <{dip}inArticle> {node} ; a <{dip}DiplomaticEvent> ; a ?kind . FILTER(?kind != <{dip}DiplomaticEvent>)
          OPTIONAL {{ ?ev <{dip}date> ?date }} OPTIONAL {{ ?ev <{dip}status> ?status }}
          OPTIONAL {{ ?ev <{dip}evidence>/<{dip}sentence> ?sentence }}
          OPTIONAL {{ ?ev ?rp ?who VALUES ?rp {{ <{dip}mediator> <{dip}party> <{dip}participant> <{dip}venue> }} }}
        }} }} GROUP BY ?ev ?kind ?date ?status ?sentence ORDER BY ?ev"""
    )
    m = meta[0] if meta else {}
    return render_template(
        "article.html",
        iri=node.value,
        meta={k: _value(m, k) for k in ("title", "date", "source", "lang", "text")},
        mentions=[{"e": _value(r, "e"), "label": _value(r, "label"), "types": _value(r, "types")} for r in mentions],
        events=[
            {
                **{k: _value(r, k) for k in ("ev", "kind", "date", "status", "sentence")},
                "roles": [part.split("=", 1) for part in (_value(r, "roles") or "").split() if "=" in part],
            }
            for r in events
        ],
    )

