"""Ingestion throughput and peak memory of the built-in pipeline, end to end into the store.

Generates synthetic diplomacy articles (~500 words, Arabic and English, from sentence
templates we wrote, filled with gazetteer names), writes them as JSONL, then runs
``kg.pipeline.ingest`` into an on-disk Oxigraph store in a child process pinned to one core
(``taskset -c 0`` when available). Runs with a small and a large article count show
whether peak memory grows with the number of articles (it should not: ingest streams).

    python benchmarks/ingest_throughput.py [--articles 200 2000] [--out benchmarks/results/ingest.md]

Target (issue 3): >= 100 articles/s of ~500 words on one core; flat peak memory.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

AR_TEMPLATES = [
    "أعلنت وزارة الخارجية في {city} أن جولة جديدة من المحادثات بين {c1} و{c2} ستعقد الأسبوع المقبل بوساطة {c3}.",
    "وقال مسؤول مطلع إن الوفدين سيلتقيان في العاصمة {city} لبحث سبل التهدئة ووقف التصعيد في المنطقة.",
    "وأكد وزير الخارجية أن بلاده تدعم كل الجهود الرامية إلى التوصل لاتفاق شامل ينهي الأزمة.",
    "وتلعب {c3} دور الوسيط بين الطرفين منذ أشهر، وقد استضافت عدة جولات سابقة من المفاوضات غير المباشرة.",
    "ومن المنتظر أن يصل المبعوث الخاص إلى {city} يوم الأحد لعقد اجتماعات مع كبار المسؤولين.",
    "وذكرت وسائل إعلام محلية أن اللقاء تناول ملفات الأسرى والمساعدات الإنسانية وإعادة الإعمار.",
    "في المقابل، شدد المتحدث باسم الحكومة على أن أي اتفاق يجب أن يضمن الأمن والاستقرار للجميع.",
    "وأشارت مصادر دبلوماسية إلى أن الاتصالات مستمرة على أكثر من مستوى لتقريب وجهات النظر.",
]
EN_TEMPLATES = [
    "Officials in {city} said a new round of talks between {c1} and {c2} would open next week, mediated by {c3}.",
    "The two delegations are expected to meet in {city} to discuss a ceasefire and the exchange of prisoners.",
    "The foreign minister said his government supported every effort to reach a comprehensive agreement.",
    "{c3} has acted as a mediator between the two sides for months and hosted several earlier rounds.",
    "The special envoy will arrive in {city} on Sunday for meetings with senior officials, a spokesperson said.",
    "Local media reported that the meeting covered humanitarian aid, reconstruction and the release of detainees.",
    "A government spokesperson insisted that any deal must guarantee security and stability for all parties.",
    "Diplomatic sources said contacts were continuing at several levels to bring the positions closer together.",
]


def _names() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    from kg.link.gazetteer import Gazetteer

    gaz = Gazetteer.load()
    countries, cities = [], []
    for e in gaz:
        ar, en = e.labels.get("ar"), e.labels.get("en")
        if not (ar and en):
            continue
        if e.subtype == "Country":
            countries.append((ar, en))
        elif e.subtype == "City":
            cities.append((ar, en))
    return countries, cities


def make_articles(n: int, words: int = 500, seed: int = 7) -> list[dict]:
    """``n`` synthetic articles of about ``words`` words, alternating Arabic and English."""
    rng = random.Random(seed)
    countries, cities = _names()
    out = []
    for i in range(n):
        lang = "ar" if i % 2 == 0 else "en"
        templates = AR_TEMPLATES if lang == "ar" else EN_TEMPLATES
        pick = 0 if lang == "ar" else 1
        sentences, count = [], 0
        # A news article keeps returning to the same few actors: pick its cast once.
        cast = rng.sample(countries, 4)
        places = rng.sample(cities, 2)
        while count < words:
            c1, c2, c3 = rng.sample(cast, 3)
            city = rng.choice(places)
            s = rng.choice(templates).format(c1=c1[pick], c2=c2[pick], c3=c3[pick], city=city[pick])
            sentences.append(s)
            count += len(s.split())
        paragraphs = [" ".join(sentences[j:j + 3]) for j in range(0, len(sentences), 3)]
        out.append({"id": f"bench-{i}", "lang": lang, "date": "2026-01-15", "text": "\n\n".join(paragraphs)})
    return out


_CHILD = """
import json, resource, sys, time
sys.path.insert(0, {repo!r})
from kg.pipeline import ingest, default_extractor
from kg.rdf.store import KGStore
from kg.model import Article
extractor = default_extractor()
for lang, text in (("ar", "التقى الوزير نظيره في الدوحة."), ("en", "The minister met his counterpart in Doha.")):
    extractor.extract(Article(id="warm-" + lang, text=text, lang=lang))  # build pipelines before timing
t0 = time.perf_counter()
with KGStore({store!r}) as store:
    report = ingest([{data!r}], store, extractor=extractor, batch_size=64)
elapsed = time.perf_counter() - t0
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({{"articles": report.articles, "words": report.words, "quads": report.quads,
                  "seconds": elapsed, "peak_mb": peak_kb / 1024, "skipped": len(report.skipped)}}))
"""


def run_once(n: int, workdir: Path) -> dict:
    data = workdir / f"articles-{n}.jsonl"
    with data.open("w", encoding="utf-8") as fh:
        for art in make_articles(n):
            fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    store = workdir / f"store-{n}"
    shutil.rmtree(store, ignore_errors=True)
    cmd = [sys.executable, "-c", _CHILD.format(repo=str(REPO), store=str(store), data=str(data))]
    if shutil.which("taskset"):
        cmd = ["taskset", "-c", "0", *cmd]
    out = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONHASHSEED": "0"})
    if out.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["articles_per_s"] = result["articles"] / result["seconds"]
    result["words_per_s"] = result["words"] / result["seconds"]
    result["words_per_article"] = result["words"] / max(result["articles"], 1)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--articles", type=int, nargs="+", default=[200, 2000])
    ap.add_argument("--out", type=Path, default=REPO / "benchmarks" / "results" / "ingest.md")
    args = ap.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in args.articles:
            r = run_once(n, Path(tmp))
            rows.append(r)
            print(f"{n:6d} articles: {r['articles_per_s']:.1f} articles/s, {r['words_per_s']:.0f} words/s, "
                  f"{r['words_per_article']:.0f} words/article, peak {r['peak_mb']:.0f} MB, "
                  f"{r['quads']} quads", flush=True)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Ingestion throughput (built-in pipeline, one core, end to end into an on-disk store)",
        "",
        f"Measured {time.strftime('%Y-%m-%d')} by `python benchmarks/ingest_throughput.py` "
        f"(taskset -c 0: {'yes' if shutil.which('taskset') else 'no'}).",
        "",
        "| articles | words/article | articles/s | words/s | peak RSS (MB) | quads |",
        "| ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for r in rows:
        lines.append(f"| {r['articles']} | {r['words_per_article']:.0f} | {r['articles_per_s']:.1f} | "
                     f"{r['words_per_s']:.0f} | {r['peak_mb']:.0f} | {r['quads']} |")
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
