"""Arabic matching keys, nisba analysis and proclitic segmentation."""

from __future__ import annotations

import pytest

from kg.nlp.arabic import Segmenter, nisba_bases, strip_article
from kg.nlp.normalize import norm_key


@pytest.fixture(scope="module")
def seg() -> Segmenter:
    return Segmenter()


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("إيران", "ايران"),  # hamza under alef
        ("أنقرة", "انقره"),  # hamza over alef, taa marbuta
        ("مُبْعُوثٌ", "مبعوث"),  # diacritics
        ("الـــوفد", "الوفد"),  # tatweel
        ("مصطفى", "مصطفي"),  # alef maqsura
        ("آمال", "امال"),  # madda
    ],
)
def test_normaliser_folds_spelling_variants(a, b):
    assert norm_key(a) == norm_key(b)


def test_normaliser_keeps_different_words_apart():
    assert norm_key("وفد") != norm_key("وفود")


@pytest.mark.parametrize(
    ("word", "base"),
    [
        ("الإيراني", "ايراني"),
        ("الأمريكية", "امريكي"),
        ("القطريين", "قطري"),
        ("المصريون", "مصري"),
        ("الروسيان", "روسي"),
        ("التركيتين", "تركي"),
        ("سوداني", "سوداني"),
    ],
)
def test_nisba_inflections_lead_to_the_base(word, base):
    assert base in nisba_bases(norm_key(word))


def test_strip_article_only_strips_a_real_article():
    assert strip_article("الوفد") == "وفد"
    assert strip_article("الى") == "الى"  # too short to be article + word


def pieces(seg: Segmenter, word: str) -> list[str]:
    return [word[a:b] for a, b, _ in seg.split(word)]


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("لإيران", ["ل", "إيران"]),
        ("والإيرانيين", ["و", "الإيرانيين"]),
        ("بمدينة", ["ب", "مدينة"]),
        ("وقطر", ["و", "قطر"]),
    ],
)
def test_proclitics_split_when_the_rest_is_a_word(seg, word, expected):
    assert pieces(seg, word) == expected


def test_combined_proclitics_split_in_order(seg):
    got = pieces(seg, "وبحسب")
    assert got[0] == "و"
    assert "".join(got) == "وبحسب"
    assert len(got) >= 2


@pytest.mark.parametrize("word", ["وزير", "بين", "وفد", "كما", "لكن", "بحث"])
def test_words_that_only_look_like_clitic_plus_word_stay_whole(seg, word):
    assert pieces(seg, word) == [word]


def test_lam_plus_article_contraction_restores_the_article_in_the_norm(seg):
    out = seg.split("للولايات")
    assert ["للولايات"[a:b] for a, b, _ in out] == ["ل", "لولايات"]
    assert out[1][2] == "الولايات"


def test_known_words_block_a_split(seg):
    s = Segmenter(known={"بنغازي"}, freqs=seg.freqs)
    assert pieces(s, "بنغازي") == ["بنغازي"]
    assert pieces(s, "لبنغازي") == ["ل", "بنغازي"]


def test_segmentation_keeps_diacritics_inside_the_pieces(seg):
    word = "لِإِيرَانَ"
    got = pieces(seg, word)
    assert "".join(got) == word
    assert got[0] == "لِ"
