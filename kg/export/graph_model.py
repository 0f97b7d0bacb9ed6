"""One networkx graph built from the store, shared by every visualiser format.

GraphML, GEXF, Cytoscape JSON, DOT and the HTML viewer all draw the same
:class:`networkx.MultiDiGraph`, built here from SPARQL over the store. Keeping a single
model means a filter or a new relation shows up identically in every format, and the
format writers stay small translations.

What becomes a node (``nodes``):

``actors`` (default)
    People, organisations and places. Edges are the diplomatic relations read from the
    articles: *mediates between* (mediator → party), *envoy of* (envoy → principal),
    *met at* (actor of an event → its venue) and *meets* (two participants of the same
    event; undirected in meaning, stored once with ``directed=False``).
``events``
    Actors plus one node per diplomatic event. *meets* is replaced by *participated in*
    (actor → event, with the role) and *held at* (event → venue); the other relations stay.
``all``
    Every resource of the article graphs (articles, events, evidence, mentions, envoy
    assignments, actors) and every statement linking two of them, as stored. Literals
    become node attributes; ``rdf:type`` and ``owl:sameAs`` become ``type`` and ``qid``.

Every edge carries ``weight`` (how many articles state it) and ``evidence`` (those
articles' IRIs); writers that cannot hold lists join them into one string.

Filters work on articles: ``since``/``until`` compare the article's ``dcterms:date``
(articles without a date are left out when either is given), ``source`` is a
case-insensitive substring of ``dcterms:source`` or ``dip:sourceFile``. ``entity_types``
keeps only PER/ORG/LOC nodes of those types. ``construct`` draws the triples of a
CONSTRUCT query instead of the whole store; article dates, sources and entity labels are
still looked up in the store, so filters and labels work on the query result too.

Only named graphs are drawn (every article has one; the meta and ontology graphs are left
out). Triples loaded into the default graph show up through ``construct`` only.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox

from kg.errors import ConfigError, QueryError
from kg.model import ENTITY_TYPES, EVENT_KINDS
from kg.rdf.namespace import DCTERMS_NS, DIP_NS, ONTOLOGY_GRAPH, OWL_NS, PREFIXES, RDF_NS, RDFS_NS, WD_NS

#: Accepted values of the ``nodes`` option.
NODE_MODES = ("actors", "events", "all")

#: Options every graph exporter accepts (the CLI passes only these).
GRAPH_OPTIONS = ("nodes", "since", "until", "source", "entity_types", "construct")

#: Fill colour per node type (Tableau 10, readable on white and distinct for colour-blind users).
TYPE_COLOURS: dict[str, str] = {
    "PER": "#4e79a7",
    "ORG": "#59a14f",
    "LOC": "#f28e2b",
    "Meeting": "#e15759",
    "Negotiation": "#b07aa1",
    "Mediation": "#edc948",
    "Summit": "#ff9da7",
    "Visit": "#9c755f",
    "Statement": "#76b7b2",
    "Article": "#79706e",
}
DEFAULT_COLOUR = "#bab0ac"

#: Line colour per relation.
RELATION_COLOURS: dict[str, str] = {
    "mediates between": "#b8860b",
    "envoy of": "#4e79a7",
    "met at": "#f28e2b",
    "meets": "#e15759",
    "participated in": "#8c8c8c",
    "held at": "#f28e2b",
}

_ENTITY_CLASSES = {DIP_NS + "Person": "PER", DIP_NS + "Organization": "ORG", DIP_NS + "Location": "LOC"}
_SUBTYPES = {DIP_NS + n: n for n in ("Country", "City", "Region", "Building", "NewsOutlet")}
_EVENT_CLASSES = {DIP_NS + k: k for k in EVENT_KINDS}
_RDF_TYPE = RDF_NS + "type"
_LABEL = RDFS_NS + "label"
_SAME_AS = OWL_NS + "sameAs"
_META_GRAPH = "https://w3id.org/diplomacy-kg/meta"

_PREFIXES = (
    f"PREFIX dip: <{DIP_NS}>\nPREFIX dcterms: <{DCTERMS_NS}>\nPREFIX rdf: <{RDF_NS}>\n"
    f"PREFIX rdfs: <{RDFS_NS}>\nPREFIX owl: <{OWL_NS}>\n"
)

#: Node attributes read for each node (datatype values shown in the viewers).
_NODE_FACTS = {
    DIP_NS + "office": "office",
    DIP_NS + "status": "status",
    DIP_NS + "date": "date",
    DIP_NS + "cameoCode": "cameo",
    DIP_NS + "ploverCategory": "plover",
    DIP_NS + "trigger": "trigger",
    DCTERMS_NS + "title": "title",
    DCTERMS_NS + "date": "published",
    DIP_NS + "sentence": "sentence",
}


# -- options -----------------------------------------------------------------------------


@dataclass(frozen=True)
class GraphOptions:
    """The graph exporters' options, checked once so every format reads them the same way."""

    nodes: str = "actors"
    since: dt.date | None = None
    until: dt.date | None = None
    source: str | None = None
    entity_types: frozenset[str] | None = None
    construct: str | None = None

    @classmethod
    def parse(
        cls,
        nodes: str | None = None,
        since: str | dt.date | None = None,
        until: str | dt.date | None = None,
        source: str | None = None,
        entity_types: Iterable[str] | str | None = None,
        construct: str | None = None,
        **_ignored: object,
    ) -> GraphOptions:
        """Options from CLI/HTTP values (strings), raising :class:`ConfigError` on bad ones."""
        nodes = nodes or "actors"
        if nodes not in NODE_MODES:
            raise ConfigError(f"nodes must be one of {', '.join(NODE_MODES)}, not {nodes!r}")
        types: frozenset[str] | None = None
        if entity_types:
            if isinstance(entity_types, str):
                entity_types = entity_types.split(",")
            types = frozenset(t.strip().upper() for t in entity_types if t.strip())
            unknown = sorted(types - set(ENTITY_TYPES))
            if unknown:
                raise ConfigError(
                    f"unknown entity type {unknown[0]!r}; choose among {', '.join(ENTITY_TYPES)}"
                )
        return cls(
            nodes=nodes,
            since=_parse_date(since, "since"),
            until=_parse_date(until, "until"),
            source=source or None,
            entity_types=types or None,
            construct=_read_construct(construct),
        )

    @property
    def filters_articles(self) -> bool:
        return self.since is not None or self.until is not None or self.source is not None


