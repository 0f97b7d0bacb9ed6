"""A bounded LRU cache of serialised query results.

Keys include the store generation, which changes on every write, so a write makes every
older entry unreachable without any explicit invalidation step (entries then age out).
Two bounds: a number of entries (``settings.cache_entries``) and a total of bytes, so a few
huge results cannot hold the server's memory.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedResult:
    """One serialised response body and what is needed to answer with it again."""

    body: bytes
    media_type: str
    kind: str


def cache_key(*parts: object) -> str:
    """A stable digest of the parts that decide a response (also used as the ETag)."""
    h = hashlib.sha256()
    for part in parts:
        h.update(repr(part).encode("utf-8"))
        h.update(b"\x00")
    return h.hexdigest()[:32]


class ResultCache:
    """Thread-safe LRU bounded by entry count and total bytes."""

    def __init__(self, max_entries: int = 512, max_bytes: int = 64 << 20, max_entry_bytes: int = 4 << 20):
        self.max_entries = max(0, max_entries)
        self.max_bytes = max_bytes
        self.max_entry_bytes = min(max_entry_bytes, max_bytes)
        self._data: OrderedDict[str, CachedResult] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedResult | None:
        with self._lock:
            item = self._data.get(key)
            if item is None:
                self.misses += 1
                return None
            self._data.move_to_end(key)
            self.hits += 1
            return item

    def put(self, key: str, item: CachedResult) -> None:
        size = len(item.body)
        if self.max_entries == 0 or size > self.max_entry_bytes:
            return
        with self._lock:
            old = self._data.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._data[key] = item
            self._bytes += size
            while self._data and (len(self._data) > self.max_entries or self._bytes > self.max_bytes):
                _, dropped = self._data.popitem(last=False)
                self._bytes -= len(dropped.body)

    def clear(self) -> None:
        with self._lock:
            self._data.clear()
            self._bytes = 0

    def stats(self) -> dict:
        with self._lock:
            return {"entries": len(self._data), "bytes": self._bytes, "hits": self.hits, "misses": self.misses}
