"""Readers: files on disk -> :class:`~kg.model.Article` records (or :class:`Skipped`).

A bad file never stops a run: each problem becomes a ``Skipped`` record with a reason the
user can act on, and the other files are read. Readers are registered by file extension
(``register_reader``) so users can add formats; plugins can also register through the
``kg.readers`` entry-point group.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from importlib.metadata import entry_points
from pathlib import Path

from kg.errors import InputError
from kg.model import Article, Skipped

#: Files larger than this are skipped unless the caller raises the limit.
DEFAULT_MAX_BYTES = 5 * 1024 * 1024

Reader = Callable[[Path, str], Iterator["Article | Skipped"]]
_READERS: dict[str, Reader] = {}


def register_reader(*extensions: str) -> Callable[[Reader], Reader]:
    """Decorator registering a reader for file extensions (with the dot, lower case)."""

    def wrap(func: Reader) -> Reader:
        for ext in extensions:
            _READERS[ext.lower()] = func
        return func

    return wrap


def supported_extensions() -> list[str]:
    _load_plugins()
    return sorted(_READERS)


_plugins_loaded = False


def _load_plugins() -> None:
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    for ep in entry_points(group="kg.readers"):
        register_reader(*ep.name.split(","))(ep.load())


# -- decoding ------------------------------------------------------------------------------

# UTF-8 Arabic read as Latin-1/cp1252 shows as runs of these letters ("Ø§Ù„").
_MOJIBAKE = re.compile("[\u00d8\u00d9\u00da\u00db][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013-\u203a\u20ac\u2122]")


def decode_bytes(data: bytes, source: str) -> str:
    """Decode article bytes or raise :class:`InputError` saying why and what to do.

    UTF-8 (with or without BOM) and UTF-16 with a BOM are accepted. Anything else is
    refused rather than guessed: a wrong guess would silently put garbage in the graph.
    """
    if not data.strip():
        raise InputError(f"{source}: file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if b"\x00" in data[:4096]:
            raise InputError(f"{source}: looks like a binary file (NUL bytes), not an article")
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{source}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
                "convert it first, e.g. `iconv -f WINDOWS-1256 -t UTF-8` for Arabic Windows files"
            ) from None
    controls = sum(1 for c in text[:4096] if ord(c) < 32 and c not in "\n\r\t\f")
    if controls > 8:
        raise InputError(f"{source}: contains control characters; it looks binary, not text")
    if len(_MOJIBAKE.findall(text[:4096])) >= 5:
        raise InputError(
            f"{source}: text looks double-encoded (UTF-8 read as Latin-1, e.g. 'Ø§Ù„'); "
            "re-export it as plain UTF-8"
        )
    if "\ufffd" in text[:4096] and text[:4096].count("\ufffd") >= 3:
        raise InputError(f"{source}: text contains replacement characters (\\ufffd); it was mis-decoded upstream")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse_date(value: object) -> dt.date | None:
    """A date from ISO text (``2026-02-02`` or a timestamp starting with it); else None."""
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    m = re.match(r"\s*(\d{4})-(\d{2})-(\d{2})", str(value))
    if not m:
        return None
    try:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        return None


def _clean_lang(value: object) -> str | None:
    if not value:
        return None
    lang = str(value).strip().lower().replace("_", "-").split("-")[0]
    return lang or None


def article_from_record(record: dict, *, default_id: str, source: str) -> Article:
    """Build an Article from a JSON-like record (``id``, ``text``, ``lang``, ``date``, ...)."""
    if not isinstance(record, dict):
        raise InputError(f"{source}: expected a JSON object with a 'text' field, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str) or not text.strip():
        raise InputError(f"{source}: no 'text' (or it is empty)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    art_id = str(record.get("id") or default_id).strip()
    title = record.get("title")
    return Article(
        id=art_id,
        text=text,
        lang=_clean_lang(record.get("lang") or record.get("language")),
        date=parse_date(record.get("date") or record.get("published")),
        url=(str(record["url"]) if record.get("url") else None),
        title=(str(title).strip() or None) if title else None,
        source=source,
    )


# -- readers -------------------------------------------------------------------------------

_TXT_HEADER = re.compile(r"^\s*(date|title|url|lang|id)\s*[:\s]\s*(.*)$", re.IGNORECASE)
_INLINE_DATE = re.compile(r"^\s*date[:\s]\s*(\d{4}-\d{2}-\d{2})[ \t]*\n?", re.IGNORECASE)


@register_reader(".txt", ".text", ".md")
def read_txt(path: Path, text: str) -> Iterator[Article | Skipped]:
    """Plain text; optional header lines ``date 2026-02-02``, ``title ...``, ``url ...``,
    ``lang ar``, ``id ...`` at the top (a ``date`` may also prefix the first paragraph)."""
    meta: dict[str, str] = {}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = _TXT_HEADER.match(lines[i])
        if not m:
            break
        key, value = m[1].lower(), m[2].strip()
        if key == "date":
            inline = _INLINE_DATE.match(lines[i])
            if not inline:
                break
            rest = lines[i][inline.end():].strip()
            meta["date"] = inline[1]
            if rest:  # "date 2026-02-02 First sentence ..." on one line
                lines[i] = rest
                break
        else:
            meta[key] = value
        i += 1
    body = "\n".join(lines[i:]).strip("\n")
    record = {"text": body, **meta}
    yield article_from_record(record, default_id=path.stem, source=str(path))


@register_reader(".json")
def read_json(path: Path, text: str) -> Iterator[Article | Skipped]:
    """A JSON object (one article) or a list of objects."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"{path}: invalid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})") from None
    items = data if isinstance(data, list) else [data]
    for n, item in enumerate(items):
        source = str(path) if len(items) == 1 else f"{path}#{n}"
        default_id = path.stem if len(items) == 1 else f"{path.stem}-{n}"
        try:
            yield article_from_record(item, default_id=default_id, source=source)
        except InputError as exc:
            yield Skipped(source, exc.message)


