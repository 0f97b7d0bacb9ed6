#!/usr/bin/env python3
"""Regenerate the derived gazetteer files: data/gazetteer/countries.jsonl and cities.jsonl.

Inputs
  * rigour      - the list of territories, their Wikidata QIDs and English names;
  * babel       - CLDR: Arabic country names, Arabic exemplar-city names;
  * countrynames - spelling variants of country names (filtered hard, see below);
  * data/gazetteer/curated/country_extras.tsv - hand-written labels, aliases, demonyms and
    Arabic nisba bases (no package has the Arabic nisbas);
  * data/gazetteer/curated/cities.tsv - hand-written list of capitals and diplomacy cities
    with the QIDs that were checked against public data files (see the README).

The three packages are build-time only; the generated JSONL is committed.  Output is
deterministic: records are sorted and every list is de-duplicated in a fixed order.

    python scripts/build_gazetteer.py            # write the files
    python scripts/build_gazetteer.py --check    # exit 1 if the files are out of date
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from kg.nlp.normalize import norm_key  # noqa: E402

GAZ = REPO / "data" / "gazetteer"
CURATED = GAZ / "curated"

#: Countries whose rigour QID is not the item most linked data uses: rigour picks the
#: "Kingdom of Denmark" (Q756617) and "Kingdom of the Netherlands" (Q29999) items and the
#: Sahrawi Republic (Q40362) for Western Sahara; Wikidata's country items (and most graphs
#: that join on them) are Denmark Q35, the Netherlands Q55 and the territory Q6250.
#: Verified in public Wikidata-derived files (see data/gazetteer/README.md).
QID_OVERRIDES = {"dk": "Q35", "nl": "Q55", "eh": "Q6250"}

#: ISO 3166 alpha-2 codes of the 193 UN member states.
UN_MEMBERS = frozenset(
    [
        "ad",
        "ae",
        "af",
        "ag",
        "al",
        "am",
        "ao",
        "ar",
        "at",
        "au",
        "az",
        "ba",
        "bb",
        "bd",
        "be",
        "bf",
        "bg",
        "bh",
        "bi",
        "bj",
        "bn",
        "bo",
        "br",
        "bs",
        "bt",
        "bw",
        "by",
        "bz",
        "ca",
        "cd",
        "cf",
        "cg",
        "ch",
        "ci",
        "cl",
        "cm",
        "cn",
        "co",
        "cr",
        "cu",
        "cv",
        "cy",
        "cz",
        "de",
        "dj",
        "dk",
        "dm",
        "do",
        "dz",
        "ec",
        "ee",
        "eg",
        "er",
        "es",
        "et",
        "fi",
        "fj",
        "fm",
        "fr",
        "ga",
        "gb",
        "gd",
        "ge",
        "gh",
        "gm",
        "gn",
        "gq",
        "gr",
        "gt",
        "gw",
        "gy",
        "hn",
        "hr",
        "ht",
        "hu",
        "id",
        "ie",
        "il",
        "in",
        "iq",
        "ir",
        "is",
        "it",
        "jm",
        "jo",
        "jp",
        "ke",
        "kg",
        "kh",
        "ki",
        "km",
        "kn",
        "kp",
        "kr",
        "kw",
        "kz",
        "la",
        "lb",
        "lc",
        "li",
        "lk",
        "lr",
        "ls",
        "lt",
        "lu",
        "lv",
        "ly",
        "ma",
        "mc",
        "md",
        "me",
        "mg",
        "mh",
        "mk",
        "ml",
        "mm",
        "mn",
        "mr",
        "mt",
        "mu",
        "mv",
        "mw",
        "mx",
        "my",
        "mz",
        "na",
        "ne",
        "ng",
        "ni",
        "nl",
        "no",
        "np",
        "nr",
        "nz",
        "om",
        "pa",
        "pe",
        "pg",
        "ph",
        "pk",
        "pl",
        "pt",
        "pw",
        "py",
        "qa",
        "ro",
        "rs",
        "ru",
        "rw",
        "sa",
        "sb",
        "sc",
        "sd",
        "se",
        "sg",
        "si",
        "sk",
        "sl",
        "sm",
        "sn",
        "so",
        "sr",
        "ss",
        "st",
        "sv",
        "sy",
        "sz",
        "td",
        "tg",
        "th",
        "tj",
        "tl",
        "tm",
        "tn",
        "to",
        "tr",
        "tt",
        "tv",
        "tz",
        "ua",
        "ug",
        "us",
        "uy",
        "uz",
        "vc",
        "ve",
        "vn",
        "vu",
        "ws",
        "ye",
        "za",
        "zm",
        "zw",
    ]
)
#: Observer states and widely covered partially recognised states added on top.
EXTRA_STATES = ("ps", "xk", "tw", "eh", "va")

#: Words allowed in a countrynames English variant besides the country's own name words.
EN_FORM_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "republic",
        "kingdom",
        "state",
        "states",
        "democratic",
        "people's",
        "peoples",
        "federal",
        "islamic",
        "arab",
        "united",
        "socialist",
        "federation",
        "commonwealth",
        "principality",
        "sultanate",
        "emirate",
        "grand",
        "duchy",
        "plurinational",
        "bolivarian",
        "oriental",
        "hashemite",
    ]
)
#: Same idea for Arabic variants (compared after norm_key and without the article).
AR_FORM_WORDS = frozenset(
    norm_key(w)
    for w in [
        "جمهورية",
        "مملكة",
        "دولة",
        "اتحادية",
        "ديمقراطية",
        "شعبية",
        "عربية",
        "إسلامية",
        "متحدة",
        "سلطنة",
        "إمارة",
        "اتحاد",
        "فيدرالية",
    ]
)
_AR_LETTERS = re.compile(r"^[\u0621-\u064a\u064b-\u0652\u0670 ]+$")
_EN_FORM = re.compile(r"^[A-Za-z][A-Za-z .'\-]*$")

COUNTRY_POPULARITY = 0.9
CAPITAL_POPULARITY = 0.7
CITY_POPULARITY = 0.5


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")


def split_list(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(";") if x.strip()]


def read_tsv(path: Path, ncols: int) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        cells += [""] * (ncols - len(cells))
        rows.append([c.strip() for c in cells[:ncols]])
    return rows


def clean_name(name: str) -> str:
    """Drop a parenthesised part and CLDR's ' - ' separator: 'Myanmar (Burma)' -> 'Myanmar'."""
    name = re.sub(r"\s*\([^)]*\)", "", name)
    return re.sub(r"\s+-\s+", " ", name).strip()