def _parse_date(value: str | dt.date | None, name: str) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        if len(text) == 4:  # a year: 2024 means from/to that whole year
            return dt.date(int(text), 1, 1) if name == "since" else dt.date(int(text), 12, 31)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ConfigError(f"--{name} wants a date such as 2024-05-31 (or a year), not {text!r}") from None


def _read_construct(value: str | None) -> str | None:
    """The query text: ``value`` itself, or the contents of the ``.rq`` file it names."""
    if not value:
        return None
    text = value.strip()
    if "\n" not in text and text.lower().endswith((".rq", ".sparql")):
        path = Path(text)
        if not path.is_file():
            raise ConfigError(f"no such query file: {text}")
        return path.read_text(encoding="utf-8")
    return value


# -- article metadata -----------------------------------------------------------------------


@dataclass
class _Article:
    iri: str
    date: dt.date | None = None
    sources: list[str] = field(default_factory=list)
    title: str | None = None


def _articles(store) -> dict[str, _Article]:
    """Every article of the store with its date and where it came from."""
    out: dict[str, _Article] = {}
    q = _PREFIXES + """
    SELECT ?a ?date ?src ?file ?title WHERE {
      GRAPH ?a { ?a a dip:Article .
        OPTIONAL { ?a dcterms:date ?date } OPTIONAL { ?a dcterms:source ?src }
        OPTIONAL { ?a dip:sourceFile ?file } OPTIONAL { ?a dcterms:title ?title } }
    }"""
    for row in store.query(q):
        iri = row["a"].value
        art = out.setdefault(iri, _Article(iri))
        if row["date"] is not None and art.date is None:
            with contextlib.suppress(ValueError):  # a malformed date counts as no date
                art.date = dt.date.fromisoformat(row["date"].value[:10])
        for key in ("src", "file"):
            if row[key] is not None and row[key].value not in art.sources:
                art.sources.append(row[key].value)
        if row["title"] is not None and art.title is None:
            art.title = row["title"].value
    return out


