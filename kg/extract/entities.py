"""Entities: gazetteer names, nationality adjectives, title-triggered names, organisations.

Order matters and is the same for both languages:

1. gazetteer names, longest match first (``GazIndex``);
2. organisations by pattern (outlets, "foreign ministry" + nationality, movement/council
   heads) over words no name covered;
3. people introduced by a title ("وزير الخارجية الإيراني عباس عراقجي", "UN Special Envoy
   Maria Lindqvist", "led by X Y"); the title gives the office and the affiliation;
4. English: remaining runs of capitalised rare words as people;
5. nationality adjectives (الإيراني، القطريين، Egyptian) -> the country, kept as an entity
   only when the country acts (its delegation, minister, mediation, ...);
6. later short forms of names found above ("Araghchi", "فرحات").

The result is a list of :class:`Found` per document plus the article's :class:`Entity`
records keyed by stable keys (QID, gazetteer id, else ``TYPE:slug``).
"""

from __future__ import annotations

from dataclasses import dataclass

from kg.extract.docview import BARRIER, DocView
from kg.extract.gazindex import attr
from kg.extract.resources import Resources
from kg.model import Entity, Mention
from kg.nlp.arabic import strip_marks
from kg.nlp.lexicon import all_lexicon_words, word_frequencies, zipf
from kg.nlp.normalize import norm_key

PROCLITIC_NORMS = frozenset("وفبلك")
#: Internal mention kinds mapped to the documented ones (kg.model.Mention.kind).
_MENTION_KIND = {"dateline": "name", "nested": "name"}
#: Capitalised words that never start a name after a title.
_EN_NOT_NAMES = frozenset(
    [
        "the",
        "a",
        "an",
        "he",
        "she",
        "it",
        "they",
        "we",
        "his",
        "her",
        "their",
        "this",
        "that",
        "on",
        "in",
        "at",
        "for",
        "and",
        "but",
        "said",
        "says",
        "will",
        "would",
        "was",
        "is",
        "has",
        "had",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ]
)


def _abstract_noun(norm: str) -> bool:
    """Abstract nouns in ـية (أهمية) and form-II verbal nouns تفعيل (تعزيز، تكثيف)."""
    if len(norm) >= 5 and norm.endswith("يه") and not norm.startswith("ال"):
        return True
    return len(norm) == 5 and norm[0] == "ت" and norm[3] == "ي"


def strip_article_key(key: str) -> str:
    """A norm without its leading article (قصر for القصر)."""
    return key[2:] if key.startswith("ال") and len(key) > 3 else key


def _drop(founds: list, owner: list[int], i: int) -> None:
    """Withdraw mention ``i`` (a longer name replaces it); its entries become free."""
    f = founds[i]
    if f is None:
        return
    for p in range(f.a, f.b):
        if owner[p] == i:
            owner[p] = -1
    founds[i] = None


@dataclass
class Found:
    """An entity mention at entries ``[a, b)`` of a :class:`DocView`."""

    a: int
    b: int
    key: str
    kind: str = "name"
    acting: bool = True  # nisba-derived countries: does the country act here?
    office: str | None = None
    affiliation: str | None = None  # entity key of the title's organisation / country
    in_title: bool = False  # a nationality adjective inside a person's title
    attributive: bool = False  # "جدة السعودية", "Cairo, Egypt": locates a place, does not act


@dataclass
class EntityInfo:
    """What rules need to know about an entity beyond its key."""

    key: str
    type: str
    subtype: str | None
    country: str | None
    gaz_id: str | None


class ArticleEntities:
    """Entities of one article, shared by its title and body."""

    def __init__(self, res: Resources, lang: str):
        self.res = res
        self.lang = lang
        self.entities: dict[str, Entity] = {}
        self.info: dict[str, EntityInfo] = {}
        self.found: dict[str, list[Found]] = {}  # field -> mentions
        self.views: dict[str, DocView] = {}
        self.title_spans: dict[str, list[tuple[int, int]]] = {}  # field -> [a, b) of titles
        self._title_masks: dict[str, tuple[int, list[bool]]] = {}
        #: envoy titles without a name: (field, start, end, affiliation key)
        self.nameless_envoys: list[tuple[str, int, int, str | None]] = []

    # -- registering ----------------------------------------------------------------------
    def key_for_gaz(self, rid: str) -> str:
        """Entity key of a gazetteer record: its QID when it has one, else its id."""
        rec = self.res.gaz.records.get(rid)
        qid = attr(rec, "qid") if rec is not None else None
        return qid or rid

    def ensure_gaz(self, rid: str) -> str:
        """Create (once) the entity of a gazetteer record and return its key."""
        key = self.key_for_gaz(rid)
        if key in self.entities:
            return key
        rec = self.res.gaz.records[rid]
        labels = {lg: [lab] for lg, lab in (attr(rec, "labels") or {}).items() if lab}
        country = attr(rec, "country")
        self.entities[key] = Entity(
            key=key,
            type=attr(rec, "type"),
            subtype=attr(rec, "subtype"),
            labels=labels,
            qid=attr(rec, "qid"),
            link_confidence=0.9 if attr(rec, "qid") else None,
            link_method="gazetteer" if attr(rec, "qid") else None,
            country=self.key_for_gaz(country) if country in self.res.gaz.records else country,
            office=attr(rec, "office"),
        )
        self.info[key] = EntityInfo(key, attr(rec, "type"), attr(rec, "subtype"), country, rid)
        return key

    def ensure_new(
        self,
        etype: str,
        name: str,
        subtype: str | None = None,
        country: str | None = None,
        office: str | None = None,
        label_en: str | None = None,
    ) -> str:
        """Create (once) an entity the gazetteer does not know; key ``TYPE:slug``."""
        slug_name = label_en or name
        key = f"{etype}:" + "-".join(norm_key(slug_name).split())
        ent = self.entities.get(key)
        if ent is None:
            labels: dict[str, list[str]] = {}
            if label_en:
                labels["en"] = [label_en]
            if name and name != label_en:
                labels.setdefault(self.lang, []).append(name)
            ent = Entity(key=key, type=etype, subtype=subtype, labels=labels, country=country, office=office)
            self.entities[key] = ent
            self.info[key] = EntityInfo(key, etype, subtype, country, None)
        else:
            if office and not ent.office:
                ent.office = office
            if country and not ent.country:
                ent.country = country
        return key

    def add_mentions(self) -> None:
        """Copy every acting mention into its Entity (offsets into the field's string)."""
        for fld, founds in self.found.items():
            view = self.views[fld]
            for f in founds:
                if not f.acting:
                    continue
                ent = self.entities.get(f.key)
                if ent is None:
                    continue
                s, e = view.span_chars(f.a, f.b)
                text = view.string[s:e]
                ent.mentions.append(Mention(s, e, text, field=fld, kind=_MENTION_KIND.get(f.kind, f.kind)))
                if f.kind in ("name", "alias") and text:
                    lab = ent.labels.setdefault(
                        self.lang
                        if _is_ar(text) == (self.lang == "ar")
                        else ("ar" if _is_ar(text) else "en"),
                        [],
                    )
                    if text not in lab and len(lab) < 6:
                        lab.append(text)
                if f.office and not ent.office:
                    ent.office = f.office

    def in_title(self, fld: str, p: int, n: int) -> bool:
        """Is entry ``p`` of a field inside a person's title (a mask built once per call
        site state, so long articles stay linear)?"""
        spans = self.title_spans.get(fld, [])
        cache = self._title_masks.get(fld)
        if cache is None or cache[0] != len(spans):
            mask = [False] * n
            for a, b in spans:
                for k in range(max(a, 0), min(b, n)):
                    mask[k] = True
            cache = (len(spans), mask)
            self._title_masks[fld] = cache
        mask = cache[1]
        return 0 <= p < len(mask) and mask[p]

    def used_keys(self) -> set[str]:
        return {f.key for fs in self.found.values() for f in fs if f.acting}

    def prune(self) -> None:
        """Drop entities that only ever appeared in non-acting roles."""
        used = self.used_keys()
        for key in list(self.entities):
            if key not in used:
                del self.entities[key]


