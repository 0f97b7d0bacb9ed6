"""Ingestion end to end: files -> articles -> extractions -> article graphs in the store.

Articles are streamed in batches and written to the store in bounded groups (one atomic
write each), so memory does not grow with the number of articles and an interrupted run
leaves every article either fully in the store (old or new version) or not at all.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kg.ingest.readers import DEFAULT_MAX_BYTES, read_paths
from kg.model import Article, Extraction, Skipped
from kg.rdf.store import KGStore

#: Most articles written to the store in one go (bounds memory).
WRITE_GROUP = 256
#: Seconds after which the articles extracted so far are written even if fewer.
WRITE_EVERY_S = 5.0
#: Seconds between explicit flushes of the store during a long ingest.
FLUSH_EVERY_S = 2.0


@dataclass
class IngestReport:
    """What an ingest run did; printed as the CLI's summary."""

    articles: int = 0
    quads: int = 0
    words: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    duplicates: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        rate = self.articles / self.seconds if self.seconds else 0.0
        lines = [
            f"ingested {self.articles} article(s), {self.quads} quads in {self.seconds:.2f} s "
            f"({rate:.1f} articles/s); skipped {len(self.skipped)}"
        ]
        for s in self.skipped:
            lines.append(f"  skipped {s.source}: {s.reason}")
        for d in self.duplicates:
            lines.append(f"  note: article id {d!r} appeared more than once; the last one was kept")
        return "\n".join(lines)


def _batched(items: Iterable, size: int) -> Iterator[list]:
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def default_extractor(udpipe_models: dict[str, str] | None = None):
    """The built-in extractor (spaCy pipelines per language)."""
    from kg.extract import Extractor

    models = {k: Path(v) for k, v in (udpipe_models or {}).items() if v}
    return Extractor(udpipe_models=models or None)


def extract_safely(extractor, articles: list[Article]) -> tuple[list[Extraction], list[Skipped]]:
    """Extract a batch; if the batch fails, retry one by one so one bad article costs only itself."""
    try:
        return list(extractor.extract_many(articles)), []
    except Exception:
        done: list[Extraction] = []
        failed: list[Skipped] = []
        for article in articles:
            try:
                done.append(extractor.extract(article))
            except Exception as exc:
                failed.append(Skipped(article.source or article.id, f"extraction failed: {exc!r}"))
        return done, failed


def ingest(
    paths: Iterable[str | Path],
    store: KGStore,
    *,
    extractor=None,
    batch_size: int = 64,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_progress: Callable[[Article | Skipped], None] | None = None,
) -> IngestReport:
    """Read every article under ``paths``, extract, and replace its graph in ``store``."""

    extractor = extractor or default_extractor()
    report = IngestReport()
    start = time.perf_counter()
    seen: set[str] = set()
    written: set[str] = set()

    def articles() -> Iterator[Article]:
        for item in read_paths(paths, max_bytes=max_bytes):
            if on_progress:
                on_progress(item)
            if isinstance(item, Skipped):
                report.skipped.append(item)
                continue
            if item.id in seen:
                report.duplicates.append(item.id)
            seen.add(item.id)
            yield item

    last_flush = time.perf_counter()
    pending: list[Extraction] = []
    last_write = time.perf_counter()

    def write() -> None:
        nonlocal last_write
        report.quads += store.replace_articles(pending)
        for ex in pending:
            report.words += len(ex.article.text.split())
            written.add(ex.article.id)
        pending.clear()
        last_write = time.perf_counter()

    for batch in _batched(articles(), batch_size):
        extractions, failed = extract_safely(extractor, batch)
        report.skipped.extend(failed)
        pending.extend(extractions)
        # Articles are written in groups: every write adds a set of files to the store that
        # its background compaction merges, so fewer, larger writes cost much less per
        # article. A group is bounded in size (memory stays flat) and in time (a killed run
        # loses at most the last few seconds of work, and whole articles only).
        if len(pending) >= WRITE_GROUP or time.perf_counter() - last_write > WRITE_EVERY_S:
            write()
        if time.perf_counter() - last_flush > FLUSH_EVERY_S:
            # Re-ingested articles are replaced by transactions, which Oxigraph keeps in
            # memory tables until flushed: flushing now and then keeps memory flat. (New
            # articles are bulk-loaded straight to disk; then there is nothing to flush.)
            store.flush()
            last_flush = time.perf_counter()
    if pending:
        write()
    store.flush()
    report.articles = len(written)  # distinct ids: a repeated id replaced its earlier graph
    report.seconds = time.perf_counter() - start
    return report
