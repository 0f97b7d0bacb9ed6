"""UDPipe 1 models behind a spaCy ``Language`` whose Docs keep the original text.

Why not spacy-udpipe's own tokenizer: when UDPipe splits an Arabic word into syntactic
words that do not spell the word again (للولايات -> ل + الولايات), spacy-udpipe rebuilds the
text from the word forms, so ``doc.text`` is no longer the article and every offset after
the first such word is shifted. Our offsets must index ``article.text`` exactly, so this
module runs UDPipe's tokenizer with the ``ranges`` option and builds the Doc from the
character ranges it reports: the token text is always a slice of the input, and whatever
lies between two ranges (spaces, newlines, anything UDPipe skipped) is kept as spaCy
whitespace or as extra tokens.

Multiword tokens (UDPipe's ``1-3 وبحسب`` lines):

* the syntactic words spell the surface form exactly (و + ب + حسب): one spaCy token per
  word, ``spaces=False`` between them, each with its own tag, lemma and arc;
* they do not (ل + الولايات for للولايات): one spaCy token over the whole surface range,
  ``norm_`` = the normalised syntactic words joined by single spaces ("ل الولايات"), the
  tag/lemma/morph/arc of the *head word* (the word closest to the root), and every arc that
  pointed at any of its words points at this token.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language
from spacy.parts_of_speech import IDS as _POS_IDS
from spacy.tokens import Doc
from spacy.vocab import Vocab
from ufal.udpipe import Model, ProcessingError, Sentence, Word

from kg.errors import ModelError
from kg.nlp.normalize import norm_token

__all__ = ["UDPipeRangeTokenizer", "load_udpipe_model", "make_udpipe_nlp"]

_TOKEN_RANGE = re.compile(r"(?:^|\|)TokenRange=(\d+):(\d+)(?:\||$)")
_RUNS = re.compile(r"\s+|\S+")

#: Labels given to the tokens we add for text UDPipe did not put in any token.
SPACE_POS, SPACE_TAG, SPACE_DEP = "SPACE", "_SP", "dep"
OTHER_POS, OTHER_TAG = "X", "_"
#: ``doc.user_data`` key that makes the rule normaliser keep our ``norm_`` values.
NORMED_FLAG = "kg.normed"


def _hint(lang: str | None) -> str:
    """The "what to do" half of a model error, specific to the language when known."""
    if lang:
        return (
            f"download one with `kg models download {lang}` or set "
            f"KG_UDPIPE_{lang.upper()}=/path/model.udpipe"
        )
    return (
        "download one with `kg models download ar` (or `en`) or set "
        "KG_UDPIPE_AR=/path/model.udpipe (KG_UDPIPE_EN for English)"
    )


def load_udpipe_model(path: str | Path, lang: str | None = None) -> Model:
    """Load a UDPipe 1 model file, raising ``ModelError`` instead of returning None.

    ``ufal.udpipe.Model.load`` answers ``None`` for a missing or corrupt file, which would
    otherwise surface much later as an ``AttributeError`` deep inside spaCy.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise ModelError(f"UDPipe model file {path} does not exist; {_hint(lang)}")
    if not path.is_file():
        raise ModelError(f"{path} is a directory, not a UDPipe model file; {_hint(lang)}")
    model = Model.load(str(path))
    if model is None:
        raise ModelError(f"{path} is not a UDPipe model; {_hint(lang)}")
    return model


@dataclass
class _Piece:
    """One future spaCy token: a character range plus the UDPipe words it stands for."""

    start: int
    end: int
    words: list[Word] = field(default_factory=list)
    #: The word whose analysis the token shows (None for text outside UDPipe's tokens).
    head_word: Word | None = None
    sent_start: bool = False
    spaces: bool = False
    sentence: int = -1


def _token_range(misc: str) -> tuple[int, int] | None:
    match = _TOKEN_RANGE.search(misc or "")
    return (int(match.group(1)), int(match.group(2))) if match else None


def _depths(words: list[Word]) -> dict[int, int]:
    """Distance of every word from the root; guarded against malformed (cyclic) heads."""
    heads = {w.id: w.head for w in words}
    depths: dict[int, int] = {}
    for word in words:
        depth, node, seen = 0, word.id, set()
        while heads.get(node, 0) > 0 and node not in seen:
            seen.add(node)
            node = heads[node]
            depth += 1
        depths[word.id] = depth
    return depths


def _clean_feats(feats: str) -> str:
    """UDPipe's FEATS as spaCy accepts them ("" for none or anything malformed)."""
    if not feats or feats == "_":
        return ""
    parts = feats.split("|")
    return feats if all("=" in p for p in parts) else ""


