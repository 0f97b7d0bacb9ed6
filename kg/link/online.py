"""Online linking through Wikidata's public API, with an on-disk cache (opt-in).

The bundled gazetteer cannot know every minister and militia.  With ``online`` on
(``kg ingest --online`` or ``online = true`` in kg.toml), names the local base cannot resolve
are searched with ``wbsearchentities`` and the hits are checked with ``wbgetentities``
(type from P31, exact label/alias match in the article's language).  Everything fetched is
written to a cache directory, so

* a second run asks Wikidata nothing it asked before,
* ``cache_only=True`` (``--online-cache-only``) reproduces an online run with no network,
  for CI and for users who must show how a graph was made.

Being a polite client is part of the job: a User-Agent naming the tool, a minimum interval
between requests (Wikidata's API etiquette), a timeout per request, and a circuit breaker
that stops asking after a few consecutive failures instead of slowing every article.
Failures never raise: the name stays NIL and a warning is logged.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from kg import __version__
from kg.link.importer import claim_ids
from kg.link.variants import variant_key
from kg.nlp.normalize import norm_key

log = logging.getLogger(__name__)

DEFAULT_API = "https://www.wikidata.org/w/api.php"
USER_AGENT = f"diplomacy-kg/{__version__} (https://w3id.org/diplomacy-kg/; entity linking)"
ENV_CACHE = "KG_LINK_CACHE"
ENV_API = "KG_WIKIDATA_API"
#: Set to 1 to answer only from the cache (reproduce an online run without network).
ENV_CACHE_ONLY = "KG_LINK_CACHE_ONLY"
#: Names shorter than this (normalised) are never searched: too many items match "UN" or "X".
MIN_QUERY_CHARS = 3
_LANGS = ("en", "ar")
HUMAN = "Q5"
#: Wikimedia pages that are not entities: disambiguation page, category, list article, template.
NOT_ENTITIES = frozenset({"Q4167410", "Q4167836", "Q13406463", "Q11266439"})


def default_cache_dir() -> Path:
    """``$KG_LINK_CACHE``, else ``$XDG_CACHE_HOME/diplomacy-kg/wikidata`` (``~/.cache/...``)."""
    env = os.environ.get(ENV_CACHE)
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "diplomacy-kg" / "wikidata"


@dataclass
class OnlineMatch:
    """A Wikidata item accepted for a name."""

    qid: str
    labels: dict[str, str] = field(default_factory=dict)
    confidence: float = 0.0
    from_cache: bool = False
    types: list[str] = field(default_factory=list)
    country: str | None = None


class OnlineLookup:
    """Search Wikidata for a name, through a JSON-file cache.

    ``endpoint`` is the ``api.php`` URL (tests point it at a loopback server);
    ``min_interval`` is the least time between two HTTP requests in seconds;
    ``max_failures`` consecutive failures switch HTTP off for the rest of the run;
    ``cache_only`` (default: ``$KG_LINK_CACHE_ONLY``) never touches the network.
    """

    def __init__(
        self,
        *,
        endpoint: str | None = None,
        cache_dir: str | Path | None = None,
        cache_only: bool | None = None,
        timeout: float = 5.0,
        min_interval: float = 1.0,
        user_agent: str = USER_AGENT,
        max_failures: int = 3,
        limit: int = 5,
        min_confidence: float = 0.6,
    ):
        self.endpoint = endpoint or os.environ.get(ENV_API) or DEFAULT_API
        self.cache_dir = Path(cache_dir) if cache_dir else default_cache_dir()
        if cache_only is None:
            cache_only = os.environ.get(ENV_CACHE_ONLY, "").lower() in {"1", "true", "yes", "on"}
        self.cache_only = cache_only
        self.timeout = timeout
        self.min_interval = min_interval
        self.user_agent = user_agent
        self.max_failures = max_failures
        self.limit = limit
        self.min_confidence = min_confidence
        self.requests_made = 0
        self.failures: list[str] = []
        self._consecutive_failures = 0
        self._disabled = False
        self._last_request = 0.0
        self._lock = threading.Lock()

    # -- public -----------------------------------------------------------------------

    def lookup(self, name: str, *, lang: str = "en", entity_type: str | None = None) -> OnlineMatch | None:
        """The item ``name`` most likely denotes, or ``None`` (nothing, ambiguous, or offline)."""
        key = norm_key(name)
        if len(key) < MIN_QUERY_CHARS:
            return None
        lang = lang if lang in _LANGS else "en"
        fetched = False
        hits = self._cached_json("search", f"{lang}\n{key}")
        if hits is None:
            if not self._can_fetch():
                return None
            data = self._get({
                "action": "wbsearchentities", "search": name, "language": lang, "uselang": lang,
                "type": "item", "limit": str(self.limit), "format": "json",
            })
            if data is None:
                return None
            fetched = True
            hits = [h.get("id") for h in data.get("search", []) if isinstance(h, dict) and h.get("id")]
            self._store_json("search", f"{lang}\n{key}", hits)
        if not hits:
            return None
        items, from_http = self._entities(hits[: self.limit])
        fetched = fetched or from_http
        match = self._choose(name, lang, entity_type, [items[q] for q in hits if q in items])
        if match is not None:
            match.from_cache = not fetched
        return match

    # -- choosing -----------------------------------------------------------------------

    def _choose(self, name: str, lang: str, entity_type: str | None, items: list[dict]) -> OnlineMatch | None:
        """First compatible item whose label or alias equals the name; NIL when two tie."""
        key, vkey = norm_key(name), variant_key(name)
        accepted: list[OnlineMatch] = []
        for item in items:
            types = item.get("types", [])
            if NOT_ENTITIES & set(types):
                continue
            is_human = HUMAN in types
            if entity_type == "PER" and not is_human:
                continue
            if entity_type in ("ORG", "LOC") and is_human:
                continue
            labels = item.get("labels", {})
            aliases = item.get("aliases", {})
            score = 0.0
            if any(norm_key(v) == key for v in labels.values()):
                score = 0.75
            elif any(norm_key(a) == key for vs in aliases.values() for a in vs):
                score = 0.7
            elif any(variant_key(v) == vkey for v in [*labels.values(), *(a for vs in aliases.values() for a in vs)]):
                score = 0.6
            if score:
                accepted.append(OnlineMatch(qid=item["id"], labels=dict(labels), confidence=score,
                                            types=list(types), country=item.get("country")))
        if not accepted:
            return None
        best = accepted[0]
        if len(accepted) > 1 and accepted[1].confidence >= best.confidence:
            return None  # two items with this very name and type: nothing to pick one with
        return best if best.confidence >= self.min_confidence else None

    def _entities(self, qids: list[str]) -> tuple[dict[str, dict], bool]:
        out: dict[str, dict] = {}
        missing = []
        for qid in qids:
            cached = self._cached_json("entity", qid)
            if cached is not None:
                out[qid] = cached
            else:
                missing.append(qid)
        if not missing or not self._can_fetch():
            return out, False
        data = self._get({
            "action": "wbgetentities", "ids": "|".join(missing), "props": "labels|aliases|claims",
            "languages": "|".join(_LANGS), "format": "json",
        })
        if data is None:
            return out, False
        for qid, entity in (data.get("entities") or {}).items():
            if not isinstance(entity, dict) or "missing" in entity:
                continue
            slim = _slim(entity)
            self._store_json("entity", qid, slim)
            out[qid] = slim
        return out, True

    # -- HTTP -------------------------------------------------------------------------------

    def _can_fetch(self) -> bool:
        return not self.cache_only and not self._disabled

    def _get(self, params: dict[str, str]) -> dict | None:
        url = f"{self.endpoint}?{urllib.parse.urlencode(params)}"
        with self._lock:
            wait = self.min_interval - (time.monotonic() - self._last_request)
            if wait > 0:
                time.sleep(wait)
            self._last_request = time.monotonic()
            self.requests_made += 1
        request = urllib.request.Request(url, headers={"User-Agent": self.user_agent, "Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
            data = json.loads(body.decode("utf-8"))
            if not isinstance(data, dict) or "error" in data:
                raise ValueError(f"API error: {data.get('error') if isinstance(data, dict) else data!r}")
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            self._fail(f"{params.get('action')} failed: {exc}")
            return None
        self._consecutive_failures = 0
        return data

    def _fail(self, message: str) -> None:
        self.failures.append(message)
        self._consecutive_failures += 1
        log.warning("Wikidata look-up: %s; the name stays unlinked", message)
        if self._consecutive_failures >= self.max_failures and not self._disabled:
            self._disabled = True
            log.warning(
                "Wikidata look-up: %d failures in a row, online linking is off for the rest of this run "
                "(cached answers are still used)", self._consecutive_failures,
            )

    # -- cache ------------------------------------------------------------------------------

    def _path(self, kind: str, key: str) -> Path:
        if kind == "entity":
            return self.cache_dir / "entities" / f"{key}.json"
        digest = hashlib.sha1(key.encode("utf-8")).hexdigest()
        return self.cache_dir / kind / digest[:2] / f"{digest}.json"

    def _cached_json(self, kind: str, key: str):
        path = self._path(kind, key)
        try:
            return json.loads(path.read_text(encoding="utf-8"))["value"]
        except (OSError, ValueError, KeyError):
            return None

    def _store_json(self, kind: str, key: str, value) -> None:
        path = self._path(kind, key)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(f".{os.getpid()}.part")
            tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), encoding="utf-8")
            tmp.replace(path)
        except OSError as exc:
            log.warning("cannot write the Wikidata cache %s: %s", path, exc)


def _slim(entity: dict) -> dict:
    """What the linker needs from a ``wbgetentities`` entity (claims are large; drop them)."""
    labels = {lg: v.get("value") for lg, v in (entity.get("labels") or {}).items() if lg in _LANGS and v.get("value")}
    aliases = {
        lg: [a.get("value") for a in vs if a.get("value")]
        for lg, vs in (entity.get("aliases") or {}).items() if lg in _LANGS
    }
    country = next(iter(claim_ids(entity, "P17") or claim_ids(entity, "P27")), None)
    return {"id": entity.get("id"), "labels": labels, "aliases": {k: v for k, v in aliases.items() if v},
            "types": claim_ids(entity, "P31"), "country": country}