_CAPITAL_WORDS = frozenset({"العاصمه", "عاصمه", "بالعاصمه", "capital"})


def _is_ar(text: str) -> bool:
    return any("\u0600" <= c <= "\u06ff" for c in text)


# ---------------------------------------------------------------------------------------
class EntityFinder:
    """Runs the entity rules over one DocView, adding to an :class:`ArticleEntities`."""

    def __init__(self, res: Resources):
        self.res = res
        self.ar = res.lang == "ar"
        #: words the lexicons use for roles, events and titles: never part of a name
        self.lexicon_words = all_lexicon_words(res.lang) - res.connectors
        self._ar_freqs = word_frequencies("ar") if self.ar else {}
        self._org_words = {
            strip_article_key(k[0]) for t in (res.org_heads, res.outlet_heads) for k in t.table if len(k) == 1
        }

    def run(self, view: DocView, arts: ArticleEntities) -> list[Found]:
        n = view.n
        owner: list[int] = [-1] * n  # index into founds, per entry
        founds: list[Found] = []

        def claim(f: Found) -> None:
            for p in range(f.a, f.b):
                if owner[p] >= 0:
                    return
            founds.append(f)
            for p in range(f.a, f.b):
                owner[p] = len(founds) - 1

        self._drop = lambda i: _drop(founds, owner, i)

        self._gazetteer(view, arts, claim)
        self._orgs(view, arts, claim, owner, founds)
        if not self.ar:
            self._en_body_suffix(view, arts, claim, owner, founds)
            self._en_patterns(view, arts, claim, owner, founds)
        else:
            self._buildings(view, arts, claim, owner)
        self._titles(view, arts, claim, owner, founds)
        if not self.ar:
            self._capitalised_people(view, arts, claim, owner)
        self._byline(view, arts, claim, owner)
        self._unknown_places(view, arts, claim, owner)
        self._capital_references(view, arts, claim, owner)
        self._nisbas(view, arts, claim, owner)
        self._nested_countries(view, arts, founds)
        out = [f for f in founds if f is not None]
        out.sort(key=lambda f: f.a)
        self._mark_attributive(view, arts, out)
        return out

    def _mark_attributive(self, view: DocView, arts: ArticleEntities, founds: list[Found]) -> None:
        """A country right after a city names where the city is, not a party."""
        prev = None
        for f in founds:
            info = arts.info.get(f.key)
            if prev is not None and info is not None and info.subtype == "Country":
                pinfo = arts.info.get(prev.key)
                gap = f.a - prev.b
                if (
                    pinfo is not None
                    and pinfo.subtype == "City"
                    and (gap == 0 or (gap == 1 and view.norms[prev.b] in (",", "،")))
                ):
                    f.attributive = True
            prev = f

    # -- 1. gazetteer ------------------------------------------------------------------
    def gaz_match(self, view: DocView, p: int) -> tuple[int, str] | None:
        """Longest gazetteer form at entry ``p``: ``(length, record id)``."""
        gaz = self.res.gaz
        norms = view.norms
        if p >= view.n or norms[p] not in gaz.first:
            return None
        best = None
        for j in range(p + 1, min(view.n, p + gaz.max_len) + 1):
            key = tuple(norms[p:j])
            if key not in gaz.prefixes:
                break
            ids = gaz.forms.get(key)
            if ids and self._case_ok(view, p, j, key):
                best = (j - p, ids[0])
        return best

    def _case_ok(self, view: DocView, a: int, b: int, key: tuple[str, ...]) -> bool:
        if self.ar:
            return True
        if key in self.res.gaz.acronyms:
            return all(view.text(p).isupper() for p in range(a, b))
        lower_ok = self.res.lower_in_names
        for p in range(a, b):
            t = view.text(p)
            if t and t[0].isalpha() and not t[0].isupper() and view.norms[p] not in lower_ok:
                return False
        return True

    def _gazetteer(self, view: DocView, arts: ArticleEntities, claim) -> None:
        p = 0
        while p < view.n:
            hit = self.gaz_match(view, p)
            if hit is None:
                p += 1
                continue
            length, rid = hit
            if p > 0 and view.norms[p - 1] in _CAPITAL_WORDS:
                # "العاصمة الجزائر", "the capital Tunis": the city that shares the country's name
                ids = self.res.gaz.forms.get(tuple(view.norms[p : p + length])) or []
                city = next((i for i in ids if attr(self.res.gaz.records.get(i), "subtype") == "City"), None)
                rid = city or rid
            if self._time_zone(view, p, p + length):
                p += length  # "بتوقيت واشنطن", "Washington time": not a place here
                continue
            rec = self.res.gaz.records.get(rid)
            if self.ar and length == 1 and self._ambiguous_word(view, p, rec, arts):
                p += 1  # "فتح ممرات": the common word, not the movement
                continue
            key = arts.ensure_gaz(rid)
            acting = True
            if (
                not self.ar
                and attr(rec, "subtype") == "Country"
                and p + length < view.n
                and view.norms[p + length] in self.res.nonacting_after
            ):
                acting = False  # "US diplomats": an attribute, the state does not act
            claim(Found(p, p + length, key, "name", acting=acting))
            p += length

    def _ambiguous_word(self, view: DocView, p: int, rec, arts: ArticleEntities) -> bool:
        """A one-word organisation name that is also a frequent Arabic word (فتح، أمل، الغد)
        counts only with context: a head noun before it (حركة، قناة), quotes around it, or
        the same organisation already named in full in the article."""
        if attr(rec, "type") != "ORG" or (attr(rec, "popularity") or 0.0) >= 0.8:
            return False
        if zipf(self._ar_freqs, strip_marks(view.text(p))) < 4.3:
            return False
        key = arts.key_for_gaz(attr(rec, "id"))
        if key in arts.entities:
            return False
        prev = view.text(p - 1) if p > 0 else ""
        return not (
            prev in ('"', "«", "“") or (p > 0 and strip_article_key(view.norms[p - 1]) in self._org_words)
        )

    def _time_zone(self, view: DocView, a: int, b: int) -> bool:
        res = self.res
        if a > 0 and view.norms[a - 1] in res.timezone_cues:
            return True
        return b < view.n and view.norms[b] in res.timezone_after

    def _nested_countries(self, view: DocView, arts: ArticleEntities, founds) -> None:
        """Countries named inside a longer organisation name (بعثة ... في ليبيا) count too."""
        extra: list[Found] = []
        for f in founds:
            if f is None or f.b - f.a < 3 or f.kind != "name":
                continue
            info = arts.info.get(f.key)
            if info is None or info.type != "ORG":
                continue
            for p in range(f.a + 1, f.b):
                hit = self.gaz_match(view, p)
                if hit and p + hit[0] <= f.b:
                    rec = self.res.gaz.records.get(hit[1])
                    if attr(rec, "subtype") == "Country":
                        key = arts.ensure_gaz(hit[1])
                        extra.append(Found(p, p + hit[0], key, "nested"))
        founds.extend(extra)

    # -- 2. organisations by pattern ---------------------------------------------------------
    def _orgs(self, view, arts, claim, owner, founds) -> None:
        res = self.res
        norms = view.norms
        p = 0
        firsts = (
            res.foreign_ministry.first | res.outlet_heads.first | res.org_heads.first if self.ar else None
        )
        while p < view.n:
            if owner[p] >= 0 or (firsts is not None and norms[p] not in firsts):
                p += 1
                continue
            if self.ar:
                hit = res.foreign_ministry.match(norms, p)
                if hit and p > 0 and (res.titles.get1(norms[p - 1]) or norms[p - 1] in res.complements):
                    hit = None  # وزير الخارجية الإيراني is a person's title, not the ministry
                if hit:
                    q = p + hit[0]
                    country = self._nisba_country(view, q) if q < view.n else None
                    if country:
                        ckey = arts.ensure_gaz(country)
                        name = view.span_text(p, q + 1)
                        en = arts.entities[ckey].labels.get("en", [ckey])[0]
                        key = arts.ensure_new(
                            "ORG",
                            name,
                            "Ministry",
                            country=ckey,
                            label_en=f"Ministry of Foreign Affairs ({en})",
                        )
                        claim(Found(p, q + 1, key, "name"))
                        claim(Found(q, q + 1, ckey, "nisba", acting=True))
                        p = q + 1
                        continue
                hit = res.outlet_heads.match(norms, p)
                if hit:
                    q = p + hit[0]
                    name_a, name_b = self._quoted_or_latin(view, q, owner)
                    if name_b > name_a:
                        name = view.span_text(name_a, name_b)
                        key = arts.ensure_new("ORG", name, "Outlet")
                        claim(Found(name_a, name_b, key, "name"))
                        p = name_b
                        continue
                hit = res.org_heads.match(norms, p)
                if hit and view.text(p)[:1] != "و":
                    q = p + hit[0]
                    end = q
                    while end < view.n and end - q < 4 and owner[end] < 0:
                        norm = norms[end]
                        if (
                            norm == "ل"
                            and view.glued_to_next(end)
                            and end + 1 < view.n
                            and norms[end + 1].startswith("ال")
                            and owner[end + 1] < 0
                        ):
                            end += 2  # الهيئة العامة للاستعلامات
                            continue
                        if (
                            norm.startswith("ال")
                            and norm not in res.stop
                            and self._nisba_country(view, end) is None
                            and res.titles.match(norms, end) is None
                            and res.honorifics.match(norms, end) is None
                        ):
                            end += 1
                            continue
                        break
                    if end < view.n and owner[end] >= 0 and end == q:
                        # حركة + a known name: the known name is the organisation
                        p = end
                        continue
                    if end > q:
                        name = view.span_text(p, end)
                        key = arts.ensure_new("ORG", name, hit[1])
                        claim(Found(p, end, key, "name"))
                        p = end
                        continue
            else:
                p2 = self._en_org(view, arts, claim, owner, p)
                if p2 > p:
                    p = p2
                    continue
            p += 1

    def _buildings(self, view, arts, claim, owner) -> None:
        """ "قصر X" (quoted or not) names a building: a venue candidate."""
        res = self.res
        norms = view.norms
        for p in range(view.n):
            if owner[p] >= 0 or strip_article_key(norms[p]) not in res.building_heads:
                continue
            if p > 0 and view.text(p - 1) in ('"', "«", "“"):
                a = p
                b = p + 1
                while b < view.n and b - p < 5 and view.text(b) not in ('"', "»", "”"):
                    if view.is_punct(b) or owner[b] >= 0:
                        b = -1
                        break
                    b += 1
                if b <= p + 1:
                    continue
            else:
                a = p
                b = p + 1
                while b < view.n and b - p <= 2 and self._name_token(view, b) and owner[b] < 0:
                    b += 1
                if (
                    b == p + 1
                    and p > 0
                    and norms[p - 1] in res.venue_preps
                    and b < view.n
                    and owner[b] < 0
                    and not view.is_punct(b)
                    and norms[b] not in res.stop
                    and norms[b] not in PROCLITIC_NORMS
                    and any("؀" <= c <= "ۿ" for c in norms[b])
                ):
                    b += 1  # "في قصر بيان", "في قصر الشعب": the place a meeting is held
                if b == p + 1:
                    continue
            name = view.span_text(a, b)
            key = arts.ensure_new("LOC", name, "Building")
            claim(Found(a, b, key, "name"))

    def _quoted_or_latin(self, view: DocView, q: int, owner) -> tuple[int, int]:
        """The name after an outlet word: a quoted run, or a run of Latin words."""
        if q >= view.n:
            return q, q
        t = view.text(q)
        if t in ('"', "«", "“", "'"):
            a = q + 1
            b = a
            while b < view.n and b - a < 5 and view.text(b) not in ('"', "»", "”", "'"):
                if view.norms[b] == BARRIER:
                    return q, q
                b += 1
            if b < view.n and b > a and owner[a] < 0:
                return a, b
            return q, q
        b = q
        while b < view.n and b - q < 4 and view.text(b).isascii() and view.text(b)[:1].isalpha():
            b += 1
        if b > q and owner[q] < 0:
            return q, b
        return q, q

    def _en_org(self, view, arts, claim, owner, p) -> int:
        """English "X News Agency", "X TV channel", "Al X newspaper", "ASEAN Observer Teams"."""
        res = self.res
        if not view.is_cap(p) or view.norms[p] in ("the", "a", "an"):
            return p
        b = p
        while (
            b < view.n
            and owner[b] < 0
            and not view.is_punct(b)
            and (
                view.is_cap(b)
                or (view.norms[b] in res.lower_in_names and b + 1 < view.n and view.is_cap(b + 1) and b > p)
            )
        ):
            b += 1
        if b == p:
            return p
        for cut in range(p + 1, b + 1):
            hit = res.outlet_suffixes.match(view.norms, cut)
            if hit is None:
                continue
            end = cut + hit[0]
            name_end = end if end <= b else cut  # "Saba News Agency" vs "Al-Qahera TV channel"
            if name_end <= p:
                continue
            if res.outlet_suffixes.match(view.norms, p):
                return p  # the descriptor alone ("TV channel") names nothing
            name = view.span_text(p, name_end)
            key = arts.ensure_new("ORG", name, "Outlet", label_en=name)
            claim(Found(p, name_end, key, "name"))
            return max(end, name_end)
        return p

    def _en_patterns(self, view, arts, claim, owner, founds) -> None:
        """English names by their last word or context: "Topkapi Palace", "Aden airport",
        "People's Defence Front (PDF)", "the Danish foreign ministry", "a post on Facebook"."""
        res = self.res
        norms = view.norms
        p = 0
        while p < view.n:
            # <Demonym> foreign ministry
            cid = self.res.gaz.country_of_demonym(norms[p]) if view.is_cap(p) and owner[p] < 0 else None
            if cid:
                hit = res.foreign_ministry.match(norms, p + 1)
                if hit:
                    ckey = arts.ensure_gaz(cid)
                    en = arts.entities[ckey].labels.get("en", [ckey])[0]
                    name = view.span_text(p, p + 1 + hit[0])
                    key = arts.ensure_new(
                        "ORG", name, "Ministry", country=ckey, label_en=f"Ministry of Foreign Affairs ({en})"
                    )
                    arts.entities[key].labels.setdefault("en", []).append(name)
                    claim(Found(p, p + 1 + hit[0], key, "name"))
                    p += 1 + hit[0]
                    continue
            # "a post on X": the platform
            cue = res.platform_cues.match(norms, p)
            if cue:
                q = p + cue[0]
                if q < view.n and owner[q] < 0 and view.is_cap(q) and not view.is_punct(q):
                    name = view.text(q)
                    key = arts.ensure_new("ORG", name, "Outlet", label_en=name)
                    claim(Found(q, q + 1, key, "name"))
                    p = q + 1
                    continue
            # a known city + airport/port: "Aden airport"
            if owner[p] >= 0 and founds[owner[p]] is not None:
                f = founds[owner[p]]
                info = arts.info.get(f.key)
                if (
                    info
                    and info.subtype == "City"
                    and f.b < view.n
                    and norms[f.b] in ("airport", "port")
                    and f.a == p
                ):
                    name = view.span_text(f.a, f.b + 1)
                    key = arts.ensure_new("LOC", name, "Building", country=info.country, label_en=name)
                    claim(Found(f.b, f.b + 1, key, "name"))
                    p = f.b + 1
                    continue
            if owner[p] >= 0 or not view.is_cap(p) or norms[p] in ("the", "a", "an"):
                p += 1
                continue
            b = p
            while b < view.n and owner[b] < 0 and view.is_cap(b) and not view.is_punct(b) and b - p < 5:
                b += 1
            if (
                p > 0
                and norms[p - 1] == "the"
                and b < view.n
                and norms[b] in res.building_heads
                and view.text(b).islower()
                and owner[b] < 0
            ):
                # "the Baabda palace", "the Riverside hotel": a named building, head in lower case
                name = view.span_text(p, b + 1)
                key = arts.ensure_new("LOC", name, "Building", label_en=name)
                claim(Found(p, b + 1, key, "name"))
                p = b + 1
                continue
            if b - p >= 2:
                last = norms[b - 1]
                if last in res.building_heads:
                    name = view.span_text(p, b)
                    key = arts.ensure_new("LOC", name, "Building", label_en=name)
                    claim(Found(p, b, key, "name"))
                    p = b
                    continue
                org = res.org_suffixes.get1(last)
                if org and not self.res.gaz.country_of_demonym(norms[p]):
                    name = view.span_text(p, b)
                    key = arts.ensure_new("ORG", name, org, label_en=name)
                    claim(Found(p, b, key, "name"))
                    # "(ELN)": the short name of the same organisation
                    if (
                        b + 2 < view.n
                        and norms[b] == "("
                        and norms[b + 2] == ")"
                        and view.text(b + 1).isupper()
                    ):
                        arts.entities[key].labels.setdefault("en", []).append(view.text(b + 1))
                        claim(Found(b + 1, b + 2, key, "alias"))
                        b += 3
                    p = b
                    continue
            p = max(b, p + 1)

    def _en_body_suffix(self, view, arts, claim, owner, founds) -> None:
        """A known body followed by capitalised organisation words: "ASEAN Observer Teams"."""
        res = self.res
        for i, f in enumerate(list(founds)):
            if f is None or f.kind != "name":
                continue
            info = arts.info.get(f.key)
            if info is None or info.type != "ORG":
                continue
            e = f.b
            while e < view.n and owner[e] < 0 and view.is_cap(e) and e - f.b < 3:
                e += 1
            if e == f.b:
                continue
            last = res.org_suffixes.match(view.norms, e - 1)
            if not last:
                continue
            name = view.span_text(f.a, e)
            if view.norms[e - 1].endswith("s") and name.endswith("s"):
                name = name[:-1]
            self._drop(i)
            key = arts.ensure_new("ORG", name, last[1], label_en=name)
            claim(Found(f.a, e, key, "name"))

    # -- 3. title-triggered people ---------------------------------------------------------------
    def _titles(self, view, arts, claim, owner, founds) -> None:
        res = self.res
        norms = view.norms
        p = 0
        while p < view.n:
            hit = res.titles.match(norms, p)
            if hit is None or (self.ar is False and not self._en_title_ok(view, p, hit[0])):
                p += 1
                continue
            office = hit[1] or None
            q = p + hit[0]
            affiliation = self._affiliation_before(view, p, owner, founds) if not self.ar else None
            if self.ar:
                self._tail_office = None
                q, aff2 = self._ar_title_tail(view, q, owner, founds, office in res.envoy_offices)
                office = self._tail_office or office
                if office in res.envoy_offices and self._envoy_aff:
                    aff2 = self._envoy_aff
            else:
                q, aff2 = self._en_title_tail(view, q, owner, founds, office)
            affiliation = affiliation or aff2
            if affiliation and affiliation not in arts.info:
                rid = self._rid_of(affiliation)
                if rid:
                    affiliation = arts.ensure_gaz(rid)
            a, b = self._name_after(view, q, owner)
            if self.ar and b > a and owner[a] < 0:
                b = self._plausible_arabic_name(view, a, b)
            if self.ar and b > a and owner[a] < 0 and b < view.n and owner[b] >= 0:
                # كريم سامي فرحات: a first name before a known person's name is a new person
                nxt = founds[owner[b]]
                info = arts.info.get(nxt.key)
                if info and info.type == "PER" and nxt.kind == "name" and nxt.a == b:
                    self._drop(owner[b])
                    b = nxt.b
            start = p if self.ar else max(0, p - 2)
            if b > a:
                arts.title_spans.setdefault(view.field, []).append((start, a))
            elif office in res.envoy_offices:
                # "the UN envoy" without a name: the article's envoy, resolved later
                arts.title_spans.setdefault(view.field, []).append((start, q))
                arts.nameless_envoys.append((view.field, p, p + hit[0], affiliation))
            if b <= a and self.ar and p >= 2 and norms[p - 1] in ("،", ","):
                a, b = self._name_before(view, p - 1, owner)
                if b > a:
                    name = view.span_text(a, b)
                    key = arts.ensure_new("PER", name, None, office=office)
                    claim(Found(a, b, key, "name", office=office, affiliation=affiliation))
                    p += 1
                    continue
            if b <= a:
                p += 1
                continue
            # a gazetteer person already there: just attach the office
            if owner[a] >= 0:
                f = founds[owner[a]]
                if arts.info.get(f.key) and arts.info[f.key].type == "PER":
                    f.office = f.office or office
                    f.affiliation = f.affiliation or affiliation
                p = max(p + 1, f.b)
                continue
            name = view.span_text(a, b)
            country = None
            if affiliation and arts.info.get(affiliation) and arts.info[affiliation].subtype == "Country":
                country = affiliation
            key = arts.ensure_new(
                "PER", name, None, country=country, office=office, label_en=None if self.ar else name
            )
            f = Found(a, b, key, "name", office=office, affiliation=affiliation)
            claim(f)
            p = b
        return None

    def _name_before(self, view: DocView, comma: int, owner) -> tuple[int, int]:
        """ "عمرو كمال الدين الشربيني، سفير ...": the name just before an appositive title."""
        b = comma
        k = comma - 1
        while k >= 0 and b - k <= 5:
            norm = view.norms[k]
            if view.is_punct(k) or owner[k] >= 0 or norm in self.res.stop or norm in PROCLITIC_NORMS:
                break
            if norm in self.lexicon_words or not any("؀" <= c <= "ۿ" for c in norm):
                break
            k -= 1
        a = k + 1
        # the name starts at a word that can start a name, after a boundary
        while a < b and not self._name_token(view, a):
            a += 1
        if b - a < 2:
            return comma, comma
        return a, b

    def _en_title_ok(self, view: DocView, p: int, length: int) -> bool:
        # "led by" is lower case by nature; one-word generic titles need a name right after
        return True

    def _affiliation_before(self, view, p, owner, founds) -> str | None:
        """English: "UN Special Envoy", "Thai Prime Minister", "Hamas leader"."""
        k = p - 1
        skipped = 0
        # "the", possessives and up to two adjectives: "Russian presidential envoy"
        while k >= 0 and (
            view.norms[k] in ("the", "’s", "'s")
            or (
                skipped < 2
                and owner[k] < 0
                and view.text(k).islower()
                and view.text(k).isalpha()
                and view.norms[k] not in ("and", "of", "for", "by", "with", "to", "in", "on", "at")
            )
        ):
            if view.norms[k] not in ("the", "’s", "'s"):
                skipped += 1
            k -= 1
        if k < 0:
            return None
        if owner[k] >= 0:
            f = founds[owner[k]]
            return f.key if f is not None else None
        cid = self.res.gaz.country_of_demonym(view.norms[k]) if view.is_cap(k) else None
        if cid:
            return self._arts_key(cid)
        return None

    def _arts_key(self, rid: str) -> str:
        rec = self.res.gaz.records.get(rid)
        return (attr(rec, "qid") if rec is not None else None) or rid

    def _ar_title_tail(self, view, q, owner, founds, envoy_first: bool = False) -> tuple[int, str | None]:
        """Skip what sits between an Arabic title and the name; return the affiliation.

        In a chain of titles each title's own nationality or organisation wins, the earlier
        one is a fallback. The organisation right after an envoy title is the envoy's
        principal (``self._envoy_aff``): الممثلة الخاصة للأمين العام، رئيسة بعثة ... -> UN.
        """
        res = self.res
        norms = view.norms
        affiliation = None
        earlier = None
        collecting = envoy_first
        self._envoy_aff = None

        def note(key: str | None) -> None:
            nonlocal affiliation
            affiliation = affiliation or key
            if collecting and self._envoy_aff is None:
                self._envoy_aff = key

        steps = 0
        while q < view.n and steps < 12:
            steps += 1
            norm = norms[q]
            if owner[q] >= 0:
                f = founds[owner[q]]
                if f.kind == "name" and self._type_of(f.key) != "PER":
                    note(f.key)
                    q = f.b
                    continue
                break
            h = res.honorifics.match(norms, q)
            if h:
                q += h[0]
                continue
            t = res.titles.match(norms, q)
            if t and q + t[0] < view.n and not self._name_token(view, q):
                if t[1] == "secretary-general" and res.un_id:
                    note(self._arts_key(res.un_id))
                earlier = affiliation or earlier
                affiliation = None
                if t[1] in res.envoy_offices:
                    self._tail_office = t[1]  # "نائب الوزير ... المبعوث الخاص ... X": an envoy
                    collecting = True
                    self._envoy_aff = None
                elif t[1] != "secretary-general":
                    collecting = False
                q += t[0]
                continue
            cid = self._nisba_country(view, q)
            if cid:
                note(self._arts_key(cid))
                q += 1
                continue
            if norm in res.modifiers or norm in res.complements:
                q += 1
                continue
            if norm in PROCLITIC_NORMS and view.glued_to_next(q):
                q += 1
                continue
            if q > 0 and norms[q - 1] in ("الي", "لدي") and res.place_descriptors.get1(norm):
                collecting = False  # the mandate: المبعوث الخاص إلى منطقة الساحل
                q += 1
                continue
            if norm.startswith("ال") and len(norm) > 3 and norm not in res.stop:
                q += 1
                continue
            if norm in ("الي", "لدي", "،", ",") and q + 1 < view.n:
                nxt = q + 1
                if norm in ("الي", "لدي") and (owner[nxt] >= 0 or res.place_descriptors.get1(norms[nxt])):
                    # the mandate or post: المبعوث الخاص إلى سوريا، السفير لدى الدوحة
                    collecting = False
                    q = nxt
                    continue
                if (
                    res.titles.match(norms, nxt)
                    or res.honorifics.match(norms, nxt)
                    or self._name_token(view, nxt)
                ):
                    q = nxt
                    continue
            break
        return q, affiliation or earlier

    def _en_title_tail(self, view, q, owner, founds, office) -> tuple[int, str | None]:
        """English: "for Yemen" (mandate), "of X", honorifics, ", the X council," ."""
        res = self.res
        norms = view.norms
        affiliation = None
        # "Special Envoy of the (UN) Secretary-General": the UN
        r = q + 1 if q < view.n and norms[q] == "of" else -1
        while 0 <= r < view.n and (norms[r] == "the" or (owner[r] >= 0 and r == q + 1)):
            r += 1
        if r > 0 and res.un_id:
            sg = res.titles.match(norms, r)
            if sg and sg[1] == "secretary-general":
                affiliation = self._arts_key(res.un_id)
                q = r + sg[0]
        # "Special Envoy for Yemen", "Minister of Foreign Affairs of Oman"
        if q < view.n and norms[q] in ("for", "of", "to"):
            r = q + 1
            if r < view.n and norms[r] == "the":
                r += 1
            if r < view.n and owner[r] >= 0:
                f = founds[owner[r]]
                if norms[q] == "of":
                    affiliation = f.key
                q = f.b
            elif r < view.n and view.is_cap(r):
                # a mandate that is no entity: "special representative for the Horn of
                # Africa, Jane Doe," / "for Human Rights, Jane Doe,"
                k = r
                while k < view.n and k - r < 6 and owner[k] < 0:
                    if view.is_cap(k) or (
                        norms[k] in ("of", "the", "and") and k + 1 < view.n and view.is_cap(k + 1)
                    ):
                        k += 1
                        continue
                    break
                if k < view.n and norms[k] == ",":
                    q = k
        while q < view.n:
            h = res.honorifics.match(norms, q)
            if h and view.is_cap(q):
                q += h[0]
                continue
            break
        # an appositive name: "the US special envoy for Syria, Tom Barrack,"
        if (q + 1 < view.n and norms[q] == "," and view.is_cap(q + 1) and owner[q + 1] < 0) or (
            q + 1 < view.n
            and norms[q] == ","
            and owner[q + 1] >= 0
            and self._type_of(founds[owner[q + 1]].key) == "PER"
        ):
            q += 1
        return q, affiliation

    def _name_token(self, view: DocView, p: int) -> bool:
        """Can entry ``p`` start an Arabic name?"""
        res = self.res
        norm = view.norms[p]
        if view.is_punct(p) or norm in res.stop or norm in PROCLITIC_NORMS:
            return False
        if not any("\u0600" <= c <= "\u06ff" for c in norm):
            return False
        if (
            norm.startswith("ال")
            and norm not in res.connectors
            and not view.text(p).startswith(("أ", "إ", "آ"))
        ):
            return False  # the article (ألاسكا, with hamza, is not one)
        if res.titles.match(view.norms, p) or res.honorifics.match(view.norms, p):
            return False
        if view.text(p).endswith(("ً", "ٌ", "ٍ")):
            return False  # tanween marks adverbs and indefinite nouns (بدايةً), not names
        return not (norm in res.modifiers or norm in res.complements or norm in self.lexicon_words)

    def _name_after(self, view: DocView, q: int, owner) -> tuple[int, int]:
        """Extent of the name that follows a title (empty when none)."""
        if q >= view.n:
            return q, q
        if self.ar:
            if owner[q] >= 0:
                return q, q + 1
            if not self._name_token(view, q):
                return q, q
            b = q + 1
            words = 1
            res = self.res
            while b < view.n and words < 4:
                norm = view.norms[b]
                if (
                    norm in "بلكف"
                    and view.glued_to_next(b)
                    and owner[b + 1] < 0
                    and self._rare_word(view.text(b) + view.text(b + 1))
                    and view.norms[b + 1] not in self.lexicon_words
                ):
                    # a name the segmenter split (ب + راك in براك): keep it whole
                    b += 2
                    words += 1
                    continue
                if view.is_punct(b) or norm in res.stop or norm in PROCLITIC_NORMS or owner[b] >= 0:
                    break
                if not any("\u0600" <= c <= "\u06ff" for c in norm):
                    break
                if self._nisba_country(view, b) or res.titles.match(view.norms, b):
                    break
                after_connector = view.norms[b - 1] in res.connectors
                if (
                    norm in res.modifiers or norm in res.complements or norm in self.lexicon_words
                ) and not after_connector:
                    break  # but عبد السلام، أبو الغيط: a connector binds the next word
                if norm not in res.connectors:
                    words += 1
                b += 1
            # a trailing connector is not part of the name
            while b > q + 1 and view.norms[b - 1] in res.connectors:
                b -= 1
            return q, b
        # English: capitalised words with particles
        if owner[q] >= 0:
            return q, q + 1
        if self.res.titles.match(view.norms, q) or self.res.honorifics.match(view.norms, q):
            return q, q  # "led by Defence Minister X": the next title introduces the name
        if not view.is_cap(q) or view.norms[q] in _EN_NOT_NAMES or view.is_punct(q):
            return q, q
        b = q
        words = 0
        while b < view.n and words < 4:
            if view.is_cap(b) and owner[b] < 0 and not view.is_punct(b):
                words += 1
                b += 1
            elif _name_particle(view, b, self.res):
                b += 1
            else:
                break
        return q, b

    def _plausible_arabic_name(self, view: DocView, a: int, b: int) -> int:
        """Trim or reject an Arabic name candidate; returns the new end (``a`` = none).

        A definite word inside a name is a family name (البوسعيدي، الحمادي: ends in ي) or
        after a connector (عبد الفتاح); other definite words end the name. Abstract nouns
        and verbal nouns (أهمية، تعزيز) are never name words.
        """
        res = self.res
        for k in range(a + 1, b):
            norm = view.norms[k]
            if (
                norm.startswith("ال")
                and not view.text(k).startswith(("أ", "إ", "آ"))
                and not norm.endswith("ي")
                and view.norms[k - 1] not in res.connectors
                and norm not in res.connectors
            ):
                b = k
                break
        for k in range(a, b):
            if _abstract_noun(view.norms[k]):
                return k  # "أكد الرئيس أهمية تكثيف ...": the object of the verb, not a name
        return b

    def _rare_word(self, word: str) -> bool:
        """A word too rare in general Arabic to be a common word (so likely a name)."""
        return zipf(self._ar_freqs, strip_marks(word)) < 3.5

    def _rid_of(self, key: str) -> str | None:
        """Gazetteer id of an entity key (the key itself, or the record with that QID)."""
        records = self.res.gaz.records
        if key in records:
            return key
        rec_id = self.res.gaz.qid_index().get(key)
        return rec_id

    def _rare_cap(self, view: DocView, p: int) -> bool:
        return not self.res.common_word(view.norms[p])

    def _type_of(self, key: str) -> str | None:
        if key.startswith(("PER:", "ORG:", "LOC:")):
            return key.split(":", 1)[0]
        for _rid, rec in ((key, self.res.gaz.records.get(key)),):
            if rec is not None:
                return attr(rec, "type")
        # QID keys: look through records
        for rec in self.res.gaz.records.values():
            if attr(rec, "qid") == key:
                return attr(rec, "type")
        return None

    # -- 4. English capitalised runs -----------------------------------------------------------------
    def _capitalised_people(self, view, arts, claim, owner) -> None:
        res = self.res
        p = 0
        while p < view.n:
            if owner[p] >= 0 or not view.is_cap(p) or view.is_punct(p):
                p += 1
                continue
            b = p
            words = 0
            rare = 0
            while b < view.n and owner[b] < 0 and words < 4:
                if view.is_cap(b) and not view.is_punct(b) and view.text(b).isalpha():
                    words += 1
                    if not res.common_word(view.norms[b]):
                        rare += 1
                    b += 1
                elif _name_particle(view, b, res):
                    b += 1
                else:
                    break
            sentence_start = p == 0 or view.sent[p - 1] != view.sent[p] or view.norms[p - 1] == BARRIER
            if (
                words >= 2
                and rare == words
                and not view.text(p).isupper()
                and not (sentence_start and res.common_word(view.norms[p]))
                # "Thai-Cambodian": nationality adjectives, not a person's name
                and not any(res.gaz.country_of_demonym(view.norms[k]) for k in range(p, b))
            ):
                name = view.span_text(p, b)
                key = arts.ensure_new("PER", name, None, label_en=name)
                claim(Found(p, b, key, "name"))
            p = max(b, p + 1)

    # -- places the gazetteer lacks ------------------------------------------------------------------
    def _unknown_places(self, view, arts, claim, owner) -> None:
        """ "في ولاية ألاسكا", "the city of X", "met in Anchorage": places by their context."""
        res = self.res
        norms = view.norms
        p = 0
        while p < view.n:
            hit = res.place_descriptors.match(norms, p)
            if hit:
                q = p + hit[0]
                b = q
                if self.ar:
                    while b < view.n and b - q < 2 and owner[b] < 0 and self._place_token(view, b):
                        b += 1
                else:
                    while (
                        b < view.n and b - q < 3 and owner[b] < 0 and view.is_cap(b) and not view.is_punct(b)
                    ):
                        b += 1
                if b > q:
                    name = view.span_text(q, b)
                    key = arts.ensure_new("LOC", name, hit[1], label_en=None if self.ar else name)
                    claim(Found(q, b, key, "name"))
                    p = b
                    continue
            if (
                not self.ar
                and norms[p] in ("in", "at")
                and p + 1 < view.n
                and owner[p + 1] < 0
                and view.is_cap(p + 1)
                and self._sentence_has_trigger(view, p)
            ):
                q = p + 1
                b = q
                while (
                    b < view.n
                    and b - q < 3
                    and owner[b] < 0
                    and view.is_cap(b)
                    and view.text(b).isalpha()
                    and not res.common_word(norms[b])
                ):
                    b += 1
                after_ok = (
                    b >= view.n
                    or view.is_punct(b)
                    or norms[b]
                    in (
                        "on",
                        "next",
                        "this",
                        "last",
                        "for",
                        "to",
                        "and",
                        "with",
                        "from",
                        "after",
                        "before",
                        "earlier",
                        "later",
                        "today",
                        "tomorrow",
                        "yesterday",
                    )
                )
                if b > q and after_ok and not view.text(q).isupper():
                    name = view.span_text(q, b)
                    key = arts.ensure_new("LOC", name, "City", label_en=name)
                    claim(Found(q, b, key, "name"))
                    p = b
                    continue
            p += 1

    def _capital_references(self, view, arts, claim, owner) -> None:
        """ "في العاصمة المصرية" / "the Egyptian capital" without a name: that country's
        capital (a place the meeting can be in)."""
        norms = view.norms
        gaz = self.res.gaz
        capital_of = {country: city for city, country in gaz.capitals.items()}
        for p in range(view.n - 1):
            if self.ar:
                if norms[p] != "العاصمه" or owner[p] >= 0 or owner[p + 1] >= 0:
                    continue
                cid = self._nisba_country(view, p + 1)
                a, b = p, p + 2
            else:
                if norms[p + 1] != "capital" or owner[p] >= 0 or owner[p + 1] >= 0:
                    continue
                cid = self._nisba_country(view, p)
                a, b = p, p + 2
            if not cid or cid not in capital_of or capital_of[cid] not in gaz.records:
                continue
            if b < view.n and owner[b] >= 0:
                continue  # the name follows: العاصمة المصرية القاهرة
            key = arts.ensure_gaz(capital_of[cid])
            claim(Found(a, b, key, "reference"))

    def _place_token(self, view: DocView, p: int) -> bool:
        """Can entry ``p`` be part of an Arabic place name (the article is allowed)?"""
        norm = view.norms[p]
        if view.is_punct(p) or norm in self.res.stop or norm in PROCLITIC_NORMS:
            return False
        if not any("\u0600" <= c <= "\u06ff" for c in norm) or norm in self.lexicon_words:
            return False
        return self._nisba_country(view, p) is None

    def _sentence_has_trigger(self, view: DocView, p: int) -> bool:
        k = view.sent[p]
        first = self.res.triggers.first
        q = p
        while q >= 0 and view.sent[q] == k:
            if view.norms[q] in first:
                return True
            q -= 1
        q = p + 1
        while q < view.n and view.sent[q] == k:
            if view.norms[q] in first:
                return True
            q += 1
        return False

    # -- byline -----------------------------------------------------------------------------------
    def _dateline(self, view, arts, claim, owner) -> None:
        """ "SEREMBAN:" / "CAIRO, May 7" opening a paragraph: a place (never a venue)."""
        if view.field != "text":
            return
        for p in range(view.n):
            if p > 0 and view.norms[p - 1] != BARRIER:
                continue
            b = p
            while b < view.n and b - p < 3 and view.text(b).isalpha() and view.text(b).isupper():
                b += 1
            if b == p or b >= view.n or view.norms[b] not in (":", ","):
                continue
            if owner[p] >= 0 or len(view.text(p)) < 3:
                continue
            name = " ".join(view.text(k).capitalize() for k in range(p, b))
            key = arts.ensure_new("LOC", name, "City", label_en=name)
            claim(Found(p, b, key, "dateline"))

    def _byline(self, view, arts, claim, owner) -> None:
        """A first line holding only a short name (and a place in brackets) is the author."""
        if not self.ar:
            self._dateline(view, arts, claim, owner)
        if view.field != "text" or view.n < 3:
            return
        end = 0
        while end < view.n and view.norms[end] != BARRIER:
            end += 1
        if end >= view.n or end > 8:
            return
        a = 0
        if view.norms[0] == "by":
            a = 1
        b = a
        while b < end and not view.is_punct(b):
            b += 1
        if not 2 <= b - a <= 4 or any(owner[k] >= 0 for k in range(a, b)):
            return
        if self.ar and any(view.norms[k] in self.res.stop for k in range(a, b)):
            return
        if not self.ar and not all(view.is_cap(k) for k in range(a, b)):
            return
        name = view.span_text(a, b)
        key = arts.ensure_new("PER", name, None, label_en=None if self.ar else name)
        claim(Found(a, b, key, "name"))

    # -- 5. nationality adjectives ----------------------------------------------------------------
    def _nisba_country(self, view: DocView, p: int) -> str | None:
        norm = view.norms[p]
        gaz = self.res.gaz
        if self.ar:
            if len(norm) < 4 or norm in self.res.stop:
                return None
            return gaz.country_of_nisba(norm)
        if not view.is_cap(p):
            return None
        return gaz.country_of_demonym(norm)

    def _nisbas(self, view, arts, claim, owner) -> None:
        for p in range(view.n):
            if owner[p] >= 0:
                continue
            cid = self._nisba_country(view, p)
            if not cid:
                continue
            army = self._army(view, p, owner)
            if army is not None:
                # "the Lebanese army", "الجيش اللبناني": the state's armed forces as an ORG
                ckey = arts.ensure_gaz(cid)
                a, b = army
                name = view.span_text(a, b)
                key = arts.ensure_new("ORG", name, "Group", country=ckey, label_en=None if self.ar else name)
                claim(Found(a, b, key, "name"))
                continue
            gov = self._government(view, p, owner)
            if gov is not None:
                ckey = arts.ensure_gaz(cid)
                ent = arts.entities[ckey]
                en = ent.labels.get("en", [ckey])[0]
                a, b = gov
                key = arts.ensure_new(
                    "ORG", view.span_text(a, b), "Government", country=ckey, label_en=f"Government of {en}"
                )
                claim(Found(a, b, key, "name"))
                continue
            acting = self.acting_context(view, p)
            in_title = arts.in_title(view.field, p, view.n)
            key = arts.key_for_gaz(cid)
            if acting:
                arts.ensure_gaz(cid)
            else:
                if key not in arts.entities:
                    arts.ensure_gaz(cid)  # kept for the rules; pruned if never acting
            claim(Found(p, p + 1, key, "nisba", acting=acting, in_title=in_title))

    def _army(self, view: DocView, p: int, owner) -> tuple[int, int] | None:
        norms = view.norms
        if self.ar:
            if p > 0 and norms[p - 1] in ("الجيش", "جيش") and owner[p - 1] < 0:
                return p - 1, p + 1
            return None
        if p + 1 < view.n and norms[p + 1] in ("army", "military") and owner[p + 1] < 0:
            return p, p + 2
        if p + 2 < view.n and norms[p + 1] == "armed" and norms[p + 2] == "forces" and owner[p + 1] < 0:
            return p, p + 3
        return None

    def _government(self, view: DocView, p: int, owner) -> tuple[int, int] | None:
        """ "Yemeni government" / "الحكومة اليمنية": the state's government as an ORG."""
        norms = view.norms
        if self.ar:
            if p > 0 and norms[p - 1] in ("الحكومه", "حكومه") and owner[p - 1] < 0:
                return p - 1, p + 1
            return None
        if p + 1 < view.n and norms[p + 1] == "government" and owner[p + 1] < 0:
            return p, p + 2
        return None

    def acting_context(self, view: DocView, p: int) -> bool:
        """Does the nationality adjective at ``p`` modify a noun for an acting body?"""
        res = self.res
        norms = view.norms
        if self.ar:
            k = p - 1
            hops = 0
            while k >= 0 and hops < 4:
                norm = norms[k]
                if norm in ("-", "–", "/") and k > 0 and self._nisba_country(view, k - 1):
                    k -= 1  # اجتماع أمريكي–إيراني
                    continue
                if view.is_punct(k) or norm == BARRIER:
                    return False
                if res.acting.get1(norm) or res.acting.match(norms, k):
                    return True
                if norm == "و" or self._nisba_country(view, k):
                    k -= 1
                    continue
                # an idafa complement between head and adjective: رئيس الوزراء الأرميني
                if hops < 2 and norm.startswith("ال"):
                    hops += 1
                    k -= 1
                    continue
                return False
            return False
        k = p + 1
        hops = 0
        while k < view.n and hops < 3:
            norm = norms[k]
            if res.acting.match(norms, k):
                return True
            if norm in ("and", ",") or self._nisba_country(view, k):
                k += 1
                hops += 1
                continue
            return False
        return False


