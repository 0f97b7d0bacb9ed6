"""The UDPipe path: offsets that index the original text, model lookup and loading errors.

No model is downloaded: a tiny UDPipe model is trained here, once per session, on the
hand-written treebank in ``data/tiny_ar_en.conllu`` (Arabic with multiword tokens that do and
do not spell the word again, plus a little English). It tags and parses badly, which does not
matter: what is tested is how its output is mapped onto spaCy tokens.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from ufal.udpipe import InputFormat, ProcessingError, Sentence, Sentences, Trainer

from kg.errors import ModelError
from kg.nlp import models
from kg.nlp.models import (
    UDPIPE_MODELS,
    download_model,
    english_spacy_model,
    model_dir,
    model_status,
    resolve_udpipe_model,
)
from kg.nlp.normalize import norm_token
from kg.nlp.udpipe import load_udpipe_model, make_udpipe_nlp

TREEBANK = Path(__file__).parent / "data" / "tiny_ar_en.conllu"

# Smallest settings that still learn the tokenizer (about 3 s on 2 cores).
TOKENIZER_OPTS = "epochs=2;dimension=16;segment_size=20"
TAGGER_OPTS = "models=1;templates=tagger;iterations=2"
PARSER_OPTS = "iterations=1;hidden_layer=16"

# للولايات = ل + الولايات does not spell the word again; وبحسب = و + ب + حسب does.
AR_TEXT = "قال المبعوث للولايات المتحدة إن الوفد سيزور أنقرة.\n\n  وبحسب البيان،   وصل الوزير. "
EN_TEXT = "According to the statement,  the envoy met Qatar's prime minister.\n"

slow = pytest.mark.slow  # trains a model (once per session); still part of the default run


def _train(path: Path, tokenizer: str, tagger: str, parser: str) -> Path:
    reader = InputFormat.newConlluInputFormat()
    reader.setText(TREEBANK.read_text(encoding="utf-8"))
    error = ProcessingError()
    sentences = Sentences()
    sentence = Sentence()
    while reader.nextSentence(sentence, error):
        sentences.append(sentence)
        sentence = Sentence()
    assert not error.occurred(), error.message
    assert len(sentences) >= 15
    data = Trainer.train("morphodita_parsito", sentences, Sentences(), tokenizer, tagger, parser, error)
    assert not error.occurred(), error.message
    path.write_bytes(data)
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A full (tokenizer + tagger + parser) UDPipe model trained on the tiny treebank."""
    return _train(tmp_path_factory.mktemp("udpipe") / "tiny.udpipe", TOKENIZER_OPTS, TAGGER_OPTS, PARSER_OPTS)


