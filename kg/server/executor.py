"""Where queries run: a pool of killable worker processes over store snapshots.

The server process owns the store read-write: it alone writes (SPARQL Update, Graph Store
Protocol, ingestion), and holding Oxigraph's lock makes `kg ingest` on the same store fail
with a clear message instead of racing us. Queries never run in the server process. After
every write the server checkpoints the store (``Store.backup``, hard links) into a snapshot
directory; workers open the newest snapshot read-only. A checkpoint is never written to,
so the read-only opens are well defined (Oxigraph calls a read-only open of a store another
process writes to undefined behaviour), and a query that started before a write finishes on
a consistent view.

A query that outlives its timeout gets its worker killed (SIGKILL; a read-only process holds
nothing that can be corrupted) and a fresh worker is started in the background; the other
workers keep serving meanwhile.
"""

from __future__ import annotations

import contextlib
import logging
import math
import multiprocessing as mp
import os
import select
import shutil
import threading
import time
from typing import Protocol

from kg.errors import QueryTimeoutError, StoreError
from kg.rdf.store import KGStore
from kg.server.worker import QueryRunner, decode, encode, worker_main

log = logging.getLogger("kg.server")


class Executor(Protocol):
    """Runs query jobs (see :mod:`kg.server.worker`) and learns about writes."""

    def run(self, job: dict, timeout: float) -> dict: ...

    def refresh(self) -> None: ...

    def close(self) -> None: ...


class InlineExecutor:
    """Runs queries in the calling thread on the live store.

    Used for in-memory stores (there is nothing a worker could open) and for one-shot
    requests (`kg serve --get`). Timeouts are not enforced here.
    """

    enforces_timeout = False

    def __init__(self, store: KGStore):
        self._runner = QueryRunner(store.oxigraph)
        self.spool_dir: str | None = None

    def run(self, job: dict, timeout: float) -> dict:
        return self._runner.run(dict(job, snapshot=None))

    def refresh(self) -> None:
        """Nothing to do: queries read the live store."""

    def close(self) -> None:
        """Nothing to release."""


class Snapshots:
    """Checkpoints of the store, newest last; old ones are deleted once no worker uses them."""

    def __init__(self, store: KGStore):
        assert store.path is not None
        self._store = store
        root = store.path.resolve()
        # Same file system as the store, so checkpoints are hard links, not copies.
        self.root = root.parent / f".{root.name}.kg-serve"
        if self.root.exists():  # left by a server that was killed; we hold the lock now
            shutil.rmtree(self.root, ignore_errors=True)
        self.root.mkdir(parents=True)
        self.spool_dir = str(self.root / "spool")
        os.mkdir(self.spool_dir)
        self._count = 0
        self.current = ""
        self.take()

    def take(self) -> str:
        """Checkpoint the store now; returns the new snapshot's path."""
        self._count += 1
        path = self.root / f"snap-{self._count:06d}"
        self._store.flush()
        try:
            self._store.oxigraph.backup(str(path))
        except OSError as exc:
            raise StoreError(f"cannot snapshot the store into {path}: {exc}") from exc
        self.current = str(path)
        return self.current

    def collect(self, in_use: set[str]) -> None:
        """Delete snapshots that are neither the newest nor open in a worker."""
        for child in self.root.glob("snap-*"):
            p = str(child)
            if p != self.current and p not in in_use:
                shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


class _Worker:
    def __init__(self, ctx) -> None:
        parent, child = ctx.Pipe()
        self.proc = ctx.Process(target=worker_main, args=(child,), daemon=True, name="kg-query-worker")
        self.proc.start()
        child.close()
        self.conn = parent
        # One poll object per worker, made once: Connection.poll() builds a selector per call.
        self.poller = select.poll()
        self.poller.register(parent.fileno(), select.POLLIN)
        self.snapshot: str | None = None

    def ask(self, job: bytes, timeout: float) -> dict | None:
        """Send an encoded job; the reply, or None if none came within ``timeout`` seconds."""
        self.conn.send_bytes(job)
        if not self.poller.poll(max(0, math.ceil(timeout * 1000))):
            return None
        return decode(self.conn.recv_bytes())

    def kill(self) -> None:
        try:
            self.proc.kill()
            self.proc.join(5)
        except (OSError, ValueError):
            pass
        with contextlib.suppress(OSError):
            self.conn.close()