# ---------------------------------------------------------------------------------------
def resolve_aliases(arts: ArticleEntities, finder: EntityFinder) -> None:
    """Later short forms of people's names ("Araghchi", "فرحات") -> the same entity.

    The last word of every multi-word person name (with its particle: al-Rashidi), and in
    English the first word too, become aliases; bare occurrences not covered by another
    name are linked to the first person that has them.
    """
    aliases: dict[tuple[str, ...], str] = {}
    res = arts.res
    for fld in ("title", "text"):
        for f in arts.found.get(fld, []):
            info = arts.info.get(f.key)
            if info is None or info.type != "PER" or f.b - f.a < 2 or f.kind != "name":
                continue
            view = arts.views[fld]
            words = view.norms[f.a : f.b]
            last = (words[-1],)
            aliases.setdefault(last, f.key)
            if len(words) >= 3 and words[-2] in res.lower_in_names:
                aliases.setdefault(tuple(words[-2:]), f.key)
            if not finder.ar and not res.common_word(words[0]):
                aliases.setdefault((words[0],), f.key)
    _nameless_envoys(arts, res)
    _definite_orgs(arts, res)
    if not aliases:
        return
    for fld, founds in arts.found.items():
        view = arts.views[fld]
        covered = [False] * view.n
        for f in founds:
            for p in range(f.a, f.b):
                covered[p] = True
        new: list[Found] = []
        p = 0
        while p < view.n:
            if covered[p]:
                p += 1
                continue
            hit = None
            for length in (2, 1):
                key = tuple(view.norms[p : p + length])
                if (
                    len(key) == length
                    and key in aliases
                    and not any(covered[p : p + length])
                    and (finder.ar or view.is_cap(p) or (length == 2 and view.is_cap(p + 1)))
                ):
                    hit = (length, aliases[key])
                    break
            if hit:
                new.append(Found(p, p + hit[0], hit[1], "alias"))
                p += hit[0]
            else:
                p += 1
        if new:
            founds.extend(new)
            founds.sort(key=lambda f: f.a)


