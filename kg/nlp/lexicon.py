"""Loading the word lists and patterns in ``data/lexicons/<lang>/*.json``.

Lexicons are data, not code: adding a title, a trigger word or a demonym spelling never needs
a code change. Everything is read once per process (``lru_cache``) because the pipeline and
the extractor ask for the same lists for every article.
"""

from __future__ import annotations

import json
import math
from functools import cache
from pathlib import Path
from typing import Any

from kg.nlp.normalize import norm_key
from kg.resources import resource_path


def lexicon_dir() -> Path:
    """Folder holding the lexicon files."""
    return resource_path("data", "lexicons")


@cache
def load_lexicon(lang: str, name: str) -> Any:
    """The parsed JSON file ``data/lexicons/<lang>/<name>.json`` (``{}`` when absent)."""
    path = lexicon_dir() / lang / f"{name}.json"
    if not path.exists():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def word_set(lang: str, name: str, key: str | None = None) -> frozenset[str]:
    """Normalised keys of a word list (a JSON list, or the list under ``key``)."""
    data = load_lexicon(lang, name)
    if key is not None:
        data = data.get(key, []) if isinstance(data, dict) else []
    return frozenset(norm_key(w) for w in data if isinstance(w, str))


@cache
def all_lexicon_words(lang: str) -> frozenset[str]:
    """Every single-word key found anywhere in the lexicons of a language.

    The Arabic segmenter treats these as known words: a clitic is split off only when what
    remains is a word we know.
    """
    words: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, str):
            for part in norm_key(node).split():
                words.add(part)
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and not k.isascii():
                    walk(k)
                walk(v)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    folder = lexicon_dir() / lang
    if folder.exists():
        for path in sorted(folder.glob("*.json")):
            walk(json.loads(path.read_text(encoding="utf-8")))
    return frozenset(w for w in words if len(w) > 1)


@cache
def word_frequencies(lang: str) -> dict[str, float]:
    """Relative frequencies of a language's general word list (wordfreq), or ``{}`` without it.

    wordfreq is optional at run time: without it the segmenter relies on the lexicons and
    the gazetteer alone.
    """
    try:
        import wordfreq
    except ImportError:  # pragma: no cover - depends on the installation
        return {}
    return wordfreq.get_frequency_dict(lang)


def zipf(freqs: dict[str, float], word: str) -> float:
    """Zipf value (log10 of frequency per billion words) of ``word``; 0 when unknown."""
    f = freqs.get(word)
    return math.log10(f) + 9.0 if f else 0.0
