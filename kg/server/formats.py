"""Content negotiation: which serialisation a client gets, from ``Accept`` or ``format=``.

SELECT/ASK answers and CONSTRUCT/DESCRIBE answers have separate format lists. The kind of
answer is only known once the query is parsed (in a worker), so negotiation picks one format
of each list up front and the worker uses the one that fits.
"""

from __future__ import annotations

from werkzeug.datastructures import MIMEAccept

from kg.errors import FormatError

#: name -> media type, SELECT/ASK (first is the default).
RESULTS_MEDIA: dict[str, str] = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}
#: name -> media type, CONSTRUCT/DESCRIBE (first is the default).
GRAPH_MEDIA: dict[str, str] = {
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
    "trig": "application/trig",
    "nquads": "application/n-quads",
}

#: Other media types clients send, mapped onto the formats above.
_RESULTS_ALIASES = {
    "application/json": "json",
    "application/sparql-results+json": "json",
    "application/xml": "xml",
    "text/xml": "xml",
    "application/sparql-results+xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
_GRAPH_ALIASES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/ld+json": "jsonld",
    "application/json": "jsonld",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/trig": "trig",
    "application/n-quads": "nquads",
}

#: Values accepted by the ``format`` parameter: (SELECT/ASK format, CONSTRUCT/DESCRIBE format).
FORMAT_PARAM: dict[str, tuple[str | None, str | None]] = {
    "json": ("json", "jsonld"),
    "srj": ("json", None),
    "xml": ("xml", "rdfxml"),
    "srx": ("xml", None),
    "csv": ("csv", None),
    "tsv": ("tsv", None),
    "turtle": (None, "turtle"),
    "ttl": (None, "turtle"),
    "ntriples": (None, "ntriples"),
    "nt": (None, "ntriples"),
    "n-triples": (None, "ntriples"),
    "jsonld": (None, "jsonld"),
    "json-ld": (None, "jsonld"),
    "rdfxml": (None, "rdfxml"),
    "rdf": (None, "rdfxml"),
    "rdf+xml": (None, "rdfxml"),  # what SPARQLWrapper sends
    "n3": (None, "turtle"),  # Turtle is valid N3
    "ld+json": (None, "jsonld"),
    "trig": (None, "trig"),
    "nquads": (None, "nquads"),
    "nq": (None, "nquads"),
}


def _best(accept: MIMEAccept, aliases: dict[str, str]) -> str | None:
    """The format whose media type the client prefers most (ties: the order of ``aliases``)."""
    best, best_q = None, 0.0
    for media, name in aliases.items():
        q = accept[media]  # werkzeug applies wildcards and q-values
        if q > best_q:
            best, best_q = name, q
    return best


_MEMO: dict[tuple[str | None, str], tuple[str, str]] = {}


def negotiate(fmt: str | None, accept: MIMEAccept) -> tuple[str, str]:
    """(results format, graph format) for this request; raises FormatError (406) when none fits.

    Answers are memoised per (format, Accept) pair: clients send the same few headers over
    and over, and matching them against every media type is a measurable part of a request.
    """
    key = (fmt, accept.to_header() if accept else "")
    hit = _MEMO.get(key)
    if hit is not None:
        return hit
    answer = _negotiate(fmt, accept)
    if len(_MEMO) < 1024:
        _MEMO[key] = answer
    return answer


def _negotiate(fmt: str | None, accept: MIMEAccept) -> tuple[str, str]:
    if fmt:
        key = fmt.strip().lower()
        if key in FORMAT_PARAM:
            r, g = FORMAT_PARAM[key]
            return r or "json", g or "turtle"
        if key in _RESULTS_ALIASES or key in _GRAPH_ALIASES:
            return _RESULTS_ALIASES.get(key, "json"), _GRAPH_ALIASES.get(key, "turtle")
        raise FormatError(
            f"unknown format {fmt!r}; use one of {', '.join(sorted(FORMAT_PARAM))} or a media type"
        )
    if not accept or not list(accept.values()):
        return "json", "turtle"
    # Exact media types first: a browser's "*/*;q=0.8" must not outrank nothing at all.
    r = _best(accept, _RESULTS_ALIASES)
    g = _best(accept, _GRAPH_ALIASES)
    if r is None and g is None:
        raise FormatError(
            "none of the media types in Accept can be produced; SELECT/ASK: "
            + ", ".join(RESULTS_MEDIA.values()) + "; CONSTRUCT/DESCRIBE: " + ", ".join(GRAPH_MEDIA.values())
        )
    return r or "json", g or "turtle"


def media_type(kind: str, name: str) -> str:
    """The Content-Type for a worker reply."""
    if kind == "graph":
        media = GRAPH_MEDIA[name]
    else:
        media = RESULTS_MEDIA[name]
    if media.startswith("text/") or media.endswith("+json") or media.endswith("+xml") or media in (
        "application/n-triples", "application/trig", "application/n-quads"
    ):
        return f"{media}; charset=utf-8"
    return media


def wants_html(accept: MIMEAccept) -> bool:
    """True for browsers: text/html is preferred over every RDF and JSON type."""
    html = accept["text/html"]
    if html <= 0:
        return False
    others = [accept[m] for m in (*_GRAPH_ALIASES, "application/json")]
    exact_html = any(v == "text/html" for v in accept.values())
    return exact_html and html >= max(others)
