"""The gazetteer: known countries, cities, organisations, outlets, people and places.

Records live in ``data/gazetteer/*.jsonl`` (one JSON object per line, schema in
docs/architecture.md, "Gazetteer records").  :meth:`Gazetteer.load` reads every file,
merges records that share an id, and builds lookup tables keyed by
:func:`kg.nlp.normalize.norm_key` so Arabic and English spelling variants meet.
Parsed gazetteers are cached per process, keyed by the resolved file paths and their
modification times.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

from kg.errors import ConfigError
from kg.nlp.normalize import norm_key

ENV_DIR = "KG_GAZETTEER_DIR"
_LANGS = ("en", "ar")


def default_gazetteer_dir() -> Path:
    """``$KG_GAZETTEER_DIR`` when set, else ``<repo>/data/gazetteer`` (``kg/`` sits next to ``data/``)."""
    env = os.environ.get(ENV_DIR)
    if env:
        return Path(env).expanduser()
    return Path(__file__).resolve().parents[2] / "data" / "gazetteer"


@dataclass
class GazetteerEntry:
    """One gazetteer record; unknown keys from the file are kept in ``extra``."""

    id: str
    type: str
    labels: dict[str, str] = field(default_factory=dict)
    qid: str | None = None
    subtype: str | None = None
    aliases: dict[str, list[str]] = field(default_factory=dict)
    demonyms: dict[str, list[str]] = field(default_factory=dict)
    country: str | None = None
    capital: str | None = None
    office: str | None = None
    affiliation: str | None = None
    popularity: float | None = None
    source: str | None = None
    iso: str | None = None
    extra: dict = field(default_factory=dict)

    def label(self, lang: str = "en") -> str:
        """Preferred label in ``lang``, falling back to any label."""
        return self.labels.get(lang) or next(iter(self.labels.values()), self.id)

    def names(self, lang: str | None = None) -> list[str]:
        """Labels then aliases (one language or all), in file order."""
        langs = (
            (lang,) if lang else tuple(self.labels) + tuple(k for k in self.aliases if k not in self.labels)
        )
        out: list[str] = []
        for lg in langs:
            if self.labels.get(lg):
                out.append(self.labels[lg])
            out.extend(self.aliases.get(lg, []))
        return out

    def to_record(self) -> dict:
        """The JSON object written back to a file (empty optional fields left out)."""
        data = asdict(self)
        extra = data.pop("extra") or {}
        rec = {"id": data.pop("id"), "qid": data.pop("qid")}
        for key, value in data.items():
            if value in (None, {}, []):
                continue
            rec[key] = value
        rec.update(extra)
        return rec


_FIELD_NAMES = {f.name for f in fields(GazetteerEntry)} - {"extra"}


def _entry_from_record(rec: dict, where: str) -> GazetteerEntry:
    if not isinstance(rec, dict):
        raise ConfigError(f"{where}: expected a JSON object, got {type(rec).__name__}")
    for key in ("id", "type"):
        if not isinstance(rec.get(key), str) or not rec[key]:
            raise ConfigError(f"{where}: missing or empty '{key}'")
    for key in ("labels", "aliases", "demonyms"):
        if key in rec and not isinstance(rec[key], dict):
            raise ConfigError(f"{where}: '{key}' must be an object keyed by language")
    known = {k: v for k, v in rec.items() if k in _FIELD_NAMES}
    extra = {k: v for k, v in rec.items() if k not in _FIELD_NAMES}
    entry = GazetteerEntry(**known, extra=extra)
    entry.aliases = {lg: list(v) for lg, v in (entry.aliases or {}).items()}
    entry.demonyms = {lg: list(v) for lg, v in (entry.demonyms or {}).items()}
    return entry


def _union(first: list[str], second: list[str]) -> list[str]:
    seen = {norm_key(x) for x in first}
    out = list(first)
    for item in second:
        key = norm_key(item)
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def merge_entries(old: GazetteerEntry, new: GazetteerEntry) -> GazetteerEntry:
    """Merge two records with the same id: later non-null scalar fields win, alias and
    demonym lists are unioned (nothing already present is dropped), labels are updated
    per language, and a label replaced by the later file is kept as an alias."""
    merged = GazetteerEntry(id=old.id, type=new.type or old.type)
    for f in fields(GazetteerEntry):
        if f.name in ("id", "type", "labels", "aliases", "demonyms", "extra"):
            continue
        value = getattr(new, f.name)
        setattr(merged, f.name, value if value is not None else getattr(old, f.name))
    merged.labels = {**old.labels, **{k: v for k, v in new.labels.items() if v}}
    aliases: dict[str, list[str]] = {}
    for lg in dict.fromkeys([*old.aliases, *new.aliases, *old.labels]):
        items = _union(old.aliases.get(lg, []), new.aliases.get(lg, []))
        dropped = old.labels.get(lg)
        if dropped and norm_key(dropped) != norm_key(merged.labels.get(lg, "")):
            items = _union(items, [dropped])
        label_key = norm_key(merged.labels.get(lg, ""))
        items = [a for a in items if norm_key(a) != label_key]
        if items:
            aliases[lg] = items
    merged.aliases = aliases
    merged.demonyms = {
        lg: _union(old.demonyms.get(lg, []), new.demonyms.get(lg, []))
        for lg in dict.fromkeys([*old.demonyms, *new.demonyms])
    }
    merged.extra = {**old.extra, **new.extra}
    return merged


class Gazetteer:
    """An in-memory gazetteer with lookups by id, QID and normalised surface form."""

    def __init__(self, entries: Iterable[GazetteerEntry] = ()):
        self._entries: dict[str, GazetteerEntry] = {}
        for entry in entries:
            self.add(entry)

    # -- construction ---------------------------------------------------------------
    def add(self, entry: GazetteerEntry) -> GazetteerEntry:
        """Add a record, merging it into an existing one with the same id."""
        old = self._entries.get(entry.id)
        self._entries[entry.id] = merge_entries(old, entry) if old else entry
        self._index = None
        return self._entries[entry.id]

    @classmethod
    def load(cls, paths: list[Path] | None = None) -> Gazetteer:
        """Read the given JSONL files (default: every ``*.jsonl`` in the gazetteer dir).

        Files are merged in the order given (sorted by name for the default), so a later
        file can override fields of an earlier one.  The result is cached per process;
        treat it as read-only.
        """
        if paths is None:
            directory = default_gazetteer_dir()
            if not directory.is_dir():
                raise ConfigError(
                    f"gazetteer directory {directory} not found; set {ENV_DIR} to the folder "
                    "that holds the *.jsonl files"
                )
            paths = sorted(directory.glob("*.jsonl"))
        resolved = []
        for p in paths:
            p = Path(p).resolve()
            try:
                resolved.append((str(p), p.stat().st_mtime_ns))
            except OSError as exc:
                raise ConfigError(f"cannot read gazetteer file {p}: {exc.strerror}") from exc
        return _load_cached(tuple(resolved))

    @classmethod
    def _parse(cls, paths: Iterable[Path]) -> Gazetteer:
        gaz = cls()
        for path in paths:
            try:
                text = Path(path).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise ConfigError(f"cannot read gazetteer file {path}: {exc}") from exc
            for lineno, line in enumerate(text.splitlines(), start=1):
                if not line.strip():
                    continue
                where = f"{path}:{lineno}"
                try:
                    rec = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise ConfigError(f"{where}: malformed JSON ({exc.msg})") from exc
                try:
                    gaz.add(_entry_from_record(rec, where))
                except TypeError as exc:
                    raise ConfigError(f"{where}: bad record ({exc})") from exc
        return gaz

    # -- container protocol -----------------------------------------------------------
    def __iter__(self) -> Iterator[GazetteerEntry]:
        return iter(self._entries.values())

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def get(self, entry_id: str) -> GazetteerEntry | None:
        return self._entries.get(entry_id)

    # -- indexes ------------------------------------------------------------------------
    _index: dict | None = None

    def _build(self) -> dict:
        if self._index is None:
            by_key: dict[str, list[str]] = {}
            by_qid: dict[str, str] = {}
            demonyms: dict[str, str] = {}
            for entry in self._entries.values():
                if entry.qid:
                    by_qid.setdefault(entry.qid, entry.id)
                for surface, _lang, kind in _surfaces(entry):
                    key = norm_key(surface)
                    if not key:
                        continue
                    if kind == "demonym":
                        demonyms.setdefault(key, entry.id)
                        continue
                    ids = by_key.setdefault(key, [])
                    if entry.id not in ids:
                        ids.append(entry.id)
            self._index = {"key": by_key, "qid": by_qid, "demonym": demonyms}
        return self._index

    def candidates(self, surface: str) -> list[GazetteerEntry]:
        """Entries with a label or alias equal to ``surface`` after normalisation,
        most popular first (ties keep file order)."""
        ids = self._build()["key"].get(norm_key(surface), [])
        found = [self._entries[i] for i in ids]
        return sorted(found, key=lambda e: -(e.popularity or 0.0))

    def by_qid(self, qid: str) -> GazetteerEntry | None:
        entry_id = self._build()["qid"].get(qid)
        return self._entries.get(entry_id) if entry_id else None

    def demonym_index(self) -> dict[str, str]:
        """Normalised demonym base (en and ar) -> country id."""
        return dict(self._build()["demonym"])

    def surface_forms(self) -> Iterator[tuple[str, str, str, str]]:
        """Every ``(surface, entry_id, lang, kind)``; kind is label, alias or demonym."""
        for entry in self._entries.values():
            for surface, lang, kind in _surfaces(entry):
                yield surface, entry.id, lang, kind


def _surfaces(entry: GazetteerEntry) -> Iterator[tuple[str, str, str]]:
    for lang, label in entry.labels.items():
        if label:
            yield label, lang, "label"
    for lang, items in entry.aliases.items():
        for item in items:
            yield item, lang, "alias"
    for lang, items in entry.demonyms.items():
        for item in items:
            yield item, lang, "demonym"


@functools.lru_cache(maxsize=8)
def _load_cached(paths: tuple[tuple[str, int], ...]) -> Gazetteer:
    return Gazetteer._parse(Path(p) for p, _mtime in paths)


def write_jsonl(path: Path, entries: Iterable[GazetteerEntry | dict]) -> int:
    """Write records as JSONL (UTF-8, one object per line); returns the number written."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    count = 0
    with path.open("w", encoding="utf-8") as fh:
        for entry in entries:
            rec = entry.to_record() if isinstance(entry, GazetteerEntry) else entry
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
            count += 1
    return count