def _keeps(article: _Article, opts: GraphOptions) -> bool:
    if opts.since is not None or opts.until is not None:
        if article.date is None:
            return False
        if opts.since is not None and article.date < opts.since:
            return False
        if opts.until is not None and article.date > opts.until:
            return False
    if opts.source is not None:
        needle = opts.source.lower()
        if not any(needle in s.lower() for s in article.sources):
            return False
    return True


# -- where the facts come from ---------------------------------------------------------------


class _FactSource:
    """The triples to draw: the store's article graphs, or a CONSTRUCT result.

    Queries are written once, per article graph (``GRAPH ?a { ... }``: graph-local joins
    stay fast on a big store, where the union default graph is slow to deduplicate), and
    bind ``?a`` again inside through ``dip:inArticle``/``dip:mentions``. On a CONSTRUCT
    result, which has no graphs, the ``GRAPH ?a`` wrapper is dropped and those inner
    patterns find the article instead.
    """

    def __init__(self, store, construct: str | None, triples: Iterable[ox.Triple] | None = None):
        self.store = store
        self.constructed: ox.Store | None = None
        if triples is None and construct is not None:
            result = store.query(construct, prefixes=dict(PREFIXES))  # dip:, wd:, ... predefined
            if not isinstance(result, ox.QueryTriples):
                raise QueryError("--construct needs a CONSTRUCT or DESCRIBE query (it returns triples)")
            triples = result
        if triples is not None:
            self.constructed = ox.Store()
            self.constructed.extend(ox.Quad(t.subject, t.predicate, t.object) for t in triples)

    def select(self, sparql: str) -> Iterator[ox.QuerySolution]:
        if self.constructed is not None:
            yield from self.constructed.query(_PREFIXES + sparql.replace("GRAPH ?a {", "{"))
        else:
            yield from self.store.query(_PREFIXES + sparql)

    def statements(self) -> Iterator[tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.Term, str | None]]:
        """Every (subject, predicate, object, article graph or None) to draw in ``all`` mode."""
        if self.constructed is not None:
            for q in self.constructed:
                yield q.subject, q.predicate, q.object, None
            return
        for q in self.store.oxigraph:
            g = q.graph_name
            if isinstance(g, ox.NamedNode) and g.value not in (_META_GRAPH, ONTOLOGY_GRAPH):
                yield q.subject, q.predicate, q.object, g.value


def _value(row: ox.QuerySolution, name: str) -> str | None:
    term = row[name]
    return None if term is None else term.value


# -- building the graph ---------------------------------------------------------------------


@dataclass
class _EdgeFacts:
    articles: set[str] = field(default_factory=set)
    sentences: dict[str, None] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    role: str | None = None