def uniq(items, exclude=()) -> list[str]:
    """Keep the first spelling of each norm key, in order, minus the excluded keys."""
    seen = {norm_key(x) for x in exclude}
    out = []
    for item in items:
        item = item.strip()
        key = norm_key(item)
        if not item or not key or key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def strip_article(token: str) -> str:
    return token[2:] if token.startswith("ال") and len(token) > 3 else token


def countrynames_variants(code: str, data: dict, en_words: set[str], ar_words: set[str], skip: set[str]):
    """English and Arabic variants of one country, kept only when built from known words.

    countrynames mixes dozens of languages, city names and demonyms; a variant passes only
    if every word is one of the country's own name words or a generic form word, which
    keeps "Islamic Republic of Iran" and drops "Iranian", "Teheran" or "Iran nutome".
    """
    en, ar = [], []
    for raw in data.get(code.upper(), []) or []:
        if not isinstance(raw, str):
            continue
        text = re.sub(r"\s+", " ", raw).strip()
        if _EN_FORM.match(text) and 1 <= len(text.split()) <= 6 and len(text) > 3:
            toks = [t.strip(".").casefold() for t in re.split(r"[\s\-]+", text) if t.strip(".")]
            known = bool(toks) and all(t in en_words or t in EN_FORM_WORDS for t in toks)
            if known and not text.isupper() and toks[0] != "the" and norm_key(text) not in skip:
                en.append(text)
        elif _AR_LETTERS.match(text) and 1 <= len(text.split()) <= 6:
            toks = [strip_article(t) for t in norm_key(text).split()]
            known = bool(toks) and all(t in ar_words or t in AR_FORM_WORDS for t in toks)
            if known and norm_key(text) not in skip:
                ar.append(text)
    return en, ar


def load_countrynames() -> dict:
    import countrynames
    import yaml

    path = Path(countrynames.__file__).parent / "data.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def build_cities(country_ids: dict[str, str]):
    from babel import Locale

    ar_tz = Locale("ar").time_zones
    en_tz = Locale("en").time_zones
    exemplar: dict[str, str] = {}
    for tz in sorted(ar_tz):
        ar_city = ar_tz[tz].get("city")
        if not ar_city:
            continue
        en_city = (en_tz.get(tz) or {}).get("city") or tz.split("/")[-1].replace("_", " ")
        exemplar.setdefault(norm_key(en_city), ar_city)

    records, capitals, seen = [], {}, set()
    for slug, iso, en, ar, qid, en_al, ar_al, is_cap in read_tsv(CURATED / "cities.tsv", 8):
        qid = None if qid in ("", "-") else qid
        cid = qid or f"x:{slug}"
        if cid in seen:
            raise SystemExit(f"duplicate city id {cid}")
        seen.add(cid)
        en_aliases = uniq(split_list(en_al), exclude=[en])
        ar_extra = split_list(ar_al)
        for name in [en, *en_aliases]:
            cldr = exemplar.get(norm_key(name))
            if cldr:
                ar_extra.append(cldr)
        rec = {
            "id": cid,
            "qid": qid,
            "type": "LOC",
            "subtype": "City",
            "labels": {"en": en, "ar": ar},
            "aliases": {"en": en_aliases, "ar": uniq(ar_extra, exclude=[ar])},
            "country": country_ids[iso],
            "popularity": CAPITAL_POPULARITY if is_cap == "1" else CITY_POPULARITY,
            "source": "curated+babel",
        }
        records.append(rec)
        if is_cap == "1":
            capitals[iso] = cid
    return records, capitals


