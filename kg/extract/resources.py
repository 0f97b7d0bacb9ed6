"""Everything the extractor looks up, built once per (language, pipeline, gazetteer).

Building tokenizes a few thousand gazetteer forms and lexicon phrases; doing it per article
would dominate the run time, so :func:`resources_for` caches the result.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language

from kg.extract.gazindex import SKIP_NORMS, GazIndex, attr
from kg.extract.phrases import PhraseTable
from kg.nlp.lexicon import load_lexicon, word_frequencies, zipf
from kg.nlp.normalize import norm_key


@dataclass
class Resources:
    lang: str
    gaz: GazIndex
    titles: PhraseTable
    honorifics: PhraseTable
    modifiers: frozenset[str]
    complements: frozenset[str]
    connectors: frozenset[str]
    stop: frozenset[str]
    acting: PhraseTable
    delegation: frozenset[str]
    two_sides: PhraseTable
    definite_orgs: PhraseTable
    triggers: PhraseTable
    host_words: frozenset[str]
    venue_preps: frozenset[str]
    venue_descriptors: frozenset[str]
    not_venue_before: PhraseTable
    planned: PhraseTable
    proposed: PhraseTable
    ongoing: PhraseTable
    invited_by: PhraseTable
    weekdays: dict[str, int]
    relative_days: dict[str, int]
    months: PhraseTable
    envoy_offices: frozenset[str]
    outlet_heads: PhraseTable
    org_heads: PhraseTable
    foreign_ministry: PhraseTable
    org_suffixes: PhraseTable
    outlet_suffixes: PhraseTable
    lower_in_names: frozenset[str]
    cameo: dict[str, Any]
    reporting: PhraseTable
    host_verbs: frozenset[str]
    timezone_cues: frozenset[str]
    timezone_after: frozenset[str]
    building_heads: frozenset[str]
    nonacting_after: frozenset[str]
    topic_nouns: frozenset[str]
    people_nouns: frozenset[str]
    auspices: PhraseTable
    mediation_verbs: frozenset[str]
    welcome_verbs: frozenset[str]
    denial_verbs: frozenset[str]
    negation_particles: frozenset[str]
    negation_any: frozenset[str]
    negation_exceptions: frozenset[str]
    co_mediator_cues: PhraseTable
    auspices_fillers: frozenset[str]
    own_country: PhraseTable
    visit_verbs: frozenset[str]
    platform_cues: PhraseTable
    remote_cues: PhraseTable
    place_descriptors: PhraseTable
    non_participant: PhraseTable
    source_cues: PhraseTable
    un_id: str | None = None
    freqs: dict[str, float] = field(default_factory=dict)

    def common_word(self, norm: str) -> bool:
        """English: a frequent lower-case word (cannot be a name token on its own)."""
        return zipf(self.freqs, norm) >= 4.6


def _tokenizer(nlp: Language):
    tok = nlp.tokenizer

    def tokenize(text: str) -> list[str]:
        out: list[str] = []
        for t in tok(text):
            if t.is_space:
                continue
            norm = t.norm_ if t.norm_ else t.text.lower()
            for part in norm.split():
                if part not in SKIP_NORMS:
                    out.append(part)
        return out

    return tokenize


_CACHE: dict[tuple, tuple[Any, Language, Resources]] = {}


def resources_for(lang: str, nlp: Language, gazetteer: Any) -> Resources:
    """Cached :class:`Resources` for a language pipeline and gazetteer.

    The cache holds the objects themselves too, so an id reused after garbage collection
    never returns tables built for another gazetteer.
    """
    key = (lang, id(nlp), id(gazetteer))
    hit = _CACHE.get(key)
    if hit is not None and hit[0] is gazetteer and hit[1] is nlp:
        return hit[2]
    res = _build(lang, nlp, gazetteer)
    _CACHE[key] = (gazetteer, nlp, res)
    return res


def _build(lang: str, nlp: Language, gazetteer: Any) -> Resources:
    if lang == "ar" and gazetteer is not None and hasattr(nlp.tokenizer, "segmenter"):
        _teach_segmenter(nlp, gazetteer)
    tokenize = _tokenizer(nlp)
    gaz = GazIndex.build(gazetteer, tokenize, lang)
    extra = load_lexicon("ar", "demonyms") if lang == "ar" else {}
    gaz.add_demonyms(extra, gazetteer)
    titles = load_lexicon(lang, "titles")
    actors = load_lexicon(lang, "actors")
    events = load_lexicon(lang, "events")
    orgs = load_lexicon(lang, "orgs")
    fw = load_lexicon(lang, "function_words") or {}
    disc = load_lexicon(lang, "discourse") or {}
    keys = lambda items: frozenset(norm_key(x) for x in items)  # noqa: E731
    un_id = None
    if gazetteer is not None:
        for surface in ("United Nations", "UN"):
            cands = gazetteer.candidates(surface)
            if cands:
                un_id = attr(cands[0], "id")
                break
    return Resources(
        lang=lang,
        gaz=gaz,
        titles=PhraseTable(titles.get("titles", {}), tokenize),
        honorifics=PhraseTable(titles.get("honorifics", []), tokenize),
        modifiers=keys(titles.get("modifiers", [])),
        complements=keys(titles.get("complement_nouns", [])),
        connectors=keys(titles.get("name_connectors", titles.get("name_particles", []))),
        stop=keys(fw.get("stop", [])),
        acting=PhraseTable(actors.get("acting_heads", []), tokenize),
        delegation=keys(actors.get("delegation_heads", [])),
        two_sides=PhraseTable(actors.get("two_sides", []), tokenize),
        definite_orgs=PhraseTable(actors.get("definite_orgs", {}), tokenize),
        triggers=PhraseTable(
            {w: kind for kind, words in events.get("triggers", {}).items() for w in words},
            tokenize,
        ),
        host_words=keys(events.get("host_words", [])),
        venue_preps=keys(events.get("venue_preps", [])),
        venue_descriptors=keys(events.get("venue_descriptors", [])),
        not_venue_before=PhraseTable(events.get("not_venue_before", []), tokenize),
        planned=PhraseTable(events.get("planned_cues", []), tokenize),
        proposed=PhraseTable(events.get("proposed_cues", []), tokenize),
        ongoing=PhraseTable(events.get("ongoing_cues", []), tokenize),
        invited_by=PhraseTable(events.get("invited_by", []), tokenize),
        weekdays={norm_key(k): v for k, v in events.get("weekdays", {}).items()},
        relative_days={norm_key(k): v for k, v in events.get("relative_days", {}).items()},
        months=PhraseTable(events.get("months", {}), tokenize),
        envoy_offices=frozenset(titles.get("envoy_offices", [])),
        outlet_heads=PhraseTable(orgs.get("outlet_heads", []), tokenize),
        org_heads=PhraseTable(orgs.get("org_heads", {}), tokenize),
        foreign_ministry=PhraseTable(orgs.get("foreign_ministry", []), tokenize),
        org_suffixes=PhraseTable(orgs.get("org_suffixes", {}), tokenize),
        outlet_suffixes=PhraseTable(
            {
                **{s: "Outlet" for s in orgs.get("outlet_suffixes", [])},
                **{s: "Platform" for s in orgs.get("platform_suffixes", [])},
            },
            tokenize,
        ),
        lower_in_names=keys(titles.get("lowercase_in_names", [])),
        cameo=_cameo(),
        host_verbs=keys(events.get("host_verbs", [])),
        timezone_cues=keys(events.get("timezone_cues", [])),
        timezone_after=keys(events.get("timezone_after", [])),
        building_heads=keys(events.get("building_heads", [])),
        nonacting_after=keys(events.get("nonacting_after", [])),
        topic_nouns=keys(events.get("topic_nouns", [])),
        people_nouns=keys(events.get("people_nouns", [])),
        auspices=PhraseTable(events.get("auspices", []), tokenize),
        mediation_verbs=keys(events.get("mediation_verbs", [])),
        welcome_verbs=keys(events.get("welcome_verbs", [])),
        denial_verbs=keys(events.get("denial_verbs", [])),
        negation_particles=keys(events.get("negation_particles", [])),
        negation_any=keys(events.get("negation_any", [])),
        negation_exceptions=keys(events.get("negation_exceptions", [])),
        co_mediator_cues=PhraseTable(events.get("co_mediator_cues", []), tokenize),
        auspices_fillers=keys(events.get("auspices_fillers", [])),
        own_country=PhraseTable(events.get("own_country", []), tokenize),
        visit_verbs=keys(events.get("visit_verbs", [])),
        platform_cues=PhraseTable(orgs.get("platform_cues", []), tokenize),
        remote_cues=PhraseTable(events.get("remote_cues", []), tokenize),
        place_descriptors=PhraseTable(events.get("place_descriptors", []), tokenize),
        reporting=PhraseTable(disc.get("reporting_verbs", []), tokenize),
        non_participant=PhraseTable(disc.get("non_participant_cues", []), tokenize),
        source_cues=PhraseTable(disc.get("source_cues", []), tokenize),
        un_id=un_id,
        freqs=word_frequencies("en") if lang == "en" else {},
    )


def _cameo() -> dict[str, Any]:
    import json

    from kg.nlp.lexicon import lexicon_dir

    path = lexicon_dir() / "cameo.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _teach_segmenter(nlp: Language, gazetteer: Any) -> None:
    """Tell the Arabic segmenter which words the gazetteer knows.

    Single-word forms stay whole (بنغازي is not ب + نغازي); words inside multi-word forms
    count as known unless they themselves start with a proclitic letter (للأمم must still
    split so "للأمم المتحدة" matches "الأمم المتحدة").
    """
    seg = nlp.tokenizer.segmenter
    words: set[str] = set()
    for surface, _rid, _lang, kind in gazetteer.surface_forms():
        key = norm_key(surface)
        if not key or not any("\u0600" <= c <= "\u06ff" for c in key):
            continue
        parts = key.split()
        if kind == "demonym":
            continue
        if len(parts) == 1:
            words.add(parts[0])
        else:
            words.update(p for p in parts if p[0] not in "وفبلك")
    demonyms = {k for k in gazetteer.demonym_index() if any("\u0600" <= c <= "\u06ff" for c in k)}
    extra = load_lexicon("ar", "demonyms")
    demonyms.update(norm_key(f) for forms in extra.values() for f in forms)
    seg.add_known(words, demonyms)
