"""Running SPARQL queries from the command line and printing the results."""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from kg.errors import FormatError
from kg.rdf.namespace import PREFIXES
from kg.rdf.store import KGStore

RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "xml": ox.QueryResultsFormat.XML,
}
QUERY_OUTPUT_FORMATS = ("table", *RESULT_FORMATS)


def run_query(store_path: str | Path, sparql: str, fmt: str, out: BinaryIO) -> None:
    """Run ``sparql`` on the store (opened read-only) and write the result to ``out``.

    SELECT/ASK results go out as an aligned ``table`` or in a SPARQL results format;
    CONSTRUCT/DESCRIBE results as Turtle. The usual prefixes (dip:, wd:, ...) are predefined.
    """
    if fmt not in QUERY_OUTPUT_FORMATS:
        raise FormatError(f"unknown result format {fmt!r}; choose one of {', '.join(QUERY_OUTPUT_FORMATS)}")
    with KGStore(store_path, read_only=True) as store:
        result = store.query(sparql, prefixes=dict(PREFIXES))
        if isinstance(result, ox.QueryTriples):
            result.serialize(out, ox.RdfFormat.TURTLE)
        elif fmt != "table":
            result.serialize(out, RESULT_FORMATS[fmt])
        elif isinstance(result, ox.QueryBoolean):
            out.write(b"true\n" if bool(result) else b"false\n")
        else:
            write_table(result, out)


def _cell(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.Literal):
        return term.value
    if isinstance(term, ox.NamedNode):
        value = term.value
        for prefix, iri in PREFIXES.items():
            if value.startswith(iri):
                return f"{prefix}:{value[len(iri):]}"
        return f"<{value}>"
    return str(term)


def write_table(solutions: ox.QuerySolutions, out: BinaryIO, max_width: int = 60) -> None:
    """An aligned text table of SELECT results, IRIs shortened with the known prefixes."""
    variables = [v.value for v in solutions.variables]
    cells = [[_cell(sol[v]) for v in variables] for sol in solutions]
    widths = [min(max([len(v)] + [len(r[i]) for r in cells]), max_width) for i, v in enumerate(variables)]
    rows = [variables, ["-" * w for w in widths], *cells]
    for r in rows:
        line = "  ".join(c[:max_width].ljust(w) for c, w in zip(r, widths, strict=True))
        out.write((line.rstrip() + "\n").encode("utf-8"))
    out.write(f"({len(cells)} row{'s' if len(cells) != 1 else ''})\n".encode())