def _definite_orgs(arts: ArticleEntities, res: Resources) -> None:
    """ "الحركة" / "the group" after a named movement -> that organisation: the latest one
    named before whose name starts with the same head noun (حركة حماس), or, for English
    descriptions, the latest organisation of that kind (armed group, bloc)."""
    table = res.definite_orgs
    if not table.table:
        return
    heads: dict[str, set[str]] = {}

    def starts_with(key: str, head: str) -> bool:
        if key not in heads:
            ent = arts.entities.get(key)
            names = [x for v in (ent.labels.values() if ent else []) for x in v]
            info = arts.info.get(key)
            rec = res.gaz.records.get(info.gaz_id) if info is not None and info.gaz_id else None
            if rec is not None:
                names += list((attr(rec, "labels") or {}).values())
                names += [x for v in (attr(rec, "aliases") or {}).values() for x in v]
            heads[key] = {strip_article_key(norm_key(x).split(" ")[0]) for x in names if norm_key(x)}
        return head in heads[key]

    for fld in ("title", "text"):
        founds = arts.found.get(fld)
        view = arts.views.get(fld)
        if not founds or view is None:
            continue
        covered = [False] * view.n
        for f in founds:
            for p in range(f.a, f.b):
                covered[p] = True
        orgs = [
            f
            for f in founds
            if f.kind in ("name", "alias") and (i := arts.info.get(f.key)) and i.type == "ORG"
        ]
        new: list[Found] = []
        for p in range(view.n):
            if covered[p] or view.norms[p] not in table.first:
                continue
            hit = table.match(view.norms, p)
            if hit is None or any(covered[p : p + hit[0]]):
                continue
            spec = hit[1]
            key = None
            for f in reversed([f for f in orgs if f.b <= p]):
                info = arts.info[f.key]
                if spec.startswith("head:"):
                    if starts_with(f.key, norm_key(spec[5:])):
                        key = f.key
                        break
                elif info.subtype == spec:
                    key = f.key
                    break
            if key:
                new.append(Found(p, p + hit[0], key, "alias"))
        if new:
            founds.extend(new)
            founds.sort(key=lambda f: f.a)


