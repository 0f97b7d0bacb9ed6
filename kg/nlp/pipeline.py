"""Building the spaCy pipeline for a language from its config file.

The component list is declarative (``kg/nlp/config/<lang>.cfg``); this module only loads it,
swaps in a UDPipe-backed tokenizer/parser when a model is given, and caches the result so an
ingest run builds each pipeline once, not once per article.
"""

from __future__ import annotations

import importlib.util
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.util import load_config, load_model_from_config

from kg.errors import ModelError

# Importing registers the tokenizer and the component factories named in the configs.
from kg.nlp import components as _components  # noqa: F401
from kg.nlp import tokenizer as _tokenizer  # noqa: F401

CONFIG_DIR = Path(__file__).resolve().parent / "config"
SUPPORTED = ("ar", "en")


def config_path(lang: str) -> Path:
    """The config file of a language."""
    if lang not in SUPPORTED:
        raise ModelError(f"no pipeline for language {lang!r}; supported: {', '.join(SUPPORTED)}")
    return CONFIG_DIR / f"{lang}.cfg"


def load_pipeline(lang: str, *, udpipe_model: str | Path | None = None) -> Language:
    """The pipeline for ``lang`` ("ar" or "en"), built once per (language, model).

    With ``udpipe_model`` the Doc comes from ``kg.nlp.udpipe.make_udpipe_nlp`` (UDPipe token
    ranges, POS, lemmas, dependencies) and our rule components are added after it.
    """
    model = str(Path(udpipe_model).expanduser().resolve()) if udpipe_model else None
    return _load(lang, model)


@lru_cache(maxsize=8)
def _load(lang: str, udpipe_model: str | None) -> Language:
    config = load_config(config_path(lang))
    names = list(config["nlp"]["pipeline"])
    if udpipe_model:
        try:
            from kg.nlp.udpipe import make_udpipe_nlp
        except ImportError as exc:
            raise ModelError(
                "UDPipe support (kg.nlp.udpipe) is not available in this installation; "
                "run without a UDPipe model"
            ) from exc
        nlp = make_udpipe_nlp(lang, Path(udpipe_model))
        _add_components(nlp, config, names)
        return nlp
    if lang == "en" and _has_package("en_core_web_sm"):
        nlp = spacy.load("en_core_web_sm", exclude=["lemmatizer", "attribute_ruler"])
        _add_components(nlp, config, names)
        return nlp
    return load_model_from_config(config, auto_fill=True, validate=True)


def _add_components(nlp: Language, config, names: list[str]) -> None:
    for name in names:
        if name not in nlp.pipe_names:
            nlp.add_pipe(config["components"][name]["factory"], name=name)


def _has_package(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


def english_model_hint() -> str:
    """What to tell a user who wants the statistical English model as extra signal."""
    return (
        "optional: install spaCy's official English model with "
        "`python -m spacy download en_core_web_sm` (needs internet)"
    )