class _Builder:
    def __init__(self, store, opts: GraphOptions, triples: Iterable[ox.Triple] | None = None):
        self.opts = opts
        self.store = store
        self.source = _FactSource(store, opts.construct, triples)
        self.articles = _articles(store)
        self.kept_articles = {a for a, art in self.articles.items() if _keeps(art, opts)}
        # (u, v, relation) -> facts; node -> articles it appears in
        self.edges: dict[tuple[str, str, str], _EdgeFacts] = defaultdict(_EdgeFacts)
        self.node_articles: dict[str, set[str]] = defaultdict(set)
        self.nodes: dict[str, dict] = {}

    # Articles: a fact stated in no known article (a CONSTRUCT result without dip:inArticle)
    # is kept unless an article filter is on, since then we cannot tell whether it passes.
    def _article_ok(self, article: str | None) -> bool:
        if article is None or article not in self.articles:
            return not self.opts.filters_articles
        return article in self.kept_articles

    def _edge(self, u: str, v: str, relation: str, article: str | None, sentence: str | None,
              event: str | None = None, role: str | None = None) -> None:
        if u == v or not self._article_ok(article):
            return
        facts = self.edges[(u, v, relation if role is None else f"{relation}:{role}")]
        facts.role = role
        if article is not None:
            facts.articles.add(article)
            self.node_articles[u].add(article)
            self.node_articles[v].add(article)
        if sentence:
            facts.sentences[" ".join(sentence.split())] = None  # same sentence, other spacing: once
        if event:
            facts.events.add(event)

    def build(self) -> nx.MultiDiGraph:
        mode = self.opts.nodes
        if mode == "all":
            self._all_statements()
        else:
            self._entities()
            self._relations(with_events=mode == "events")
            if mode == "events":
                self._events()
        self._describe_nodes()
        return self._graph()

    def _entities(self) -> None:
        """Actor nodes: typed entities mentioned in a kept article (or anywhere, unfiltered)."""
        q = """SELECT DISTINCT ?e ?a WHERE { GRAPH ?a {
          VALUES ?c { dip:Person dip:Organization dip:Location } ?e a ?c .
          OPTIONAL { ?a dip:mentions ?e } } }"""
        for row in self.source.select(q):
            e, a = row["e"].value, _value(row, "a")
            if not self._article_ok(a):
                continue
            self.nodes.setdefault(e, {})
            if a is not None:
                self.node_articles[e].add(a)

    def _relations(self, *, with_events: bool) -> None:
        ev_q = """SELECT ?ev ?role ?x ?a ?s WHERE { GRAPH ?a {
          VALUES (?p ?role) { (dip:mediator "mediator") (dip:party "party") (dip:participant "participant") }
          ?ev ?p ?x .
          OPTIONAL { ?ev dip:inArticle ?a } OPTIONAL { ?ev dip:evidence/dip:sentence ?s } } }"""
        venue_q = """SELECT ?ev ?v ?a ?s WHERE { GRAPH ?a { ?ev dip:venue ?v .
          OPTIONAL { ?ev dip:inArticle ?a } OPTIONAL { ?ev dip:evidence/dip:sentence ?s } } }"""
        by_event: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        context: dict[str, tuple[str | None, str | None]] = {}
        for row in self.source.select(ev_q):
            ev = row["ev"].value
            by_event[ev][row["role"].value].add(row["x"].value)
            context.setdefault(ev, (_value(row, "a"), _value(row, "s")))
        for row in self.source.select(venue_q):
            ev = row["ev"].value
            by_event[ev]["venue"].add(row["v"].value)
            context.setdefault(ev, (_value(row, "a"), _value(row, "s")))

        for ev, roles in by_event.items():
            article, sentence = context.get(ev, (None, None))
            actors = roles["mediator"] | roles["party"] | roles["participant"]
            for m in roles["mediator"]:
                for p in roles["party"]:
                    self._edge(m, p, "mediates between", article, sentence, ev)
            for x in actors:
                for v in roles["venue"]:
                    self._edge(x, v, "met at", article, sentence, ev)
            if with_events:
                for role in ("mediator", "party", "participant"):
                    for x in roles[role]:
                        self._edge(x, ev, "participated in", article, sentence, ev, role=role)
                for v in roles["venue"]:
                    self._edge(ev, v, "held at", article, sentence, ev)
            else:
                people = sorted(roles["participant"])
                for i, x in enumerate(people):
                    for y in people[i + 1:]:
                        self._edge(x, y, "meets", article, sentence, ev)

        envoy_q = """SELECT ?p ?o ?a ?s WHERE { GRAPH ?a { ?p dip:envoyOf ?o .
          OPTIONAL { ?asg dip:envoy ?p ; dip:principal ?o ; dip:inArticle ?a .
                     OPTIONAL { ?asg dip:evidence/dip:sentence ?s } } } }"""
        for row in self.source.select(envoy_q):
            self._edge(row["p"].value, row["o"].value, "envoy of", _value(row, "a"), _value(row, "s"))

    def _events(self) -> None:
        """Event nodes, for every event of a kept article (even one with no role filled)."""
        q = """SELECT ?ev ?a WHERE { GRAPH ?a { ?ev a dip:DiplomaticEvent . OPTIONAL { ?ev dip:inArticle ?a } } }"""
        for row in self.source.select(q):
            ev, a = row["ev"].value, _value(row, "a")
            if self._article_ok(a):
                self.nodes.setdefault(ev, {})
                if a is not None:
                    self.node_articles[ev].add(a)

    def _all_statements(self) -> None:
        """``all`` mode: the stored statements themselves, literals folded into attributes."""
        for s, p, o, g in self.source.statements():
            if not self._article_ok(g):
                continue
            if isinstance(s, ox.Triple) or isinstance(o, ox.Triple):
                continue
            subject = _node_id(s)
            self.nodes.setdefault(subject, {})
            if g is not None:
                self.node_articles[subject].add(g)
            if p.value in (_RDF_TYPE, _SAME_AS) or isinstance(o, ox.Literal):
                continue
            obj = _node_id(o)
            self.nodes.setdefault(obj, {})
            self._edge(subject, obj, _local(p.value), g, None)

    def _describe_nodes(self) -> None:
        """Labels, types, QIDs and facts of every node, from the store and the query result."""
        for u, v, _ in self.edges:
            self.nodes.setdefault(u, {})
            self.nodes.setdefault(v, {})
        iris = [n for n in self.nodes if not n.startswith("_:")]
        facts: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
        wanted = [_RDF_TYPE, _LABEL, _SAME_AS, *_NODE_FACTS]
        filter_p = ", ".join(f"<{p}>" for p in wanted)
        for chunk in _chunks(iris, 400):
            values = " ".join(f"<{n}>" for n in chunk)
            # Count graphs per value so the label most articles use wins.
            sparql = (f"SELECT ?n ?p ?o (COUNT(*) AS ?c) WHERE {{ VALUES ?n {{ {values} }} "
                      f"GRAPH ?g {{ ?n ?p ?o }} FILTER(?p IN ({filter_p})) }} GROUP BY ?n ?p ?o")
            sources = [self.store.query(sparql)]
            if self.source.constructed is not None:
                sources.append(self.source.constructed.query(
                    sparql.replace("GRAPH ?g { ?n ?p ?o }", "?n ?p ?o")))
            for rows in sources:
                for row in rows:
                    key = _term_key(row["o"])
                    slot = facts[row["n"].value][row["p"].value]
                    slot[key] = slot.get(key, 0) + int(row["c"].value)
        for node in self.nodes:
            self.nodes[node] = _describe(node, facts.get(node, {}))

    def _graph(self) -> nx.MultiDiGraph:
        opts = self.opts
        g = nx.MultiDiGraph(name="diplomacy-kg", nodes=opts.nodes)
        dates = {a: art.date for a, art in self.articles.items()}
        for node, attrs in self.nodes.items():
            if opts.entity_types and attrs["kind"] == "entity" and attrs["type"] not in opts.entity_types:
                continue
            if opts.entity_types and opts.nodes != "all" and attrs["kind"] == "resource":
                continue  # an untyped endpoint of a CONSTRUCT result: its type is unknown
            arts = sorted(self.node_articles.get(node, ()))
            span = _span(arts, dates)
            if attrs["kind"] == "event" and "date" not in attrs and span:
                attrs["label"] = f"{attrs['type']} {span['first_seen']}"  # the article's date
            g.add_node(node, **attrs, articles=len(arts), **span)
        for (u, v, key), facts in sorted(self.edges.items()):
            if u not in g or v not in g:
                continue
            relation = key.split(":", 1)[0] if facts.role else key
            arts = sorted(facts.articles)
            label = relation if facts.role is None else f"{relation} ({facts.role})"
            attrs = {
                "relation": relation,
                "label": label,
                "weight": max(1, len(arts)),
                "evidence": arts,
                "sentences": list(facts.sentences),
                "events": sorted(facts.events),
                "directed": relation != "meets",
                "color": RELATION_COLOURS.get(relation, DEFAULT_COLOUR),
                **_span(arts, dates),
            }
            if facts.role:
                attrs["role"] = facts.role
            g.add_edge(u, v, key=key, **attrs)
        if opts.entity_types and opts.nodes != "all":
            # Events whose every actor was filtered out would float alone: drop them.
            lonely = [n for n, d in g.nodes(data=True) if d["kind"] == "event" and g.degree(n) == 0]
            g.remove_nodes_from(lonely)
        return g


