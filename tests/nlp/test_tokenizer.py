"""The Arabic tokenizer keeps the text exactly and splits clitics into their own tokens."""

from __future__ import annotations

import pytest

from kg.nlp.langid import article_language, detect_language
from kg.nlp.pipeline import load_pipeline

TEXT = (
    "وبحسب مصادر، وصل الوفدُ المصريّ إلى أنقرة للمشاركة في المحادثات مع الوفد الإيراني.\n\n"
    "وقال المتحدث: «المفاوضات مستمرة» — ولإيران موقفها  (بحسب CNN)."
)


@pytest.fixture(scope="module")
def nlp_ar():
    return load_pipeline("ar")


def test_doc_text_is_the_input(nlp_ar):
    doc = nlp_ar(TEXT)
    assert doc.text == TEXT


def test_every_token_is_a_slice_of_the_input(nlp_ar):
    doc = nlp_ar(TEXT)
    for tok in doc:
        assert TEXT[tok.idx : tok.idx + len(tok.text)] == tok.text


def test_clitics_are_separate_tokens_without_space(nlp_ar):
    doc = nlp_ar("ولإيران وفد")
    assert [t.text for t in doc] == ["و", "ل", "إيران", "وفد"]
    assert [t.whitespace_ for t in doc] == ["", "", " ", ""]


def test_norm_is_the_matching_key_and_text_stays_original(nlp_ar):
    doc = nlp_ar("الوفدُ المصريّ")
    assert doc[0].text == "الوفدُ"
    assert doc[0].norm_ == "الوفد"
    assert doc[1].norm_ == "المصري"


def test_sentences_split_on_full_stops_and_paragraphs(nlp_ar):
    doc = nlp_ar(TEXT)
    sents = [s.text.strip() for s in doc.sents]
    assert len(sents) >= 2
    assert sents[0].endswith("الإيراني.")


def test_english_pipeline_norms_and_sentences():
    nlp = load_pipeline("en")
    doc = nlp("Talks resume in Oslo. The U.S. envoy arrived on Oct. 2 in Geneva.")
    assert [t.norm_ for t in doc][:2] == ["talks", "resume"]
    assert len(list(doc.sents)) == 2


def test_pipelines_are_cached_and_declared_in_config():
    assert load_pipeline("ar") is load_pipeline("ar")
    assert load_pipeline("en").pipe_names[-2:] == ["kg_normalizer", "kg_sentences"]


def test_udpipe_model_goes_through_the_udpipe_hook(monkeypatch, tmp_path):
    import spacy

    import kg.nlp.udpipe as udpipe

    calls = []

    def fake(lang, path):
        calls.append((lang, path))
        return spacy.blank("en")

    monkeypatch.setattr(udpipe, "make_udpipe_nlp", fake)
    model = tmp_path / "fake.udpipe"
    nlp = load_pipeline("en", udpipe_model=model)
    assert calls and calls[0][0] == "en"
    assert "kg_sentences" in nlp.pipe_names


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("وصل الوفد إلى القاهرة", "ar"),
        ("The delegation arrived in Cairo", "en"),
        ("قال مسؤول لشبكة CNN إن المحادثات مستمرة", "ar"),
    ],
)
def test_language_by_script(text, lang):
    assert detect_language(text) == lang


def test_declared_language_wins():
    assert article_language("وصل الوفد", "en") == "en"
    assert article_language("The delegation", None) == "en"
