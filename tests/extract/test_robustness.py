"""Extraction never crashes and always returns offsets inside the text, whatever the input.

Texts are generated from shuffled pieces: gazetteer names, lexicon words, titles,
punctuation, parentheses, digits, mixed scripts, names at the very end of the text (the
case that once indexed past the end of the token list). A crash here would make ingest
skip an article, so the property is checked on many random texts.
"""

from __future__ import annotations

import random

import pytest

from kg.model import Article
from kg.pipeline import default_extractor

PIECES_EN = ["Foreign Minister", "the", "talks", "between", "and", "in", "Oslo", "Norway", "(", ")", ",", ".",
             "National", "Liberation", "Army", "ELN", "agency", "said", "mediated", "by", "Qatar", "UN",
             "special", "envoy", "for", "Yemen", "met", "with", "news", "Agency", "TV", "channel", "X", "-",
             "on", "Monday", "next", "week", "summit", "hosted", "2026", "Al", "al-", "’s", "\n\n"]
PIECES_AR = ["وزير", "الخارجية", "المحادثات", "بين", "و", "في", "الدوحة", "قطر", "بوساطة", "قطرية", "مصرية",
             "،", ".", "(", ")", "«", "»", "المبعوث", "الخاص", "إلى", "اليمن", "التقى", "وكالة", "أنباء",
             "حركة", "الأحد", "المقبل", "قمة", "استضافت", "الرئيس", "الأمريكي", "\n\n", "بين الطرفين"]


@pytest.fixture(scope="module")
def extractor():
    return default_extractor()


def _texts(pieces: list[str], seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        words = [rng.choice(pieces) for _ in range(rng.randint(1, 40))]
        out.append(" ".join(words).strip() or "x")
    return out


@pytest.mark.parametrize("lang,pieces", [("en", PIECES_EN), ("ar", PIECES_AR)])
def test_random_texts_never_crash_and_offsets_fit(extractor, lang, pieces):
    arts = [Article(id=f"r{i}", text=t, lang=lang, title=(t[:30] if i % 3 == 0 else None))
            for i, t in enumerate(_texts(pieces, seed=11, n=300))]
    for art in arts:
        ex = extractor.extract(art)
        for ent in ex.entities.values():
            for m in ent.mentions:
                field = art.text if m.field == "text" else art.title
                assert 0 <= m.start < m.end <= len(field), (art.text, m)
                assert field[m.start:m.end] == m.text
        for ev in ex.events:
            field = art.text if ev.evidence.field == "text" else art.title
            assert field[ev.evidence.start:ev.evidence.end] == ev.evidence.sentence


def test_name_at_the_very_end_of_the_text(extractor):
    for text in ("Talks were announced by the Norwegian", "He thanked Foreign Minister Jane",
                 "The statement came from the Defence News Agency"):
        extractor.extract(Article(id="end", text=text, lang="en"))
