"""The SPARQL endpoint, web UI and entity pages (``kg serve``).

Import is lazy on purpose: query worker processes import :mod:`kg.server.worker` only, and
must not pay for Flask.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from flask import Flask

    from kg.config import Settings
    from kg.rdf.store import KGStore


def create_app(settings: Settings | None = None, store: KGStore | None = None) -> Flask:
    """Build the Flask app (see :func:`kg.server.app.create_app`)."""
    from kg.server.app import create_app as _create_app

    return _create_app(settings, store)


__all__ = ["create_app"]
