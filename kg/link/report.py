"""``kg link``: which names in the store are not linked to Wikidata, most frequent first.

The gazetteer grows best where the news needs it: a name that appears in forty articles
without a QID is worth a line in a gazetteer file (or a ``kg gazetteer import``), a name seen
once is not.  Frequency is the number of article graphs that mention the entity.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass, field
from typing import TextIO

from kg.errors import FormatError
from kg.rdf.namespace import DIP_NS, OWL_NS, RDFS_NS

REPORT_FORMATS = ("table", "json", "csv")
_TYPES = {f"{DIP_NS}Person": "PER", f"{DIP_NS}Organization": "ORG", f"{DIP_NS}Location": "LOC"}
_SEP = "\u001f"

_QUERY = f"""
SELECT ?e (GROUP_CONCAT(DISTINCT STR(?cls); separator="{_SEP}") AS ?classes)
       (GROUP_CONCAT(DISTINCT CONCAT(LANG(?label), ":", STR(?label)); separator="{_SEP}") AS ?labels)
       (COUNT(DISTINCT ?g) AS ?articles)
WHERE {{
  GRAPH ?g {{
    ?e a ?cls .
    VALUES ?cls {{ <{DIP_NS}Person> <{DIP_NS}Organization> <{DIP_NS}Location> }}
    OPTIONAL {{ ?e <{RDFS_NS}label> ?label }}
  }}
  FILTER NOT EXISTS {{ ?e <{OWL_NS}sameAs> ?wd }}
}}
GROUP BY ?e
ORDER BY DESC(?articles) ?e
"""


@dataclass
class UnlinkedName:
    """One entity node without ``owl:sameAs``: its best name, type and article count."""

    name: str
    type: str
    articles: int
    iri: str
    labels: dict[str, list[str]] = field(default_factory=dict)


def unlinked_names(store, limit: int | None = None) -> list[UnlinkedName]:
    """Unlinked entities of ``store`` (a :class:`kg.rdf.store.KGStore`), most frequent first.

    Ties are broken by name so the report is stable from run to run.
    """
    rows = []
    for sol in store.query(_QUERY):
        labels: dict[str, list[str]] = {}
        raw = sol["labels"].value if sol["labels"] is not None else ""
        for item in filter(None, raw.split(_SEP)):
            lang, _, text = item.partition(":")
            labels.setdefault(lang or "und", []).append(text)
        classes = sol["classes"].value.split(_SEP) if sol["classes"] is not None else []
        etype = next((_TYPES[c] for c in classes if c in _TYPES), "")
        name = _pick_name(labels) or sol["e"].value.rsplit("/", 1)[-1]
        rows.append(UnlinkedName(name=name, type=etype, articles=int(sol["articles"].value),
                                 iri=sol["e"].value, labels=labels))
    rows.sort(key=lambda r: (-r.articles, r.name.casefold(), r.iri))
    return rows[:limit] if limit else rows


def _pick_name(labels: dict[str, list[str]]) -> str:
    for lang in ("en", "ar", "und"):
        if labels.get(lang):
            return sorted(labels[lang], key=lambda s: (-len(s), s))[0]
    return next((v[0] for v in labels.values() if v), "")


def write_report(rows: list[UnlinkedName], fmt: str, out: TextIO) -> None:
    """Write the report as an aligned table, JSON (a list of objects) or CSV."""
    if fmt not in REPORT_FORMATS:
        raise FormatError(f"unknown report format {fmt!r}; choose one of {', '.join(REPORT_FORMATS)}")
    if fmt == "json":
        json.dump([asdict(r) for r in rows], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["name", "type", "articles", "other_labels", "iri"])
        for r in rows:
            others = "; ".join(x for vs in r.labels.values() for x in vs if x != r.name)
            writer.writerow([r.name, r.type, r.articles, others, r.iri])
        return
    if not rows:
        out.write("every entity in the store is linked to Wikidata\n")
        return
    width = max(len(r.name) for r in rows)
    out.write(f"{'articles':>8}  {'type':4}  {'name':{width}}  other labels\n")
    for r in rows:
        others = "; ".join(x for vs in r.labels.values() for x in vs if x != r.name)
        out.write(f"{r.articles:>8}  {r.type:4}  {r.name:{width}}  {others}\n")
    out.write(f"{len(rows)} unlinked name(s); add the frequent ones to data/gazetteer/ or "
              "run `kg gazetteer import` (see queries/wikidata/)\n")


def report_text(rows: list[UnlinkedName], fmt: str = "table") -> str:
    """The report as a string (tests, the server)."""
    buf = io.StringIO()
    write_report(rows, fmt, buf)
    return buf.getvalue()