def _jsonl_line(path: Path, lineno: int, line: str) -> Article | Skipped:
    """One JSON Lines record -> Article, or Skipped with the line number in the source."""
    source = f"{path}:{lineno}"
    try:
        item = json.loads(line)
        return article_from_record(item, default_id=f"{path.stem}-{lineno}", source=source)
    except json.JSONDecodeError as exc:
        return Skipped(source, f"invalid JSON ({exc.msg})")
    except InputError as exc:
        return Skipped(source, exc.message)


@register_reader(".jsonl", ".ndjson")
def read_jsonl(path: Path, text: str) -> Iterator[Article | Skipped]:
    """One JSON object per line; a bad line is skipped, the others are read.

    (Files on disk are streamed by :func:`read_jsonl_stream`; this text form serves callers
    that already hold the content.)"""
    for lineno, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            yield _jsonl_line(path, lineno, line)


@register_reader(".html", ".htm")
def read_html(path: Path, text: str) -> Iterator[Article | Skipped]:
    """An HTML page: main text, title, date and URL extracted with trafilatura."""
    import trafilatura

    extracted = trafilatura.bare_extraction(
        text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True
    )
    if extracted is None:
        raise InputError(f"{path}: no article text found in this HTML page")
    meta = extracted.as_dict() if hasattr(extracted, "as_dict") else dict(extracted)
    body = meta.get("text") or ""
    lang = meta.get("language")
    if not lang:
        m = re.search(r"<html[^>]*\blang=[\"']?([A-Za-z-]+)", text[:2000], re.IGNORECASE)
        lang = m[1] if m else None
    record = {
        "id": path.stem,
        "text": body,
        "title": meta.get("title"),
        "date": meta.get("date"),
        "url": meta.get("url"),
        "lang": lang,
    }
    yield article_from_record(record, default_id=path.stem, source=str(path))


# -- walking paths -------------------------------------------------------------------------


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | Skipped]:
    """Files named on the command line, folders walked recursively in sorted order."""
    _load_plugins()
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for child in sorted(p.rglob("*")):
                if child.is_file() and not child.name.startswith("."):
                    if child.suffix.lower() in _READERS:
                        yield child
                    else:
                        yield Skipped(str(child), f"unsupported file type {child.suffix or '(none)'!r}")
        elif p.is_file():
            if p.suffix.lower() in _READERS:
                yield p
            else:
                yield Skipped(str(p), f"unsupported file type {p.suffix or '(none)'!r}; "
                              f"supported: {', '.join(sorted(_READERS))}")
        else:
            yield Skipped(str(p), "no such file or folder")


def read_paths(
    paths: Iterable[str | Path], *, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Article | Skipped]:
    """Every article under ``paths``, with a ``Skipped`` record for each unreadable input."""
    for item in iter_files(paths):
        if isinstance(item, Skipped):
            yield item
            continue
        yield from read_file(item, max_bytes=max_bytes)


def read_jsonl_stream(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """JSON Lines read line by line: memory stays flat however big the file, and the size
    limit applies to each article (line), not to the file."""
    with open(path, "rb") as fh:
        first = True
        for lineno, raw in enumerate(fh, start=1):
            source = f"{path}:{lineno}"
            if first and raw.startswith(b"\xef\xbb\xbf"):
                raw = raw[3:]
            first = False
            if not raw.strip():
                continue
            if len(raw) > max_bytes:
                yield Skipped(source, f"line is {len(raw) / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                              "limit per article (raise it with --max-size)")
                continue
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                yield Skipped(source, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); convert the file to UTF-8")
                continue
            yield _jsonl_line(path, lineno, line)


def read_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Article | Skipped]:
    """Articles in one file (a reader may yield several), or ``Skipped`` records."""
    source = str(path)
    if path.suffix.lower() in (".jsonl", ".ndjson") and _READERS.get(path.suffix.lower()) is read_jsonl:
        try:
            if path.stat().st_size == 0:
                yield Skipped(source, "file is empty")
                return
            yield from read_jsonl_stream(path, max_bytes=max_bytes)
        except OSError as exc:
            yield Skipped(source, f"cannot read: {exc.strerror or exc}")
        return
    try:
        size = path.stat().st_size
        if size > max_bytes:
            yield Skipped(source, f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:.1f} MB "
                          "limit (raise it with --max-size if this is really one article)")
            return
        text = decode_bytes(path.read_bytes(), source)
        reader = _READERS[path.suffix.lower()]
        yield from reader(path, text)
    except InputError as exc:
        yield Skipped(source, exc.message)
    except OSError as exc:
        yield Skipped(source, f"cannot read: {exc.strerror or exc}")
