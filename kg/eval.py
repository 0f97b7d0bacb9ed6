"""Scoring extraction output against hand-made gold annotations.

The gold format (one JSON file per article, documented in ``docs/evaluation.md``) lists the
entities an article mentions, the roles they play and the relations between them. Scoring
reads the *graph* (not Python objects), so it measures exactly what users query: an
article's named graph in a store.

Matching rule: an output entity is the gold entity with the same Wikidata QID; failing that,
the one whose name, English name or an alias has the same normalised form as one of the
output entity's labels. Counts are summed over articles (micro-average).
"""

from __future__ import annotations

import functools
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.nlp.normalize import normalize_arabic
from kg.rdf.namespace import DIP_NS, WD_NS
from kg.rdf.store import KGStore

ROLES = ("Mediator", "Envoy", "Venue")
_TYPE_OF_CLASS = {DIP_NS + "Person": "PER", DIP_NS + "Organization": "ORG", DIP_NS + "Location": "LOC"}
_LEADING_ARTICLE = re.compile(r"^(the\s+|al\s+|ال)")


def label_key(text: str) -> str:
    """Normalised form used to compare labels: case, Arabic variants, punctuation, article."""
    t = normalize_arabic(unicodedata.normalize("NFKC", text).casefold())
    t = re.sub(r"[^\w\s]", " ", t)
    t = _LEADING_ARTICLE.sub("", " ".join(t.split()))
    return " ".join(t.split())


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: set, predicted: set) -> tuple[set, set]:
        self.tp += len(gold & predicted)
        self.fp += len(predicted - gold)
        self.fn += len(gold - predicted)
        return gold - predicted, predicted - gold

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict:
        return {"p": round(self.precision, 3), "r": round(self.recall, 3), "f1": round(self.f1, 3),
                "tp": self.tp, "fp": self.fp, "fn": self.fn}


@dataclass
class EvalResult:
    metrics: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    linking_hits: int = 0
    linking_total: int = 0
    linking_wrong: int = 0
    output_qids: int = 0
    missing_articles: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)  # human-readable lines for --verbose

    @property
    def linking_accuracy(self) -> float:
        return self.linking_hits / self.linking_total if self.linking_total else 0.0

    def as_dict(self) -> dict:
        out = {name: t.as_dict() for name, t in self.metrics.items()}
        out["linking"] = {"accuracy": round(self.linking_accuracy, 3), "hit": self.linking_hits,
                          "of": self.linking_total, "wrong": self.linking_wrong, "output_qids": self.output_qids}
        out["articles_missing"] = self.missing_articles
        return out

    def report(self) -> str:
        lines = []
        for name in ("entities", "entities-untyped", *ROLES, "relations"):
            t = self.metrics[name]
            lines.append(f"{name:17s} P {t.precision:.3f}  R {t.recall:.3f}  F1 {t.f1:.3f}  "
                         f"(tp {t.tp} fp {t.fp} fn {t.fn})")
        lines.append(f"{'linking':17s} accuracy {self.linking_accuracy:.3f}  ({self.linking_hits}/"
                     f"{self.linking_total} gold QIDs; {self.linking_wrong} wrong QIDs among "
                     f"{self.output_qids} output)")
        if self.missing_articles:
            lines.append("articles not found: " + ", ".join(self.missing_articles))
        return "\n".join(lines)


class _ArticleGraph:
    """What one article graph says, read with SPARQL."""

    def __init__(self, store: KGStore, graph: str):
        self.types: dict[str, set[str]] = defaultdict(set)
        self.labels: dict[str, set[str]] = defaultdict(set)
        self.qids: dict[str, str] = {}
        self.roles: dict[str, set[str]] = defaultdict(set)
        self.relations: set[tuple[str, str, str]] = set()
        q = f"""SELECT ?e ?c ?l ?w WHERE {{ GRAPH <{graph}> {{ ?e a ?c .
            VALUES ?c {{ <{DIP_NS}Person> <{DIP_NS}Organization> <{DIP_NS}Location> }}
            OPTIONAL {{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l }}
            OPTIONAL {{ ?e <http://www.w3.org/2002/07/owl#sameAs> ?w }} }} }}"""
        for row in store.query(q):
            e = row["e"].value
            self.types[e].add(_TYPE_OF_CLASS[row["c"].value])
            if row["l"] is not None:
                self.labels[e].add(label_key(row["l"].value))
            if row["w"] is not None and row["w"].value.startswith(WD_NS):
                self.qids[e] = row["w"].value[len(WD_NS):]
        q = f"""SELECT ?e ?r WHERE {{ GRAPH <{graph}> {{ ?e a ?r .
            VALUES ?r {{ {' '.join(f'<{DIP_NS}{r}>' for r in ROLES)} }} }} }}"""
        for row in store.query(q):
            self.roles[row["r"].value[len(DIP_NS):]].add(row["e"].value)
        q = f"""SELECT ?k ?s ?o WHERE {{ GRAPH <{graph}> {{
            {{ ?s <{DIP_NS}envoyOf> ?o BIND("envoyOf" AS ?k) }}
            UNION {{ ?m a <{DIP_NS}Mediation> ; <{DIP_NS}mediator> ?s ; <{DIP_NS}party> ?o BIND("mediates" AS ?k) }}
            UNION {{ ?m <{DIP_NS}venue> ?s ; <{DIP_NS}participant> ?o BIND("meetingVenue" AS ?k) }} }} }}"""
        for row in store.query(q):
            self.relations.add((row["k"].value, row["s"].value, row["o"].value))


