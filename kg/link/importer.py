"""``kg gazetteer import``: grow the gazetteer from Wikidata dumps and query results.

The bundled gazetteer covers the usual actors; users following other conflicts need more.
Two sources are read, both produced by Wikidata itself so labels and QIDs come together:

* **JSON dumps** (``latest-all.json.gz`` or a filtered extract; ``.json``, ``.json.gz``,
  ``.json.bz2``): one JSON array, one entity per line, lines ending with a comma.  The file
  is streamed line by line (a full dump is >100 GB) and filtered by class (P31) or by a
  list of QIDs, so only wanted entities are ever parsed into records.
* **SPARQL results** (``queries/wikidata/*.rq`` run on query.wikidata.org, saved as SPARQL
  JSON or CSV): columns ``item``, ``itemLabel`` / ``itemLabel_en`` / ``itemLabel_ar``,
  ``altLabel`` / ``altLabel_ar`` (joined by " | " or ", "), optional ``type``, ``subtype``,
  ``class``, ``country``, ``office``, ``affiliation``, ``sitelinks``.

Records are merged into one user file (default ``data/gazetteer/imported.jsonl``) with the
gazetteer's own merge rule, so re-importing updates labels but never drops an alias.  When an
imported item has the same type and label as exactly one hand-curated record without a QID,
the QID is attached to that record instead of creating a duplicate that would make the name
ambiguous.
"""

from __future__ import annotations

import bz2
import csv
import gzip
import io
import json
import math
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import ConfigError, InputError
from kg.link.gazetteer import (
    Gazetteer,
    GazetteerEntry,
    _entry_from_record,
    default_gazetteer_dir,
    merge_entries,
    write_jsonl,
)
from kg.nlp.normalize import norm_key

LANGS = ("en", "ar")
SOURCE = "wikidata-import"
CLASS_MAP_FILE = "wikidata_classes.json"
DEFAULT_TARGET = "imported.jsonl"

_QID = re.compile(r"^Q[1-9]\d*$")
_ENTITY_URI = re.compile(r"^https?://(?:www\.)?wikidata\.org/(?:entity|wiki)/(Q[1-9]\d*)$")
_LABEL_COL = re.compile(r"^(?:item)?(label|altlabel|aliases?)[_\-]?(en|ar)?$")


@dataclass
class ImportReport:
    """What an import did, for the CLI summary and for tests."""

    read: int = 0
    imported: int = 0
    new: int = 0
    updated: int = 0
    attached: list[tuple[str, str]] = field(default_factory=list)  # (curated id, QID)
    skipped: int = 0
    target: Path | None = None

    def summary(self) -> str:
        lines = [
            f"read {self.read} item(s); imported {self.imported} into {self.target} "
            f"({self.new} new, {self.updated} updated, {len(self.attached)} QID(s) attached "
            f"to curated records, {self.skipped} skipped without a label)"
        ]
        for entry_id, qid in self.attached:
            lines.append(f"  attached {qid} to {entry_id}")
        return "\n".join(lines)


# -- class map --------------------------------------------------------------------------


def load_class_map(path: Path | None = None) -> dict[str, tuple[str, str | None]]:
    """P31 class QID -> (type, subtype), in file order (earlier classes win)."""
    path = path or default_gazetteer_dir() / CLASS_MAP_FILE
    if not path.is_file():
        path = Path(__file__).resolve().parents[2] / "data" / "gazetteer" / CLASS_MAP_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ConfigError(f"cannot read the class map {path}: {exc}") from exc
    return {c["qid"]: (c["type"], c.get("subtype")) for c in data.get("classes", [])}


def type_for_classes(classes: Iterable[str], class_map: dict[str, tuple[str, str | None]]) -> tuple[str, str | None]:
    """Type and subtype for an item's P31 values: the first class-map hit, else ORG."""
    present = set(classes)
    for qid, value in class_map.items():
        if qid in present:
            return value
    return "ORG", None


# -- opening files ----------------------------------------------------------------------


