"""Running the app: waitress for real serving, the test client for ``kg serve --get``."""

from __future__ import annotations

import logging
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TextIO

from kg.config import Settings
from kg.rdf.store import KGStore


class AccessLog:
    """WSGI middleware writing one Common Log Format-like line per request to a stream.

    waitress logs no requests by itself; operators expect an access log on stderr.
    """

    def __init__(self, app: Callable, stream: TextIO | None = None):
        self.app = app
        self.stream = stream or sys.stderr

    def __call__(self, environ: dict, start_response: Callable) -> Iterable[bytes]:
        started = time.perf_counter()
        seen: dict[str, Any] = {}

        def _start(status: str, headers: list, exc_info=None):
            seen["status"] = status.split(" ", 1)[0]
            seen["length"] = next((v for k, v in headers if k.lower() == "content-length"), "-")
            return start_response(status, headers, exc_info)

        body = self.app(environ, _start)
        try:
            yield from body
        finally:
            close = getattr(body, "close", None)
            if close:
                close()
            path = environ.get("PATH_INFO", "")
            if environ.get("QUERY_STRING"):
                path += "?" + environ["QUERY_STRING"][:200]
            ms = (time.perf_counter() - started) * 1000
            line = (f'{environ.get("REMOTE_ADDR", "-")} - - [{time.strftime("%d/%b/%Y:%H:%M:%S %z")}] '
                    f'"{environ.get("REQUEST_METHOD")} {path} {environ.get("SERVER_PROTOCOL")}" '
                    f'{seen.get("status", "-")} {seen.get("length", "-")} {ms:.1f}ms\n')
            try:
                self.stream.write(line)
                self.stream.flush()
            except (OSError, ValueError):
                pass


def serve(settings: Settings, *, on_ready: Callable[[str], None] | None = None) -> None:
    """Serve ``settings.store`` with waitress until interrupted (Ctrl-C)."""
    from waitress import create_server

    from kg.server.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(levelname)s %(message)s",
                        stream=sys.stderr)
    app = create_app(settings)
    server = create_server(AccessLog(app), host=settings.host, port=settings.port, threads=settings.threads,
                           ident="diplomacy-kg", channel_timeout=max(120, int(settings.query_timeout) + 30))
    host = settings.host if ":" not in settings.host else f"[{settings.host}]"
    url = f"http://{host}:{server.effective_port}/"  # type: ignore[union-attr]
    if on_ready:
        on_ready(url)

    def _stop(_signum, _frame):  # SIGTERM (systemd, docker stop): clean up like Ctrl-C
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["kg"].close()


def get_once(settings: Settings, path: str, headers: dict[str, str] | None = None) -> tuple[int, str, bytes]:
    """Answer one GET through Flask's test client, without opening a port (Datasette's --get).

    The store is opened read-only (so this works while `kg serve` runs) and queries run
    in-process.
    """
    from kg.server.app import create_app

    store = KGStore(settings.store, read_only=True)
    extra = dict(settings.extra, query_workers=0)
    app = create_app(replace(settings, extra=extra), store)
    try:
        with app.test_client() as client:
            resp = client.get(path, headers=headers or {})
            return resp.status_code, resp.content_type or "", resp.get_data()
    finally:
        app.extensions["kg"].close()
        store.close()