class UDPipeRangeTokenizer:
    """Callable ``text -> Doc`` that tokenises, tags and parses with one UDPipe model.

    Stands in for ``nlp.tokenizer``: UDPipe analyses the whole text in one go, so the Doc
    comes out tagged, lemmatised, parsed and split into sentences, and later (rule-based)
    components only add to it. ``doc.text == text`` always holds.
    """

    def __init__(self, model: Model, vocab: Vocab):
        self.model = model
        self.vocab = vocab
        # Fail at construction, not on the first article.
        if model.newTokenizer(Model.TOKENIZER_RANGES) is None:
            raise ModelError(
                "the UDPipe model has no tokenizer, so it cannot read raw text; "
                "use an official UD model (`kg models download ar`)"
            )

    # -- UDPipe ------------------------------------------------------------------------
    def _sentences(self, text: str) -> list[Sentence]:
        tokenizer = self.model.newTokenizer(Model.TOKENIZER_RANGES)
        tokenizer.setText(text)
        error = ProcessingError()
        sentences: list[Sentence] = []
        sentence = Sentence()
        while tokenizer.nextSentence(sentence, error):
            self.model.tag(sentence, Model.DEFAULT)
            self.model.parse(sentence, Model.DEFAULT)
            sentences.append(sentence)
            sentence = Sentence()
        if error.occurred():
            raise ModelError(f"UDPipe could not process the text: {error.message}")
        return sentences

    # -- pieces ------------------------------------------------------------------------
    def _word_pieces(
        self, text: str, sentences: list[Sentence]
    ) -> tuple[list[_Piece], dict[tuple[int, int], int]]:
        """Pieces for UDPipe's tokens, in text order, and a map (sentence, word id) -> piece."""
        pieces: list[_Piece] = []
        where: dict[tuple[int, int], int] = {}
        cursor = 0
        for s_index, sentence in enumerate(sentences):
            words = list(sentence.words)[1:]  # words[0] is UDPipe's technical root
            if not words:
                continue
            depths = _depths(words)
            by_id = {w.id: w for w in words}
            multiword = {m.idFirst: m for m in sentence.multiwordTokens}
            first_in_sentence = True
            word_id = 1
            while word_id <= len(words):
                mwt = multiword.get(word_id)
                if mwt is not None:
                    group = [by_id[i] for i in range(mwt.idFirst, mwt.idLast + 1)]
                    form, misc = mwt.form, mwt.misc
                    word_id = mwt.idLast + 1
                else:
                    group = [by_id[word_id]]
                    form, misc = group[0].form, group[0].misc
                    word_id += 1
                span = _token_range(misc)
                if span is None:  # should not happen with "ranges"; find the form instead
                    found = text.find(form, cursor)
                    span = (found, found + len(form)) if found >= 0 else (cursor, cursor)
                start, end = max(span[0], cursor), max(span[1], cursor)
                if end <= start:
                    # Nothing left to cover (overlapping ranges): fold into the last token,
                    # or drop the words if there is none (arcs to them become self-arcs).
                    for w in group if pieces else ():
                        where[(s_index, w.id)] = len(pieces) - 1
                    continue
                surface = text[start:end]
                before = len(pieces)
                if (
                    len(group) > 1
                    and all(w.form for w in group)
                    and "".join(w.form for w in group) == surface
                ):
                    offset = start
                    for w in group:
                        piece = _Piece(offset, offset + len(w.form), [w], w, sentence=s_index)
                        offset += len(w.form)
                        where[(s_index, w.id)] = len(pieces)
                        pieces.append(piece)
                else:
                    # Closest to the root; among equals (or with no parse) the longest form,
                    # which is the content word rather than a one-letter clitic.
                    head = min(group, key=lambda w: (depths[w.id], -len(w.form), w.id))
                    piece = _Piece(start, end, group, head, sentence=s_index)
                    for w in group:
                        where[(s_index, w.id)] = len(pieces)
                    pieces.append(piece)
                if first_in_sentence:
                    pieces[before].sent_start = True
                    first_in_sentence = False
                cursor = max(cursor, end)
        return pieces, where

    @staticmethod
    def _fill_gaps(text: str, pieces: list[_Piece]) -> list[_Piece]:
        """Insert pieces for the text between UDPipe's tokens, so the Doc spells ``text``.

        Follows spaCy's own convention: one plain space after a token is that token's
        trailing whitespace; anything else (more spaces, newlines, tabs) becomes a
        whitespace token. Non-space characters UDPipe dropped become ``X`` tokens.
        """
        out: list[_Piece] = []
        cursor = 0

        def add_gap(gap_start: int, gap_end: int) -> None:
            for run in _RUNS.finditer(text, gap_start, gap_end):
                r_start, r_end = run.span()
                if text[r_start].isspace():
                    if out and not out[-1].spaces and text[r_start] == " ":
                        out[-1].spaces = True
                        r_start += 1
                    if r_start < r_end:
                        out.append(_Piece(r_start, r_end))
                else:
                    out.append(_Piece(r_start, r_end))

        for piece in pieces:
            add_gap(cursor, piece.start)
            out.append(piece)
            cursor = piece.end
        add_gap(cursor, len(text))
        return out

    # -- Doc -----------------------------------------------------------------------------
    def __call__(self, text: str) -> Doc:
        """Analyse ``text`` with UDPipe and return a Doc whose ``text`` is exactly ``text``."""
        if not text:
            return Doc(self.vocab, words=[], spaces=[])
        sentences = self._sentences(text)
        word_pieces, where = self._word_pieces(text, sentences)
        pieces = self._fill_gaps(text, word_pieces)
        index = {id(p): i for i, p in enumerate(pieces)}
        # (sentence, word id) -> index in ``pieces``
        position = {key: index[id(word_pieces[i])] for key, i in where.items()}

        parsed = bool(word_pieces) and all(
            p.head_word.head >= 0 for p in word_pieces if p.head_word is not None
        )
        words, spaces, pos, tags, lemmas, morphs, deps, heads, starts = ([], [], [], [], [], [], [], [], [])
        last_word_piece = None
        first_word_piece = index[id(word_pieces[0])] if word_pieces else None
        for i, piece in enumerate(pieces):
            surface = text[piece.start : piece.end]
            words.append(surface)
            spaces.append(piece.spaces)
            word = piece.head_word
            if word is None:
                is_space = surface.isspace()
                pos.append(SPACE_POS if is_space else OTHER_POS)
                tags.append(SPACE_TAG if is_space else OTHER_TAG)
                lemmas.append(surface)
                morphs.append("")
                deps.append(SPACE_DEP)
                # Attach to the token before (after, at the very start) so the extra
                # token stays inside its sentence.
                heads.append(last_word_piece if last_word_piece is not None else first_word_piece)
                starts.append(False if i else None)
                continue
            last_word_piece = i
            upos = word.upostag if word.upostag in _POS_IDS else ("X" if word.upostag else "")
            pos.append(upos)
            tags.append(word.xpostag if word.xpostag not in ("", "_") else "")
            lemmas.append(word.lemma if word.lemma not in ("", "_") else word.form)
            morphs.append(_clean_feats(word.feats))
            starts.append(piece.sent_start)
            if word.head <= 0:
                heads.append(i)
                deps.append("ROOT")
            else:
                target = position.get((piece.sentence, word.head), i)
                heads.append(target)
                deps.append("ROOT" if target == i else (word.deprel or "dep"))

        doc = Doc(
            self.vocab,
            words=words,
            spaces=spaces,
            pos=pos,
            tags=tags,
            lemmas=lemmas,
            morphs=morphs,
            heads=heads if parsed else None,
            deps=deps if parsed else None,
            sent_starts=None if parsed else starts,
        )
        for token, piece in zip(doc, pieces, strict=True):
            if piece.words:
                norm = " ".join(norm_token(w.form) for w in piece.words)
                token.norm_ = norm or norm_token(token.text) or token.text
            else:
                token.norm_ = norm_token(token.text) or token.text
        # Tells kg_normalizer_v1 the keys are set: recomputing them from token.text would
        # lose the syntactic words of merged multiword tokens ("ل الولايات").
        doc.user_data[NORMED_FLAG] = True
        if doc.text != text:  # construction guarantees it; a bug otherwise
            raise RuntimeError("UDPipe tokenizer changed the text; please report this")
        return doc

    def pipe(self, texts: Iterable[str], batch_size: int = 1000) -> Iterator[Doc]:
        """Tokenise a stream of texts (``batch_size`` accepted for spaCy compatibility)."""
        for text in texts:
            yield self(text)

    # The model is loaded from its own file; nothing to serialise with the pipeline.
    def to_disk(self, path, **kwargs) -> None:
        return None

    def from_disk(self, path, **kwargs) -> UDPipeRangeTokenizer:
        return self

    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> UDPipeRangeTokenizer:
        return self


def make_udpipe_nlp(lang: str, model_path: str | Path) -> Language:
    """A spacy-udpipe ``Language`` for ``lang`` whose tokenizer keeps the text intact.

    ``spacy_udpipe.load_from_path`` gives users the pipeline they know (language defaults,
    vocab, meta); we then swap in :class:`UDPipeRangeTokenizer`, reusing the model that
    spacy-udpipe already loaded so the (large) file is read once. Rule components can be
    added after this with ``nlp.add_pipe``.
    """
    import spacy_udpipe  # heavy-ish import only when a UDPipe pipeline is wanted

    path = Path(model_path).expanduser()
    if not path.is_file():
        load_udpipe_model(path, lang)  # raises the helpful ModelError
    try:
        nlp = spacy_udpipe.load_from_path(lang, str(path))
    except ImportError as exc:
        raise ModelError(f"spaCy has no language '{lang}': {exc}") from exc
    model = getattr(getattr(nlp.tokenizer, "model", None), "model", None)
    if model is None:
        raise ModelError(f"{path} is not a UDPipe model; {_hint(lang)}")
    nlp.tokenizer = UDPipeRangeTokenizer(model, nlp.vocab)
    return nlp