def build_countries(city_keys: set[str]):
    from babel import Locale
    from rigour.territories import get_territories

    ar_names = Locale("ar").territories
    en_names = Locale("en").territories
    extras = {row[0]: row for row in read_tsv(CURATED / "country_extras.tsv", 7)}
    cn_data = load_countrynames()

    wanted = UN_MEMBERS | set(EXTRA_STATES)
    territories = {t.code: t for t in get_territories() if t.code in wanted}
    missing = wanted - set(territories)
    if missing:
        raise SystemExit(f"rigour lacks territories: {sorted(missing)}")

    records = []
    for code in sorted(wanted):
        t = territories[code]
        if t.is_historical or not t.qid:
            raise SystemExit(f"unexpected territory state for {code}")
        row = extras.get(code, [code, "", "", "", "", "", ""])
        _, en_over, ar_over, en_al, ar_al, dem_en, dem_ar = row
        label_en = en_over or t.name
        label_ar = ar_over or clean_name(ar_names.get(code.upper(), ""))
        if not label_ar:
            raise SystemExit(f"no Arabic name for {code}")
        demonyms_en = split_list(dem_en)
        demonyms_ar = split_list(dem_ar)

        en_candidates = [*split_list(en_al), t.name, clean_name(t.full_name or "")]
        en_candidates.append(clean_name(en_names.get(code.upper(), "")))
        ar_candidates = [*split_list(ar_al), clean_name(ar_names.get(code.upper(), ""))]

        en_words = {
            w.strip(".").casefold()
            for name in [label_en, *en_candidates]
            for w in re.split(r"[\s\-]+", name)
            if w
        }
        ar_words = {strip_article(w) for name in [label_ar, *ar_candidates] for w in norm_key(name).split()}
        cn_en, cn_ar = countrynames_variants(code, cn_data, en_words, ar_words, city_keys)
        not_alias = [label_en, *demonyms_en]
        qid = QID_OVERRIDES.get(code, t.qid)
        rec = {
            "id": qid,
            "qid": qid,
            "type": "LOC",
            "subtype": "Country",
            "labels": {"en": label_en, "ar": label_ar},
            "aliases": {
                "en": uniq(en_candidates + cn_en, exclude=not_alias),
                "ar": uniq(ar_candidates + cn_ar, exclude=[label_ar, *demonyms_ar]),
            },
            "demonyms": {"en": demonyms_en, "ar": demonyms_ar},
            "iso": code,
            "popularity": COUNTRY_POPULARITY,
            "source": "rigour+babel+countrynames+curated",
        }
        records.append(rec)
    return records


def dumps(records) -> str:
    return "".join(
        json.dumps(r, ensure_ascii=False, sort_keys=False, separators=(", ", ": ")) + "\n" for r in records
    )


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="only compare with the files on disk")
    args = ap.parse_args(argv)

    city_rows = read_tsv(CURATED / "cities.tsv", 8)
    city_keys = {norm_key(n) for row in city_rows for n in [row[2], row[3], *split_list(row[5])]}
    countries = build_countries(city_keys)
    iso_to_id = {r["iso"]: r["id"] for r in countries}
    cities, capitals = build_cities(iso_to_id)
    for rec in countries:
        cap = capitals.get(rec["iso"])
        if cap:
            rec["capital"] = cap
    countries.sort(key=lambda r: r["labels"]["en"])
    cities.sort(key=lambda r: (r["country"], r["labels"]["en"], r["id"]))

    outputs = {GAZ / "countries.jsonl": dumps(countries), GAZ / "cities.jsonl": dumps(cities)}
    stale = []
    for path, text in outputs.items():
        old = path.read_text(encoding="utf-8") if path.exists() else None
        if old != text:
            stale.append(path)
            if not args.check:
                path.write_text(text, encoding="utf-8")
    if args.check:
        for path in stale:
            print(f"out of date: {path.relative_to(REPO)}", file=sys.stderr)
        return 1 if stale else 0
    print(f"countries: {len(countries)}  cities: {len(cities)}  rewritten: {len(stale)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
