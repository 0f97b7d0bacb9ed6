"""Where the optional NLP models live, how to get them, and which one to use.

Nothing here downloads anything unless :func:`download_model` is called (by
``kg models download``): the rest only looks at the environment and the disk, so tests and
offline machines never touch the network. The functions return plain data so the CLI
(``kg models list|download|path``) only has to print it.

Official models: UDPipe 1 models trained on Universal Dependencies 2.5 by ÚFAL, published on
LINDAT/CLARIN (https://hdl.handle.net/11234/1-3131, licence CC BY-NC-SA 4.0) — the same
release spacy-udpipe 1.0 knows. Newer files of the same treebank (e.g. UD 2.12,
``arabic-padt-ud-2.12-230717.udpipe`` from https://hdl.handle.net/11234/1-5200) are found
too when copied into the models directory.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kg.errors import ModelError

__all__ = [
    "ENGLISH_SPACY_MODEL",
    "UDPIPE_MODELS",
    "UDPipeModelInfo",
    "download_model",
    "english_spacy_model",
    "model_dir",
    "model_status",
    "resolve_udpipe_model",
    "udpipe_env_var",
]

#: LINDAT/CLARIN bitstream folder of the UD 2.5 UDPipe 1 models.
LINDAT_UD25_URL = "https://lindat.mff.cuni.cz/repository/xmlui/bitstream/handle/11234/1-3131"
UDPIPE_LICENSE = "CC BY-NC-SA 4.0"
DEFAULT_MODEL_DIR = Path("~/.local/share/diplomacy-kg/models")
#: spaCy's official small English pipeline (Explosion); used when the user installed it.
ENGLISH_SPACY_MODEL = "en_core_web_sm"
ENGLISH_SPACY_HOW = f"python -m spacy download {ENGLISH_SPACY_MODEL}"


@dataclass(frozen=True)
class UDPipeModelInfo:
    """One official UDPipe model: enough to find it on disk and to fetch it."""

    lang: str
    treebank: str
    filename: str
    ud_version: str

    @property
    def url(self) -> str:
        """Official download address of the file."""
        return f"{LINDAT_UD25_URL}/{self.filename}"

    @property
    def prefix(self) -> str:
        """File-name stem shared by every release of this treebank's model."""
        return self.filename.split("-ud-")[0]


#: The models we know, by ISO 639-1 code.
UDPIPE_MODELS: dict[str, UDPipeModelInfo] = {
    "ar": UDPipeModelInfo("ar", "UD_Arabic-PADT", "arabic-padt-ud-2.5-191206.udpipe", "2.5"),
    "en": UDPipeModelInfo("en", "UD_English-EWT", "english-ewt-ud-2.5-191206.udpipe", "2.5"),
}

_VERSION = re.compile(r"-ud-(\d+)\.(\d+)-")


def udpipe_env_var(lang: str) -> str:
    """Name of the environment variable that points at the UDPipe model for ``lang``."""
    return f"KG_UDPIPE_{lang.upper().replace('-', '_')}"


def model_dir() -> Path:
    """Directory for downloaded models: ``$KG_MODELS_DIR`` or ~/.local/share/diplomacy-kg/models."""
    configured = os.environ.get("KG_MODELS_DIR", "").strip()
    return Path(configured or DEFAULT_MODEL_DIR).expanduser()


def _info(lang: str) -> UDPipeModelInfo:
    try:
        return UDPIPE_MODELS[lang.lower()]
    except KeyError:
        known = ", ".join(sorted(UDPIPE_MODELS))
        raise ModelError(f"no UDPipe model is known for language '{lang}'; choose one of: {known}") from None


def _find_in_dir(lang: str, directory: Path) -> Path | None:
    """The catalogue file in ``directory``, else the newest release of the same treebank."""
    info = UDPIPE_MODELS.get(lang.lower())
    if info is None or not directory.is_dir():
        return None
    exact = directory / info.filename
    if exact.is_file():
        return exact

    def version(path: Path) -> tuple[int, int]:
        match = _VERSION.search(path.name)
        return (int(match.group(1)), int(match.group(2))) if match else (0, 0)

    others = sorted((p for p in directory.glob(f"{info.prefix}-ud-*.udpipe") if p.is_file()), key=version)
    return others[-1] if others else None


def _resolve(lang: str, explicit: str | Path | None) -> tuple[Path | None, str | None]:
    """Chosen path and where the choice came from ("explicit", "env", "models dir")."""
    if explicit is not None and str(explicit).strip():
        return Path(explicit).expanduser(), "explicit"
    env_value = os.environ.get(udpipe_env_var(lang), "").strip()
    if env_value:
        return Path(env_value).expanduser(), "env"
    found = _find_in_dir(lang, model_dir())
    return (found, "models dir") if found else (None, None)


