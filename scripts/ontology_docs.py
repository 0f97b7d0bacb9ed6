#!/usr/bin/env python3
"""Regenerate docs/ontology.md from ontology/diplomacy.ttl (``--check``: fail if it is stale).

Run after editing the ontology; the test suite fails while the page misses a term.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ontology", type=Path, default=REPO / "ontology" / "diplomacy.ttl")
    parser.add_argument("--output", "-o", type=Path, default=REPO / "docs" / "ontology.md")
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the file differs")
    args = parser.parse_args(argv)

    from kg.export.ontology_docs import render_ontology_markdown

    text = render_ontology_markdown(args.ontology)
    current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
    if args.check:
        if current != text:
            print(f"{args.output} is out of date: run python scripts/ontology_docs.py", file=sys.stderr)
            return 1
        return 0
    if current != text:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(text, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