class ProcessExecutor:
    """A fixed-size pool of query worker processes over store snapshots."""

    enforces_timeout = True

    def __init__(self, store: KGStore, workers: int = 2):
        if store.path is None:
            raise StoreError("worker processes need an on-disk store")
        self._snapshots = Snapshots(store)
        self.spool_dir = self._snapshots.spool_dir
        self._size = max(1, workers)
        self._ctx = mp.get_context("spawn")  # never fork a threaded process holding RocksDB
        self._lock = threading.Condition()
        self._idle: list[_Worker] = []
        self._all: set[_Worker] = set()
        self._closed = False
        self._starting = 0
        for _ in range(self._size):
            self._spawn_async()

    # -- pool ------------------------------------------------------------------------------

    def _spawn_async(self) -> None:
        with self._lock:
            self._starting += 1
        threading.Thread(target=self._spawn, daemon=True, name="kg-spawn-worker").start()

    def _spawn(self) -> None:
        try:
            worker = _Worker(self._ctx)
        except Exception:
            log.exception("could not start a query worker")
            with self._lock:
                self._starting -= 1
                self._lock.notify_all()
            return
        with self._lock:
            self._starting -= 1
            if self._closed:
                worker.kill()
                return
            self._all.add(worker)
            self._idle.append(worker)
            self._lock.notify()

    def _acquire(self, deadline: float) -> _Worker:
        with self._lock:
            while not self._idle:
                left = deadline - time.monotonic()
                if left <= 0 or self._closed:
                    raise QueryTimeoutError(
                        f"all {self._size} query workers stayed busy until the timeout; "
                        "try again shortly, or ask the operator to raise --workers"
                    )
                self._lock.wait(left)
            return self._idle.pop()

    def _release(self, worker: _Worker) -> None:
        with self._lock:
            self._idle.append(worker)
            self._lock.notify()

    def _discard(self, worker: _Worker) -> None:
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        if not self._closed:
            self._spawn_async()

    # -- API -------------------------------------------------------------------------------

    def run(self, job: dict, timeout: float) -> dict:
        """Run ``job`` in a worker; kill the worker if it has not answered within ``timeout``."""
        started = time.monotonic()
        deadline = started + timeout
        worker = self._acquire(deadline)
        with self._lock:
            snapshot = self._snapshots.current
        worker.snapshot = snapshot
        try:
            message = encode(dict(job, snapshot=snapshot, spool_dir=self.spool_dir))
        except ValueError:
            self._release(worker)
            raise
        try:
            reply = worker.ask(message, deadline - time.monotonic())
        except (EOFError, OSError, ValueError) as exc:
            self._discard(worker)
            raise StoreError(f"a query worker died while running the query ({exc!r}); try again") from None
        if reply is None:
            self._discard(worker)
            raise QueryTimeoutError(
                f"the query ran longer than the {timeout:g} s limit and was stopped; "
                "narrow it down (LIMIT, more specific patterns) or ask the operator for a longer --timeout"
            )
        self._release(worker)
        return reply

    def refresh(self) -> None:
        """Called after a write (under the server's write lock): snapshot, then tidy up."""
        with self._lock:
            self._snapshots.take()
            in_use = {w.snapshot for w in self._all if w.snapshot}
            self._snapshots.collect(in_use)

    def close(self) -> None:
        with self._lock:
            self._closed = True
            workers = list(self._all)
            self._all.clear()
            self._idle.clear()
            self._lock.notify_all()
        for w in workers:
            with contextlib.suppress(OSError):
                w.conn.send_bytes(encode(None))
        for w in workers:
            w.proc.join(1)
            if w.proc.is_alive():
                w.kill()
        self._snapshots.close()


def resolve_workers(requested: int | None) -> int:
    """Default pool size: cores + 1 (a worker waiting on its pipe leaves its core to another), at least 2."""
    if requested:
        return requested
    return max(2, min(8, (os.cpu_count() or 2) + 1))

