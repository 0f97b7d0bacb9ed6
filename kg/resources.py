"""Where shipped files live: ``ontology/``, ``data/``, ``queries/``.

In a checkout they sit next to the ``kg`` package; in a wheel they are packed inside it
(``kg/ontology``, ``kg/data``, ``kg/queries``). Every module finds them through here.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
_ROOTS = (_PACKAGE.parent, _PACKAGE)


def resource_path(*parts: str) -> Path:
    """Absolute path of a shipped file or folder, e.g. ``resource_path("data", "gazetteer")``."""
    for root in _ROOTS:
        candidate = root.joinpath(*parts)
        if candidate.exists():
            return candidate
    raise FileNotFoundError(
        f"{'/'.join(parts)} is missing from this installation; reinstall diplomacy-kg"
    )