@pytest.fixture(scope="session")
def tokenizer_only_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model that only tokenises: no tags, no parse, sentences from the tokenizer."""
    return _train(
        tmp_path_factory.mktemp("udpipe") / "tok.udpipe",
        "epochs=1;dimension=16;segment_size=20",
        "none",
        "none",
    )


@pytest.fixture(scope="session")
def ar_nlp(tiny_model: Path):
    return make_udpipe_nlp("ar", tiny_model)


@pytest.fixture(scope="session")
def ar_doc(ar_nlp):
    return ar_nlp(AR_TEXT)


def _token(doc, text: str):
    matches = [t for t in doc if t.text == text]
    assert matches, f"no token {text!r} in {[t.text for t in doc]}"
    return matches[0]


# -- text and offsets -------------------------------------------------------------------


@slow
@pytest.mark.parametrize(
    "text",
    [
        AR_TEXT,
        "وبحسب البيان، وصل الوزير إلى أنقرة.",
        "\n  وصل الوفد للمشاركة في المحادثات.\t\n",
        "قال الوزير   إن بلاده\nتدعم الوساطة القطرية.\r\n\r\nدعا الأمين العام للأمم المتحدة إلى وقف إطلاق النار.",
        "أنقرة",
        "   \n ",
        "",
        "🙂🙂 وصل \u200f الوزير 𝒳 إلى أنقرة.",
    ],
    ids=[
        "two-sentences",
        "split-clitics",
        "edge-whitespace",
        "crlf-tabs",
        "one-word",
        "only-space",
        "empty",
        "astral",
    ],
)
def test_doc_text_is_the_input_and_offsets_index_it(ar_nlp, text: str) -> None:
    doc = ar_nlp(text)
    assert doc.text == text
    for token in doc:
        assert text[token.idx : token.idx + len(token.text)] == token.text


@slow
def test_offsets_after_a_clitic_split_that_does_not_spell_the_word(ar_doc) -> None:
    merged = _token(ar_doc, "للولايات")
    assert merged.idx == AR_TEXT.index("للولايات")
    assert merged.norm_ == "ل الولايات"
    assert _token(ar_doc, "أنقرة").idx == AR_TEXT.index("أنقرة")
    assert _token(ar_doc, "الوزير").idx == AR_TEXT.index("الوزير")


@slow
def test_offsets_count_code_points_after_astral_characters(ar_nlp) -> None:
    text = "🙂🙂 وصل \u200f الوزير 𝒳 إلى أنقرة."
    doc = ar_nlp(text)
    assert _token(doc, "أنقرة").idx == text.index("أنقرة")
    assert _token(doc, "الوزير").idx == text.index("الوزير")


@slow
def test_merged_multiword_token_shows_its_head_word(ar_doc) -> None:
    merged = _token(ar_doc, "للولايات")
    # الولايات is the word attached outside the token; ل is its case marker.
    assert merged.lemma_ == "ولاية"
    assert merged.pos_ == "NOUN"


@slow
def test_multiword_token_that_spells_the_word_is_split(ar_doc) -> None:
    start = AR_TEXT.index("وبحسب")
    parts = [t for t in ar_doc if start <= t.idx < start + len("وبحسب")]
    assert [t.text for t in parts] == ["و", "ب", "حسب"]
    assert [t.idx for t in parts] == [start, start + 1, start + 2]
    assert [t.whitespace_ for t in parts] == ["", "", " "]
    for part in parts:
        assert part.pos_ and part.lemma_ and part.dep_
        assert part.norm_ == norm_token(part.text)


@slow
def test_norm_is_the_normalised_syntactic_word(ar_doc) -> None:
    assert _token(ar_doc, "أنقرة").norm_ == norm_token("أنقرة") == "انقره"
    assert _token(ar_doc, "المتحدة").norm_ == "المتحده"


@slow
def test_extra_whitespace_becomes_space_tokens(ar_doc) -> None:
    spaces = [t for t in ar_doc if t.is_space]
    assert [t.text for t in spaces] == ["\n\n  ", "  "]
    for token in spaces:
        assert token.pos_ == "SPACE" and token.tag_ == "_SP"
    assert _token(ar_doc, "،").whitespace_ == " "  # the first of the three spaces
    assert ar_doc[-1].whitespace_ == " "  # trailing space kept on the last token


@slow
def test_heads_deps_and_sentences(ar_doc) -> None:
    assert ar_doc.has_annotation("DEP")
    sentences = list(ar_doc.sents)
    assert len(sentences) == 2
    assert sentences[1][0].idx == AR_TEXT.index("وبحسب")
    assert sentences[1][0].is_sent_start
    for sent in sentences:
        words = [t for t in sent if not t.is_space]
        assert sum(t.dep_ == "ROOT" for t in words) == 1
        for token in words:
            assert token.dep_
            assert token.head.sent == sent
    for token in ar_doc:
        if token.is_space:
            assert token.dep_ == "dep"
            assert token.head.i == token.i - 1  # stays with the sentence before


@slow
def test_tokenizer_only_model_still_gives_text_and_sentences(tokenizer_only_model: Path) -> None:
    nlp = make_udpipe_nlp("ar", tokenizer_only_model)
    doc = nlp(AR_TEXT)
    assert doc.text == AR_TEXT
    assert not doc.has_annotation("DEP")
    assert [s[0].idx for s in doc.sents] == [0, AR_TEXT.index("وبحسب")]
    merged = _token(doc, "للولايات")
    assert merged.norm_ == "ل الولايات"
    assert merged.lemma_ == "الولايات"  # no parse: the longest word stands for the token


@slow
def test_english_and_pipe(tiny_model: Path) -> None:
    nlp = make_udpipe_nlp("en", tiny_model)
    assert nlp.lang == "en"
    docs = list(nlp.pipe([EN_TEXT, "The talks will continue in Doha next week."]))
    assert [d.text for d in docs] == [EN_TEXT, "The talks will continue in Doha next week."]
    assert _token(docs[0], "Qatar").idx == EN_TEXT.index("Qatar")
    assert _token(docs[0], "minister").norm_ == "minister"
    assert _token(docs[1], "Doha").idx == docs[1].text.index("Doha")


@slow
def test_rule_components_run_after_the_udpipe_tokenizer(tiny_model: Path) -> None:
    from spacy.language import Language

    @Language.component("test_udpipe_count_tokens")
    def count_tokens(doc):
        doc.user_data["n"] = len(doc)
        return doc

    nlp = make_udpipe_nlp("ar", tiny_model)
    nlp.add_pipe("test_udpipe_count_tokens")
    doc = nlp(AR_TEXT)
    assert doc.user_data["n"] == len(doc) > 0


@slow
def test_rule_pipeline_keeps_udpipe_norms_and_sentences(tiny_model: Path) -> None:
    pipeline = pytest.importorskip("kg.nlp.pipeline")
    nlp = pipeline.load_pipeline("ar", udpipe_model=tiny_model)
    doc = nlp(AR_TEXT)
    assert doc.text == AR_TEXT
    assert doc.user_data["kg.normed"] is True
    assert _token(doc, "للولايات").norm_ == "ل الولايات"
    assert [s[0].idx for s in doc.sents] == [0, AR_TEXT.index("وبحسب")]


# -- loading errors -----------------------------------------------------------------------


@pytest.mark.parametrize("content", [b"", b"not a model at all\n", b"\x00" * 64])
def test_bad_model_file_is_a_model_error(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.udpipe"
    bad.write_bytes(content)
    with pytest.raises(ModelError, match="is not a UDPipe model") as info:
        load_udpipe_model(bad, "ar")
    assert "kg models download ar" in str(info.value)
    assert "KG_UDPIPE_AR=" in str(info.value)
    with pytest.raises(ModelError, match="is not a UDPipe model"):
        make_udpipe_nlp("ar", bad)


def test_missing_model_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="does not exist"):
        load_udpipe_model(tmp_path / "nope.udpipe")
    with pytest.raises(ModelError, match="does not exist"):
        make_udpipe_nlp("en", tmp_path / "nope.udpipe")
    with pytest.raises(ModelError, match="directory"):
        load_udpipe_model(tmp_path, "en")


@slow
def test_good_model_loads(tiny_model: Path) -> None:
    assert load_udpipe_model(str(tiny_model)) is not None


# -- where models are found ------------------------------------------------------------------


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """No model variables from the developer's shell; an empty models dir."""
    for name in ("KG_UDPIPE_AR", "KG_UDPIPE_EN"):
        monkeypatch.delenv(name, raising=False)
    directory = tmp_path / "models"
    monkeypatch.setenv("KG_MODELS_DIR", str(directory))
    return directory