class _Gold:
    def __init__(self, doc: dict):
        self.doc = doc
        self.entities = {e["key"]: e for e in doc.get("entities", [])}
        self.by_qid = {e["wikidata"]: k for k, e in self.entities.items() if e.get("wikidata")}
        self.forms: dict[str, set[str]] = {}
        for key, e in self.entities.items():
            names = [e.get("name"), e.get("name_en"), *e.get("aliases", [])]
            self.forms[key] = {label_key(n) for n in names if n}

    def key_of(self, graph: _ArticleGraph, node: str) -> str | None:
        qid = graph.qids.get(node)
        if qid and qid in self.by_qid:
            return self.by_qid[qid]
        labels = graph.labels.get(node, set())
        for key, forms in self.forms.items():
            if labels & forms:
                return key
        return None


def load_gold(gold_dir: str | Path) -> list[dict]:
    """Every ``*.json`` gold file in ``gold_dir`` (sorted), checked for the fields scoring needs."""
    files = sorted(Path(gold_dir).glob("*.json"))
    if not files:
        raise InputError(f"no gold files (*.json) in {gold_dir}")
    docs = []
    for f in files:
        try:
            doc = json.loads(f.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise InputError(f"{f}: invalid JSON ({exc.msg} at line {exc.lineno})") from None
        if "id" not in doc or "entities" not in doc:
            raise InputError(f"{f}: a gold file needs 'id' and 'entities' (see docs/evaluation.md)")
        docs.append(doc)
    return docs


def score_store(store: KGStore, gold_docs: Iterable[dict]) -> EvalResult:
    """Compare the article graphs in ``store`` with the gold annotations."""
    result = EvalResult()
    graphs = {}
    for row in store.query(f"""SELECT ?g ?id WHERE {{ GRAPH ?g {{ ?g a <{DIP_NS}Article> ;
            <http://purl.org/dc/terms/identifier> ?id }} }}"""):
        graphs[row["id"].value] = row["g"].value
    for doc in gold_docs:
        gold = _Gold(doc)
        art_id = doc["id"]
        if art_id not in graphs:
            result.missing_articles.append(art_id)
            graph = None
        else:
            graph = _ArticleGraph(store, graphs[art_id])
        keyed: dict[str, object] = {}
        if graph:
            for node in set(graph.types) | set(graph.labels):
                keyed[node] = gold.key_of(graph, node) or ("?", node)

        key = functools.partial(_key_of, keyed)
        gold_typed = {(k, e["type"]) for k, e in gold.entities.items()}
        pred_typed = {(key(n), t) for n, ts in (graph.types.items() if graph else []) for t in ts}
        _note(result, art_id, "entity", *result.metrics["entities"].add(gold_typed, pred_typed))
        result.metrics["entities-untyped"].add({k for k, _ in gold_typed}, {k for k, _ in pred_typed})

        for k, e in gold.entities.items():
            if not e.get("wikidata"):
                continue
            result.linking_total += 1
            nodes = [n for n, kk in keyed.items() if kk == k]
            out = {graph.qids[n] for n in nodes if n in graph.qids} if graph else set()
            if e["wikidata"] in out:
                result.linking_hits += 1
            wrong = out - {e["wikidata"]}
            result.linking_wrong += len(wrong)
            if wrong:
                result.misses.append(f"{art_id}\twrong QID\t{k} output as {sorted(wrong)}")
        result.output_qids += len(set(graph.qids.values())) if graph else 0

        for role in ROLES:
            g = set(doc.get("roles", {}).get(role, []))
            p = {key(n) for n in (graph.roles.get(role, ()) if graph else ())}
            _note(result, art_id, role, *result.metrics[role].add(g, p))
        g = {(r["type"], r["subject"], r["object"]) for r in doc.get("relations", [])}
        p = {(kind, key(s), key(o)) for kind, s, o in (graph.relations if graph else ())}
        _note(result, art_id, "relation", *result.metrics["relations"].add(g, p))
    return result


def _key_of(keyed: dict, node: str):
    """The gold key a node matched, or a key of its own so it counts as spurious."""
    return keyed.get(node, ("?", node))


def _note(result: EvalResult, art_id: str, what: str, missed: set, spurious: set) -> None:
    for x in sorted(map(str, missed)):
        result.misses.append(f"{art_id}\tmissed {what}\t{x}")
    for x in sorted(map(str, spurious)):
        result.misses.append(f"{art_id}\tspurious {what}\t{x}")


def evaluate(gold_dir: str | Path, inputs: Iterable[str | Path], *, extractor=None) -> EvalResult:
    """Extract ``inputs`` into a temporary in-memory store and score it against ``gold_dir``."""
    from kg.pipeline import ingest

    docs = load_gold(gold_dir)
    with KGStore(None) as store:
        ingest(inputs, store, extractor=extractor)
        return score_store(store, docs)