def resolve_udpipe_model(lang: str, explicit: str | Path | None = None) -> Path | None:
    """The UDPipe model file to use for ``lang``, or None when there is none.

    Precedence: ``explicit`` (a CLI option or config value), then ``$KG_UDPIPE_<LANG>``,
    then the known file name in :func:`model_dir`. A path the user named is returned even
    if it does not exist, so that loading it reports the mistake instead of silently using
    another model; only the models directory is searched for files that exist.
    """
    return _resolve(lang, explicit)[0]


def download_model(
    lang: str,
    dest_dir: str | Path | None = None,
    url: str | None = None,
    *,
    timeout: float = 60.0,
    force: bool = False,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    """Fetch the official UDPipe model for ``lang`` into ``dest_dir`` (default: :func:`model_dir`).

    Writes to ``<file>.part`` and renames only once the file loads as a UDPipe model, so an
    interrupted or wrong download (an HTML error page, say) never looks like a model.
    ``progress(bytes_done, bytes_total_or_None)`` is called as data arrives, for a CLI bar.
    An existing file is kept (and returned) unless ``force``, so the command is idempotent.
    """
    info = _info(lang)
    source = url or info.url
    directory = Path(dest_dir).expanduser() if dest_dir is not None else model_dir()
    target = directory / info.filename
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ModelError(f"cannot create the models directory {directory}: {exc}; set KG_MODELS_DIR") from exc
    if target.is_file() and not force:
        return target
    part = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(source, timeout=timeout) as response, part.open("wb") as out:
            length = response.headers.get("Content-Length")
            total = int(length) if length and length.isdigit() else None
            done = 0
            while chunk := response.read(1 << 16):
                out.write(chunk)
                done += len(chunk)
                if progress is not None:
                    progress(done, total)
    except (urllib.error.URLError, OSError, ValueError) as exc:
        part.unlink(missing_ok=True)
        reason = getattr(exc, "reason", exc)
        raise ModelError(
            f"could not download {source} ({reason}). This machine seems to be offline or "
            f"cannot reach LINDAT. On a machine with internet access download {info.url} "
            f"and copy it to {target} (or anywhere, then set {udpipe_env_var(lang)}=/path/to/"
            f"{info.filename})."
        ) from exc

    from kg.nlp.udpipe import load_udpipe_model  # lazy: ufal.udpipe only when needed

    try:
        load_udpipe_model(part, lang)
    except ModelError:
        part.unlink(missing_ok=True)
        raise ModelError(
            f"the file downloaded from {source} is not a UDPipe model (the repository may have "
            f"moved); download {info.filename} by hand from https://hdl.handle.net/11234/1-3131 "
            f"and copy it to {target}"
        ) from None
    shutil.move(str(part), str(target))
    return target


def english_spacy_model() -> str | None:
    """``"en_core_web_sm"`` when Explosion's official package is installed, else None.

    Looks the package up without importing it (importing loads spaCy), and checks the
    author in its ``meta.json``: PyPI re-uploads under similar names are not the official
    release and are not used.
    """
    try:
        spec = importlib.util.find_spec(ENGLISH_SPACY_MODEL)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        meta_path = Path(location) / "meta.json"
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if "explosion" in str(meta.get("author", "")).lower():
            return ENGLISH_SPACY_MODEL
    return None


def model_status() -> list[dict]:
    """One row per optional model, for ``kg models list``.

    Keys: ``name``, ``kind`` ("udpipe" or "spacy"), ``lang``, ``path`` (str or None: where
    it would be loaded from), ``source`` (why that path: "explicit", "env", "models dir",
    "installed" or None), ``exists`` (bool), ``how`` (what to run to get it), ``url``,
    ``license``.
    """
    rows: list[dict] = []
    for lang, info in sorted(UDPIPE_MODELS.items()):
        path, source = _resolve(lang, None)
        rows.append(
            {
                "name": path.name if path else info.filename,
                "kind": "udpipe",
                "lang": lang,
                "path": str(path) if path else None,
                "source": source,
                "exists": bool(path and path.is_file()),
                "how": f"kg models download {lang}  (or set {udpipe_env_var(lang)}=/path/model.udpipe)",
                "url": info.url,
                "license": UDPIPE_LICENSE,
            }
        )
    spacy_name = english_spacy_model()
    spacy_path = None
    if spacy_name:
        spec = importlib.util.find_spec(spacy_name)
        locations = list(spec.submodule_search_locations or []) if spec else []
        spacy_path = locations[0] if locations else None
    rows.append(
        {
            "name": ENGLISH_SPACY_MODEL,
            "kind": "spacy",
            "lang": "en",
            "path": spacy_path,
            "source": "installed" if spacy_name else None,
            "exists": spacy_name is not None,
            "how": ENGLISH_SPACY_HOW,
            "url": "https://github.com/explosion/spacy-models",
            "license": "MIT",
        }
    )
    return rows