def test_model_dir_default_and_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("KG_MODELS_DIR", raising=False)
    assert model_dir() == Path("~/.local/share/diplomacy-kg/models").expanduser()
    monkeypatch.setenv("KG_MODELS_DIR", str(tmp_path))
    assert model_dir() == tmp_path


def test_resolve_precedence(clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    assert resolve_udpipe_model("ar") is None

    clean_env.mkdir()
    in_dir = clean_env / UDPIPE_MODELS["ar"].filename
    in_dir.write_bytes(b"x")
    assert resolve_udpipe_model("ar") == in_dir
    assert resolve_udpipe_model("en") is None

    from_env = tmp_path / "env.udpipe"
    monkeypatch.setenv("KG_UDPIPE_AR", str(from_env))
    assert resolve_udpipe_model("ar") == from_env  # named by the user: returned even if missing

    explicit = tmp_path / "explicit.udpipe"
    assert resolve_udpipe_model("ar", explicit) == explicit
    assert resolve_udpipe_model("ar", str(explicit)) == explicit

    monkeypatch.setenv("KG_UDPIPE_AR", "  ")  # blank means unset
    assert resolve_udpipe_model("ar") == in_dir


def test_resolve_finds_other_releases_in_the_models_dir(clean_env: Path) -> None:
    clean_env.mkdir()
    for name in (
        "english-ewt-ud-2.10-220711.udpipe",
        "english-ewt-ud-2.12-230717.udpipe",
        "english-gum-ud-2.12.udpipe",
    ):
        (clean_env / name).write_bytes(b"x")
    assert resolve_udpipe_model("en") == clean_env / "english-ewt-ud-2.12-230717.udpipe"
    official = clean_env / UDPIPE_MODELS["en"].filename
    official.write_bytes(b"x")
    assert resolve_udpipe_model("en") == official


def test_catalogue_points_at_lindat() -> None:
    assert set(UDPIPE_MODELS) == {"ar", "en"}
    for info in UDPIPE_MODELS.values():
        assert info.url.startswith("https://lindat.mff.cuni.cz/")
        assert info.url.endswith("/" + info.filename)
        assert info.filename.endswith(".udpipe")
    assert UDPIPE_MODELS["ar"].treebank == "UD_Arabic-PADT"
    assert UDPIPE_MODELS["en"].treebank == "UD_English-EWT"


# -- download (file:// URLs only: the tests never use the network) ---------------------------------


@slow
def test_download_writes_atomically_and_checks_the_file(tiny_model: Path, tmp_path: Path) -> None:
    seen: list[int] = []
    path = download_model(
        "ar", tmp_path, url=tiny_model.as_uri(), progress=lambda done, total: seen.append(done)
    )
    assert path == tmp_path / UDPIPE_MODELS["ar"].filename
    assert path.read_bytes() == tiny_model.read_bytes()
    assert seen and seen[-1] == tiny_model.stat().st_size
    assert list(tmp_path.glob("*.part")) == []
    # Already there: kept unless forced.
    assert download_model("ar", tmp_path, url="file:///does/not/exist") == path


def test_download_failure_says_offline_and_how_to_copy(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="offline") as info:
        download_model("en", tmp_path, url=(tmp_path / "missing.udpipe").as_uri(), timeout=5)
    message = str(info.value)
    assert UDPIPE_MODELS["en"].url in message
    assert "KG_UDPIPE_EN" in message
    assert list(tmp_path.iterdir()) == []


def test_download_of_something_else_is_rejected(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html>moved</html>")
    dest = tmp_path / "models"
    with pytest.raises(ModelError, match="not a UDPipe model"):
        download_model("ar", dest, url=page.as_uri())
    assert list(dest.iterdir()) == []


def test_download_unknown_language(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="choose one of: ar, en"):
        download_model("xx", tmp_path)


# -- spaCy's English model and the status table ----------------------------------------------------


def _fake_package(root: Path, author: str) -> None:
    package = root / models.ENGLISH_SPACY_MODEL
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "meta.json").write_text(json.dumps({"name": "core_web_sm", "author": author}))


@pytest.mark.parametrize(("author", "expected"), [("Explosion", "en_core_web_sm"), ("someone else", None)])
def test_english_spacy_model_only_official(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, author: str, expected: str | None
) -> None:
    _fake_package(tmp_path, author)
    monkeypatch.syspath_prepend(str(tmp_path))
    assert english_spacy_model() == expected


def test_english_spacy_model_absent(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(models.importlib.util, "find_spec", lambda name: None)
    assert english_spacy_model() is None


def test_model_status_rows(clean_env: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(models, "english_spacy_model", lambda: None)
    monkeypatch.setenv("KG_UDPIPE_EN", str(tmp_path / "mine.udpipe"))
    rows = {(r["kind"], r["lang"]): r for r in model_status()}
    assert set(rows) == {("udpipe", "ar"), ("udpipe", "en"), ("spacy", "en")}
    for row in rows.values():
        assert {"name", "kind", "lang", "path", "source", "exists", "how", "url", "license"} <= set(row)
    ar = rows[("udpipe", "ar")]
    assert ar["path"] is None and ar["exists"] is False and ar["source"] is None
    assert "kg models download ar" in ar["how"]
    en = rows[("udpipe", "en")]
    assert en["path"] == str(tmp_path / "mine.udpipe") and en["source"] == "env" and en["exists"] is False
    spacy_row = rows[("spacy", "en")]
    assert spacy_row["name"] == "en_core_web_sm" and spacy_row["exists"] is False
    assert "spacy download en_core_web_sm" in spacy_row["how"]
