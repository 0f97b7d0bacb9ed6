"""Saved queries: ``queries/*.rq`` files with a comment header, runnable with parameters.

Header lines (before the query, any order)::

    # title: Mediators per conflict
    # description: Who mediated between which parties, with the number of articles.
    # param: party iri
    # param: since date 2000-01-01

A parameter names a variable of the query. Values are parsed and checked against the type
(``iri``, ``string``, ``langstring`` written ``text@ar``, ``date``, ``integer``), turned into
pyoxigraph RDF terms, and bound through a ``VALUES`` block that replaces the line ``#PARAMS``
in the query's WHERE clause. User text only ever reaches the query as a term written by
pyoxigraph's own N-Triples serialiser (which escapes quotes, newlines, ``>``...), never as
raw text, so it cannot change the query's structure.

Why not pyoxigraph's ``substitutions`` argument: it requires the variable to be projected,
and with GROUP BY it binds the output instead of the pattern, so filters in aggregate queries
ignore it. A VALUES block inside the pattern joins before any grouping.

A parameter without a default is optional: left out, its variable stays unbound (queries
test ``!BOUND(?x) || ...``).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from kg.errors import QueryError

#: The line of a saved query that parameters' VALUES block replaces.
PARAMS_MARKER = re.compile(r"^[ \t]*#PARAMS[ \t]*$", re.MULTILINE)

XSD = "http://www.w3.org/2001/XMLSchema#"
PARAM_TYPES = ("iri", "string", "langstring", "date", "integer")
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_LANG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")
_IRI_BAD = re.compile(r'[\s<>"{}|\\^`]')


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    default: str | None = None

    def to_json(self) -> dict:
        return {"name": self.name, "type": self.type, "default": self.default}


@dataclass(frozen=True)
class SavedQuery:
    """One ``.rq`` file: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    text: str
    params: tuple[Param, ...] = field(default_factory=tuple)

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "title": self.title,
            "description": self.description,
            "params": [p.to_json() for p in self.params],
            "url": f"/queries/{self.name}",
            "query": self.text,
            # with the defaults bound: what the editor opens, so it runs as is
            "runnable": self.render({}),
        }

    def render(self, values: dict[str, str]) -> str:
        """The query text with the ``#PARAMS`` line replaced by a VALUES block of typed terms."""
        terms = self.bind(values)
        block = ""
        if terms:
            names = " ".join(f"?{n}" for n in terms)
            row = " ".join(str(t) for t in terms.values())
            block = f"VALUES ({names}) {{ ({row}) }}"
        return PARAMS_MARKER.sub(lambda _m: block, self.text, count=1)

    def bind(self, values: dict[str, str]) -> dict[str, ox.NamedNode | ox.Literal]:
        """Terms for the given values, else defaults; unknown names and bad values are refused."""
        known = {p.name: p for p in self.params}
        unknown = sorted(set(values) - set(known))
        if unknown:
            raise QueryError(
                f"query {self.name!r} has no parameter {unknown[0]!r}; its parameters: "
                + (", ".join(known) or "none")
            )
        out: dict[str, ox.NamedNode | ox.Literal] = {}
        for p in self.params:
            raw = values.get(p.name)
            if raw is None or raw == "":
                raw = p.default
            if raw is None or raw == "":
                continue
            out[p.name] = parse_value(p, raw)
        return out


def parse_value(param: Param, raw: str) -> ox.NamedNode | ox.Literal:
    """The RDF term for ``raw`` read as ``param.type``; QueryError (400) if it is not one."""
    t = param.type
    bad = f"parameter {param.name!r} must be {'an' if t[0] in 'aeiou' else 'a'} {t}"
    if t == "iri":
        if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", raw) or _IRI_BAD.search(raw):
            raise QueryError(f"{bad} (an absolute IRI such as https://w3id.org/diplomacy-kg/entity/Q79), got {raw!r}")
        try:
            return ox.NamedNode(raw)
        except ValueError as exc:
            raise QueryError(f"{bad}: {exc}") from None
    if t == "string":
        return ox.Literal(raw)
    if t == "langstring":
        text, sep, lang = raw.rpartition("@")
        if not sep or not _LANG.match(lang):
            raise QueryError(f"{bad} written text@lang (e.g. قطر@ar), got {raw!r}")
        return ox.Literal(text, language=lang.lower())
    if t == "date":
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            raise QueryError(f"{bad} in YYYY-MM-DD form, got {raw!r}") from None
        return ox.Literal(raw, datatype=ox.NamedNode(XSD + "date"))
    if t == "integer":
        if not re.match(r"^[+-]?\d{1,18}$", raw):
            raise QueryError(f"{bad}, got {raw!r}")
        return ox.Literal(str(int(raw)), datatype=ox.NamedNode(XSD + "integer"))
    raise QueryError(f"parameter {param.name!r} has unknown type {t!r}")


def parse_saved_query(path: Path) -> SavedQuery:
    """Read one ``.rq`` file and its header; QueryError names the file and the bad line."""
    text = path.read_text(encoding="utf-8")
    meta: dict[str, str] = {}
    params: list[Param] = []
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if not stripped.startswith("#"):
            break
        m = re.match(r"#\s*([a-z]+)\s*:\s*(.*)$", stripped)
        if not m:
            continue
        key, value = m.group(1), m.group(2).strip()
        if key == "param":
            parts = value.split(None, 2)
            if len(parts) < 2 or not _NAME.match(parts[0]) or parts[1] not in PARAM_TYPES:
                raise QueryError(
                    f"{path.name}: bad '# param:' line {value!r}; write '# param: NAME TYPE [DEFAULT]' "
                    f"with TYPE one of {', '.join(PARAM_TYPES)}"
                )
            default = parts[2] if len(parts) > 2 else None
            param = Param(parts[0], parts[1], default)
            if default is not None:
                parse_value(param, default)
            params.append(param)
        else:
            meta[key] = value
    if params and not PARAMS_MARKER.search(text):
        raise QueryError(f"{path.name}: declares parameters but has no '#PARAMS' line where they bind")
    if "title" not in meta:
        raise QueryError(f"{path.name}: the header needs a '# title: ...' line")
    return SavedQuery(
        name=path.stem,
        title=meta["title"],
        description=meta.get("description", ""),
        text=text,
        params=tuple(params),
    )


def load_saved_queries(folder: Path) -> dict[str, SavedQuery]:
    """Every ``*.rq`` directly in ``folder`` (sub-folders such as ``wikidata/`` are other endpoints')."""
    out: dict[str, SavedQuery] = {}
    if folder.is_dir():
        for path in sorted(folder.glob("*.rq")):
            q = parse_saved_query(path)
            out[q.name] = q
    return out
