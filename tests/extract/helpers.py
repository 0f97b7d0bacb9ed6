"""Small readers over an Extraction, so assertions name entities by label."""

from __future__ import annotations

import datetime as dt

from kg.model import Article, Extraction


def run(
    extractor, text: str, lang: str, *, title: str | None = None, date: dt.date | None = dt.date(2026, 3, 4)
) -> Extraction:
    """Extract from a made-up article (2026-03-04 is a Wednesday)."""
    return extractor.extract(Article(id="t", text=text, lang=lang, title=title, date=date))


def name(ex: Extraction, key: str) -> str:
    ent = ex.entities.get(key)
    if ent is None:
        return key
    labels = ent.labels.get("en") or next(iter(ent.labels.values()), [key])
    return labels[0]


def names(ex: Extraction, keys) -> set[str]:
    return {name(ex, k) for k in keys}


def events(ex: Extraction, kind: str | None = None):
    return [e for e in ex.events if kind is None or e.kind == kind]


def mediators(ex: Extraction) -> set[str]:
    return names(ex, ex.role_holders("Mediator"))


def venues(ex: Extraction) -> set[str]:
    return names(ex, ex.role_holders("Venue"))


def by_name(ex: Extraction, label: str):
    for ent in ex.entities.values():
        for labels in ent.labels.values():
            if label in labels:
                return ent
    return None
