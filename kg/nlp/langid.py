"""Language identification by script.

The corpus is Arabic or English; counting letters of each script is enough and costs nothing,
so we do not ship a statistical language-id model. ``article.lang`` wins when it is set.
"""

from __future__ import annotations

import re

_ARABIC = re.compile("[\u0621-\u064a\u0671-\u06d3]")
_LATIN = re.compile("[A-Za-z]")


def detect_language(text: str) -> str:
    """``"ar"`` when Arabic letters are at least a third of the letters, else ``"en"``.

    A third (not a half) because Arabic news quotes Latin names, acronyms and URLs.
    """
    sample = text[:4000]
    ar = len(_ARABIC.findall(sample))
    la = len(_LATIN.findall(sample))
    if ar == 0:
        return "en"
    return "ar" if ar * 2 >= la else "en"


def article_language(text: str, lang: str | None) -> str:
    """The language to process an article in: its declared language when usable."""
    if lang:
        code = lang.strip().lower()[:2]
        if code in ("ar", "en"):
            return code
    return detect_language(text)