def _nameless_envoys(arts: ArticleEntities, res: Resources) -> None:
    """ "the UN envoy" -> the one named envoy of the article with that affiliation."""
    if not arts.nameless_envoys:
        return
    envoys: dict[str | None, list[str]] = {}
    for founds in arts.found.values():
        for f in founds:
            if f.office in res.envoy_offices and f.kind == "name":
                for key in (f.affiliation, None):
                    lst = envoys.setdefault(key, [])
                    if f.key not in lst:
                        lst.append(f.key)
    for fld, a, b, affiliation in arts.nameless_envoys:
        cands = envoys.get(affiliation) or (envoys.get(None) if affiliation is None else None)
        if not cands or len(cands) != 1:
            continue
        founds = arts.found[fld]
        if any(f.a < b and a < f.b for f in founds):
            continue
        founds.append(Found(a, b, cands[0], "alias"))
        founds.sort(key=lambda f: f.a)


#: Lower-case words that end a personal name rather than continue it.
_NAME_BREAKERS = frozenset(("of", "the", "and", "for", "on", "in"))


def _name_particle(view: DocView, b: int, res) -> bool:
    """A lower-case particle inside a capitalised name (al, bin, de, van ...), followed by
    another capitalised word: "Samir bin Khalid", "Anna von der Berg"."""
    return (
        view.norms[b] in res.lower_in_names
        and b + 1 < view.n
        and view.is_cap(b + 1)
        and view.norms[b] not in _NAME_BREAKERS
    )