def _open_text(path: Path) -> io.TextIOBase:
    name = path.name.lower()
    try:
        if name.endswith(".gz"):
            return gzip.open(path, "rt", encoding="utf-8")
        if name.endswith(".bz2"):
            return bz2.open(path, "rt", encoding="utf-8")
        return path.open("r", encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot open {path}: {exc.strerror or exc}") from exc


def detect_format(path: Path) -> str:
    """``dump``, ``sparql-json`` or ``csv``, from the extension and the first character."""
    name = path.name.lower()
    for suffix in (".gz", ".bz2"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name.endswith((".csv", ".tsv")):
        return "csv"
    if not name.endswith(".json"):
        raise InputError(f"{path}: unknown import format; use .json(.gz/.bz2) dumps, SPARQL .json or .csv")
    with _open_text(path) as fh:
        try:
            head = fh.read(4096).lstrip()
        except (OSError, EOFError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: cannot read ({exc})") from exc
    if head.startswith("["):
        return "dump"
    if head.startswith("{") and '"head"' in head:
        return "sparql-json"
    if head.startswith("{") and '"claims"' in head:
        return "dump"  # a dump without the surrounding array (one entity per line)
    raise InputError(f"{path}: neither a Wikidata JSON dump nor a SPARQL JSON result")


# -- dumps --------------------------------------------------------------------------------


def claim_ids(entity: dict, prop: str) -> list[str]:
    """Item ids that a Wikidata entity (dump or API JSON) states for property ``prop``."""
    out = []
    for claim in (entity.get("claims") or {}).get(prop, []):
        try:
            value = claim["mainsnak"]["datavalue"]["value"]
        except (KeyError, TypeError):
            continue
        if isinstance(value, dict) and isinstance(value.get("id"), str):
            out.append(value["id"])
    return out


def _popularity(sitelinks: int | None) -> float | None:
    """A 0.3..0.8 prior from the number of Wikipedia editions (more editions, better known)."""
    if sitelinks is None:
        return None
    return round(0.3 + 0.5 * min(1.0, math.log1p(sitelinks) / math.log1p(300)), 3)


def entry_from_entity(entity: dict, class_map: dict[str, tuple[str, str | None]]) -> GazetteerEntry | None:
    """A gazetteer record from one dump entity (``None`` when it has no en/ar label)."""
    qid = entity.get("id")
    if not isinstance(qid, str) or not _QID.match(qid):
        return None
    labels = {lg: entity.get("labels", {}).get(lg, {}).get("value") for lg in LANGS}
    labels = {lg: v for lg, v in labels.items() if v}
    if not labels:
        return None
    aliases = {
        lg: [a["value"] for a in entity.get("aliases", {}).get(lg, []) if a.get("value")] for lg in LANGS
    }
    etype, subtype = type_for_classes(claim_ids(entity, "P31"), class_map)
    country = next(iter(claim_ids(entity, "P17") or claim_ids(entity, "P27")), None)
    sitelinks = entity.get("sitelinks")
    return GazetteerEntry(
        id=qid, qid=qid, type=etype, subtype=subtype, labels=labels,
        aliases={lg: v for lg, v in aliases.items() if v},
        country=country if country != qid else None,
        popularity=_popularity(len(sitelinks) if isinstance(sitelinks, dict) else None),
        source=SOURCE,
    )


def read_dump(
    path: Path,
    *,
    classes: set[str] | None = None,
    qids: set[str] | None = None,
    class_map: dict[str, tuple[str, str | None]] | None = None,
    report: ImportReport | None = None,
) -> Iterator[GazetteerEntry]:
    """Stream a Wikidata JSON dump, yielding records for entities of ``classes`` or ``qids``.

    A line is only parsed when its QID is wanted or (for class filters) when it mentions one
    of the classes, which keeps a pass over a large dump I/O-bound.
    """
    if not classes and not qids:
        raise ConfigError("importing a dump needs a filter: --class QID (repeatable) or --qids FILE")
    class_map = class_map if class_map is not None else load_class_map()
    class_needles = [f'"id":"{c}"' for c in classes or ()] + [f'"id": "{c}"' for c in classes or ()]
    with _open_text(path) as fh:
        for lineno, raw in enumerate(fh, start=1):
            line = raw.strip().rstrip(",")
            if not line or line in ("[", "]"):
                continue
            head = line[:200]
            m = re.search(r'"id"\s*:\s*"(Q\d+)"', head)
            wanted_by_id = bool(qids and m and m.group(1) in qids)
            if not wanted_by_id and not (class_needles and any(n in line for n in class_needles)):
                continue
            try:
                entity = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{lineno}: malformed dump line ({exc.msg})") from exc
            if not wanted_by_id and not (classes and set(claim_ids(entity, "P31")) & classes):
                continue
            if report is not None:
                report.read += 1
            entry = entry_from_entity(entity, class_map)
            if entry is None:
                if report is not None:
                    report.skipped += 1
                continue
            yield entry


# -- SPARQL results ---------------------------------------------------------------------


def _qid_of(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    m = _ENTITY_URI.match(value)
    if m:
        return m.group(1)
    return value if _QID.match(value) else None


def _split_alt(value: str) -> list[str]:
    """Aliases joined by " | " (our queries: names may hold commas) or ", " (label service)."""
    sep = "|" if "|" in value else ","
    return [v.strip() for v in value.split(sep) if v.strip()]


def _entry_from_row(
    row: dict[str, tuple[str, str | None]],
    class_map: dict[str, tuple[str, str | None]],
    default_type: str | None,
) -> GazetteerEntry | None:
    """One record from a result row: column name (lower-case) -> (value, language tag)."""
    qid = None
    for col in ("item", "qid", "id", "entity"):
        if col in row:
            qid = _qid_of(row[col][0])
            break
    if qid is None:
        qid = next((q for q in (_qid_of(v) for v, _l in row.values()) if q), None)
    if qid is None:
        return None
    labels: dict[str, str] = {}
    aliases: dict[str, list[str]] = {}
    for col, (value, tag) in row.items():
        m = _LABEL_COL.match(col.replace("label_", "label").replace("labels", "label"))
        if not m or not value:
            continue
        kind, lang = m.group(1), m.group(2) or (tag or "en")
        lang = lang.split("-")[0]
        if lang not in LANGS:
            continue
        if kind == "label":
            if value != qid and lang not in labels:
                labels[lang] = value
        else:
            aliases.setdefault(lang, []).extend(_split_alt(value))
    if not labels:
        return None
    etype = (row.get("type", ("", None))[0] or "").strip().upper() or None
    subtype = (row.get("subtype", ("", None))[0] or "").strip() or None
    klass = next((_qid_of(row[c][0]) for c in ("class", "instanceof", "p31") if c in row), None)
    if etype not in ("PER", "ORG", "LOC"):
        if klass:
            etype, class_subtype = type_for_classes([klass], class_map)
            subtype = subtype or class_subtype
        else:
            etype = ""  # decided after rows of the same item are merged (see _rows_to_entries)
    popularity = None
    if row.get("sitelinks", ("", None))[0]:
        try:
            popularity = _popularity(int(float(row["sitelinks"][0])))
        except ValueError:
            popularity = None
    office = (row.get("office", ("", None))[0] or "").strip() or None
    return GazetteerEntry(
        id=qid, qid=qid, type=etype, subtype=subtype, labels=labels,
        aliases={lg: list(dict.fromkeys(v)) for lg, v in aliases.items()},
        country=_qid_of(row.get("country", ("", None))[0]),
        affiliation=_qid_of(row.get("affiliation", ("", None))[0]),
        office=office.casefold() if office else None,
        popularity=popularity, source=SOURCE,
    )


def read_sparql_json(path: Path, **kwargs) -> Iterator[GazetteerEntry]:
    """Records from a SPARQL 1.1 JSON result (``head.vars``, ``results.bindings``)."""
    with _open_text(path) as fh:
        try:
            data = json.load(fh)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"{path}: not a SPARQL JSON result ({exc})") from exc
    try:
        bindings = data["results"]["bindings"]
    except (KeyError, TypeError):
        raise InputError(f"{path}: no results.bindings; is it a SPARQL JSON result?") from None
    rows = (
        {k.lower(): (v.get("value", ""), v.get("xml:lang")) for k, v in b.items() if isinstance(v, dict)}
        for b in bindings
    )
    yield from _rows_to_entries(rows, **kwargs)


def read_csv(path: Path, **kwargs) -> Iterator[GazetteerEntry]:
    """Records from a CSV (or TSV) export of a query result, header row first."""
    with _open_text(path) as fh:
        text = fh.read()
    delimiter = "\t" if path.name.lower().split(".")[-1] == "tsv" or path.name.lower().endswith(".tsv.gz") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames:
        raise InputError(f"{path}: empty CSV (no header row)")
    rows = ({(k or "").strip().lstrip("?").lower(): ((v or "").strip(), None) for k, v in r.items()} for r in reader)
    yield from _rows_to_entries(rows, **kwargs)


def _rows_to_entries(
    rows: Iterable[dict[str, tuple[str, str | None]]],
    *,
    class_map: dict[str, tuple[str, str | None]] | None = None,
    default_type: str | None = None,
    qids: set[str] | None = None,
    report: ImportReport | None = None,
    classes: set[str] | None = None,  # accepted for a uniform signature; rows carry no P31 list
) -> Iterator[GazetteerEntry]:
    """Group rows by item (a query joining offices or aliases repeats the item) and merge."""
    class_map = class_map if class_map is not None else load_class_map()
    merged: dict[str, GazetteerEntry] = {}
    for row in rows:
        entry = _entry_from_row(row, class_map, default_type)
        if report is not None:
            report.read += 1
        if entry is None:
            if report is not None:
                report.skipped += 1
            continue
        if qids and entry.id not in qids:
            continue
        merged[entry.id] = merge_entries(merged[entry.id], entry) if entry.id in merged else entry
    for entry in merged.values():
        entry.type = entry.type or default_type or "ORG"
        yield entry


# -- merging into the user file -----------------------------------------------------------


def _read_target(path: Path) -> dict[str, GazetteerEntry]:
    out: dict[str, GazetteerEntry] = {}
    if not path.exists():
        return out
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise ConfigError(f"{path}:{lineno}: malformed JSON ({exc.msg})") from exc
        entry = _entry_from_record(rec, f"{path}:{lineno}")
        out[entry.id] = merge_entries(out[entry.id], entry) if entry.id in out else entry
    return out


def _curated_match(entry: GazetteerEntry, base: Gazetteer) -> GazetteerEntry | None:
    """The one QID-less record of the same type whose label equals the item's label."""
    if base.by_qid(entry.qid or "") is not None:
        return None
    found: dict[str, GazetteerEntry] = {}
    for lang, label in entry.labels.items():
        for cand in base.candidates(label):
            if cand.qid is None and cand.type == entry.type and norm_key(cand.labels.get(lang, "")) == norm_key(label):
                found[cand.id] = cand
    return next(iter(found.values())) if len(found) == 1 else None


def _drop_dangling(entries: dict[str, GazetteerEntry], base: Gazetteer) -> None:
    """Forget ``country``/``affiliation`` ids that no gazetteer record has.

    A person's P27 may be a historical state, an item's P17 a territory we do not list;
    a reference nothing resolves cannot help the linker, and it would break the check that
    every reference in the gazetteer resolves.
    """
    known = set(entries)
    for entry in entries.values():
        for attr in ("country", "affiliation"):
            ref = getattr(entry, attr)
            if ref and ref not in known and ref not in base and base.by_qid(ref) is None:
                setattr(entry, attr, None)


def import_files(
    paths: Iterable[str | Path],
    *,
    into: str | Path | None = None,
    classes: Iterable[str] = (),
    qids: Iterable[str] = (),
    default_type: str | None = None,
    base: Gazetteer | None = None,
    class_map: dict[str, tuple[str, str | None]] | None = None,
) -> ImportReport:
    """Import every file into ``into`` (default ``<gazetteer dir>/imported.jsonl``).

    ``base`` is the gazetteer checked for curated records to attach QIDs to (default: the
    gazetteer directory without the target file).  The target is rewritten atomically.
    """
    target = Path(into) if into else default_gazetteer_dir() / DEFAULT_TARGET
    class_set = {c.strip() for c in classes if c.strip()}
    qid_set = {q.strip() for q in qids if q.strip()}
    bad = sorted(q for q in class_set | qid_set if not _QID.match(q))
    if bad:
        raise ConfigError(f"not a Wikidata item id: {', '.join(bad[:5])} (expected e.g. Q5)")
    if base is None:
        gdir = default_gazetteer_dir()
        files = [p for p in sorted(gdir.glob("*.jsonl")) if p.resolve() != target.resolve()] if gdir.is_dir() else []
        base = Gazetteer.load(files) if files else Gazetteer()
    class_map = class_map if class_map is not None else load_class_map()
    report = ImportReport(target=target)
    existing = _read_target(target)
    kwargs = {"classes": class_set or None, "qids": qid_set or None, "class_map": class_map, "report": report}
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        fmt = detect_format(path)
        if fmt == "dump":
            items = read_dump(path, **kwargs)
        elif fmt == "sparql-json":
            items = read_sparql_json(path, default_type=default_type, **kwargs)
        else:
            items = read_csv(path, default_type=default_type, **kwargs)
        for entry in items:
            curated = _curated_match(entry, base)
            if curated is not None:
                entry.id = curated.id
                if (curated.id, entry.qid) not in report.attached:
                    report.attached.append((curated.id, entry.qid or ""))
            report.imported += 1
            if entry.id in existing:
                existing[entry.id] = merge_entries(existing[entry.id], entry)
                report.updated += 1
            else:
                existing[entry.id] = entry
                report.new += 1
    _drop_dangling(existing, base)
    tmp = target.with_name(target.name + ".part")
    write_jsonl(tmp, sorted(existing.values(), key=lambda e: e.id))
    tmp.replace(target)
    return report
