"""Settings, with one precedence rule everywhere: defaults < kg.toml < environment < CLI.

``kg.toml`` is looked up in the working directory (or named with ``--config`` /
``KG_CONFIG``). Its keys match the field names below; environment variables are the same
names upper-cased with a ``KG_`` prefix (``KG_STORE``, ``KG_QUERY_TIMEOUT``, ...).
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kg.errors import ConfigError


@dataclass(frozen=True)
class Settings:
    """Everything a run can be configured with."""

    store: str = "kg-store"
    # NLP
    udpipe_ar: str | None = None
    udpipe_en: str | None = None
    batch_size: int = 64
    max_size: int = 5 * 1024 * 1024
    # server
    host: str = "127.0.0.1"
    port: int = 7878
    threads: int = 8
    query_timeout: float = 30.0
    max_query_bytes: int = 100_000
    max_rows: int = 100_000
    cors_origins: str = ""
    write_token: str | None = None
    union_default_graph: bool = True
    cache_entries: int = 512
    # linking
    online: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    def with_overrides(self, **values: Any) -> Settings:
        """A copy with the non-None values applied (how CLI options are layered on)."""
        return replace(self, **{k: v for k, v in values.items() if v is not None})


def _coerce(name: str, value: str, default: Any) -> Any:
    target = type(default) if default is not None else str
    try:
        if target is bool:
            if value.lower() in {"1", "true", "yes", "on"}:
                return True
            if value.lower() in {"0", "false", "no", "off"}:
                return False
            raise ValueError(value)
        if target in (int, float):
            return target(value)
    except ValueError:
        raise ConfigError(f"{name}={value!r} is not a valid {target.__name__}") from None
    return value


def load_settings(config_file: str | Path | None = None, env: dict[str, str] | None = None) -> Settings:
    """Settings from defaults, then ``kg.toml``, then ``KG_*`` environment variables."""
    env = dict(os.environ if env is None else env)
    base = Settings()
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    values: dict[str, Any] = {}
    path = Path(config_file or env.get("KG_CONFIG") or "kg.toml")
    if path.exists():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}") from None
        for key, value in data.items():
            key = key.replace("-", "_")
            if key not in known:
                raise ConfigError(f"{path}: unknown setting {key!r}; known: {', '.join(sorted(known))}")
            values[key] = value
    elif config_file:
        raise ConfigError(f"config file {config_file} does not exist")
    for name in known:
        raw = env.get(f"KG_{name.upper()}")
        if raw is not None and raw != "":
            values[name] = _coerce(f"KG_{name.upper()}", raw, getattr(base, name))
    return replace(base, **values)