def _node_id(term: ox.Term) -> str:
    return f"_:{term.value}" if isinstance(term, ox.BlankNode) else term.value


def _term_key(term: ox.Term) -> tuple[str, str | None]:
    if isinstance(term, ox.Literal):
        return term.value, term.language
    return term.value, None


def _chunks(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[-1]
    return iri


def _best(values: dict[tuple[str, str | None], int], lang: str | None = None) -> str | None:
    """The value most graphs state in ``lang`` if given.

    Ties go to a value not in capitals (a dateline's "DOHA" loses to "Doha"), then the
    shortest, then the first alphabetically, so the choice is stable between runs.
    """
    candidates = [(-n, v.isupper() and len(v) > 3, len(v), v)
                  for (v, lg), n in values.items() if lang is None or lg == lang]
    return min(candidates)[3] if candidates else None


def _describe(node: str, facts: dict[str, dict[tuple[str, str | None], int]]) -> dict:
    types = {v for v, _ in facts.get(_RDF_TYPE, {})}
    labels = facts.get(_LABEL, {})
    attrs: dict = {"iri": node}
    entity_type = next((t for c, t in _ENTITY_CLASSES.items() if c in types), "")
    event_kind = next((k for c, k in _EVENT_CLASSES.items() if c in types), "")
    if entity_type:
        attrs["kind"], attrs["type"] = "entity", entity_type
        attrs["subtype"] = next((s for c, s in _SUBTYPES.items() if c in types), "")
    elif event_kind:
        attrs["kind"], attrs["type"] = "event", event_kind
    else:
        local = sorted(_local(t) for t in types if t.startswith(DIP_NS))
        attrs["kind"] = "resource"
        attrs["type"] = local[0] if local else ""
    label_en = _best(labels, "en") or ""
    label_ar = _best(labels, "ar") or ""
    qid = next((v[len(WD_NS):] for v, _ in sorted(facts.get(_SAME_AS, {})) if v.startswith(WD_NS)), "")
    attrs["label_en"], attrs["label_ar"], attrs["qid"] = label_en, label_ar, qid
    for prop, name in _NODE_FACTS.items():
        value = _best(facts.get(prop, {}))
        if value is not None:
            attrs[name] = value
    if entity_type:
        label = label_en or label_ar or _best(labels) or _local(node)
    elif event_kind:
        when = attrs.get("date") or attrs.get("published", "")
        label = f"{event_kind} {when}".strip()
    else:
        label = label_en or label_ar or attrs.get("title") or _local(node)
    attrs["label"] = label
    attrs["color"] = TYPE_COLOURS.get(attrs["type"], DEFAULT_COLOUR)
    return attrs


def _span(articles: list[str], dates: dict[str, dt.date | None]) -> dict[str, str]:
    """first_seen/last_seen: the earliest and latest article date, when any is known."""
    known = sorted(d for a in articles if (d := dates.get(a)) is not None)
    if not known:
        return {}
    return {"first_seen": known[0].isoformat(), "last_seen": known[-1].isoformat()}


class _UnionView:
    """A bare :class:`pyoxigraph.Store` (e.g. a server worker's snapshot) seen like a KGStore."""

    def __init__(self, store: ox.Store):
        self.oxigraph = store

    def query(self, sparql: str):
        try:
            return self.oxigraph.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QueryError(f"SPARQL query does not parse: {exc}") from exc


def build_graph(store, options: GraphOptions | None = None, *, triples: Iterable[ox.Triple] | None = None,
                **kwargs: object) -> nx.MultiDiGraph:
    """The graph to draw for ``store`` under the exporter ``options`` (see the module doc).

    Node keys are IRIs (``_:id`` for blank nodes); node attributes include ``label``,
    ``label_en``, ``label_ar``, ``type`` (PER/ORG/LOC or the event kind), ``subtype``,
    ``qid``, ``color``, ``articles`` and ``first_seen``/``last_seen``. Edge keys are the
    relation (plus the role for *participated in*); edge attributes include ``relation``,
    ``label``, ``weight``, ``evidence`` (article IRIs), ``sentences`` and ``directed``.

    ``store`` is a :class:`~kg.rdf.store.KGStore` or a bare :class:`pyoxigraph.Store`.
    ``triples`` is a CONSTRUCT result the caller already ran (say in a worker it can kill,
    since pyoxigraph cannot cancel a query); it is drawn like ``construct=`` would be.
    """
    opts = options if options is not None else GraphOptions.parse(**kwargs)  # type: ignore[arg-type]
    if isinstance(store, ox.Store):
        store = _UnionView(store)
    return _Builder(store, opts, triples).build()
