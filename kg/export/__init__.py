"""Exporters by name: RDF formats and visualiser formats share one registry.

Each exporter is registered with ``@register_exporter(name, extensions, media_type)``;
``kg export --format`` offers exactly the registered names, and a format is guessed from
the output file's extension. Third-party exporters register through the ``kg.exporters``
entry-point group.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from pathlib import Path
from typing import BinaryIO

from kg.errors import FormatError

#: Built-in exporter modules, imported on first use of the registry.
_BUILTIN_MODULES = ("kg.export.rdf", "kg.export.graph")


@dataclass(frozen=True)
class Exporter:
    name: str
    extensions: tuple[str, ...]
    media_type: str
    write: Callable[..., None]  # write(store, out: BinaryIO, **options)
    description: str = ""
    options: tuple[str, ...] = field(default=())


_EXPORTERS: dict[str, Exporter] = {}
_loaded = False


def register_exporter(
    name: str, extensions: tuple[str, ...], media_type: str, description: str = "",
    options: tuple[str, ...] = (),
) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Decorator: register ``func(store, out, **options)`` as exporter ``name``."""

    def wrap(func: Callable[..., None]) -> Callable[..., None]:
        _EXPORTERS[name] = Exporter(name, extensions, media_type, func, description, options)
        return func

    return wrap


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in _BUILTIN_MODULES:
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as exc:
            if exc.name != module:
                raise
    for ep in entry_points(group="kg.exporters"):
        ep.load()


def exporters() -> dict[str, Exporter]:
    _load()
    return dict(_EXPORTERS)


def get_exporter(name: str) -> Exporter:
    _load()
    try:
        return _EXPORTERS[name]
    except KeyError:
        raise FormatError(f"unknown export format {name!r}; choose one of {', '.join(sorted(_EXPORTERS))}") from None


def exporter_for_path(path: str | Path) -> Exporter:
    """The exporter whose extension matches ``path`` (longest extension first)."""
    _load()
    name = Path(str(path)).name.lower()
    matches = [(len(ext), e) for e in _EXPORTERS.values() for ext in e.extensions if name.endswith(ext)]
    if not matches:
        raise FormatError(f"cannot tell the export format from {Path(str(path)).name!r}; pass --format")
    return max(matches, key=lambda m: m[0])[1]


def export(store, out: BinaryIO, format: str, **options) -> None:
    """Write ``store`` to the binary stream ``out`` in ``format``."""
    get_exporter(format).write(store, out, **options)
