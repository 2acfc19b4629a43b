"""One configuration chain: defaults < config file < environment < flags.

Every setting is declared once in ``SETTINGS`` with its default and help text; the config
file is TOML (``ceasefire.toml`` in the working directory, or ``--config`` /
``CEASEFIRE_CONFIG``), environment variables are ``CEASEFIRE_<NAME>`` in upper case.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError

DEFAULT_DB = "sqlite:///ceasefire.db"


@dataclass(frozen=True)
class FetchPolicy:
    """Rules for fetching URLs from untrusted feeds (SSRF guard and limits)."""

    timeout: float = 15.0
    max_bytes: int = 10_000_000
    max_redirects: int = 5
    allow_private: bool = False  # loopback, private, link-local, multicast, reserved
    allow_hosts: tuple[str, ...] = ()  # hosts/IPs exempt from the address check
    allow_schemes: tuple[str, ...] = ()  # extra schemes besides http/https, e.g. "file"
    user_agent: str = "ceasefire/0.1 (+https://github.com/ceasefire-project/ceasefire)"


@dataclass(frozen=True)
class Fields:
    """Column/field names read from JSONL and CSV dumps (first present wins)."""

    text: tuple[str, ...] = ("text", "content", "body", "article")
    title: tuple[str, ...] = ("title", "headline")
    url: tuple[str, ...] = ("url", "link", "source_url")
    date: tuple[str, ...] = ("published", "date", "publication_date", "pubdate")
    outlet: tuple[str, ...] = ("outlet", "source", "site", "site_name", "publisher")


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    max_file_bytes: int = 20_000_000  # a single text/HTML/feed file; dumps stream past this
    outlets_files: tuple[str, ...] = ()  # extra outlet registries (JSON) merged over the default
    profiles: tuple[str, ...] = ()  # conflict profiles (JSON): parties, institutions, places
    near_duplicate_threshold: float = 0.8  # MinHash Jaccard estimate for "near-copy"
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    fields: Fields = field(default_factory=Fields)

    def with_overrides(self, **flags: Any) -> Settings:
        """Apply command-line flags (``None`` means "not given")."""
        return _apply(self, {k: v for k, v in flags.items() if v is not None})


def db_url(value: str | os.PathLike[str]) -> str:
    """Accept a SQLAlchemy URL or a plain file path."""
    s = str(value)
    if "://" in s:
        return s
    return f"sqlite:///{Path(s).expanduser()}"


def _coerce(current: Any, value: Any, name: str) -> Any:
    if isinstance(current, bool):
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "yes", "on"}
        return bool(value)
    if isinstance(current, int) and not isinstance(current, bool):
        try:
            return int(value)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"setting {name!r} must be a whole number, got {value!r}") from e
    if isinstance(current, float):
        try:
            return float(value)
        except (TypeError, ValueError) as e:
            raise ConfigError(f"setting {name!r} must be a number, got {value!r}") from e
    if isinstance(current, tuple):
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        return tuple(value)
    return value


def _apply(obj: Any, values: dict[str, Any], prefix: str = "") -> Any:
    known = {f.name: f for f in fields(obj)}
    changes: dict[str, Any] = {}
    for key, value in values.items():
        if key not in known:
            raise ConfigError(f"unknown setting {prefix}{key!r}")
        current = getattr(obj, key)
        if hasattr(current, "__dataclass_fields__"):
            if not isinstance(value, dict):
                raise ConfigError(f"setting {prefix}{key!r} must be a table")
            changes[key] = _apply(current, value, f"{prefix}{key}.")
        else:
            changes[key] = _coerce(current, value, prefix + key)
    return replace(obj, **changes)


def _env_values(environ: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    base = Settings()
    for f in fields(base):
        sub = getattr(base, f.name)
        if hasattr(sub, "__dataclass_fields__"):
            nested = {
                g.name: environ[f"CEASEFIRE_{f.name}_{g.name}".upper()]
                for g in fields(sub)
                if f"CEASEFIRE_{f.name}_{g.name}".upper() in environ
            }
            if nested:
                out[f.name] = nested
        elif f"CEASEFIRE_{f.name}".upper() in environ:
            out[f.name] = environ[f"CEASEFIRE_{f.name}".upper()]
    return out


def load_settings(
    config: str | os.PathLike[str] | None = None,
    environ: dict[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build settings from defaults, then the config file, then the environment, then flags."""
    env = dict(os.environ if environ is None else environ)
    settings = Settings()
    path = config or env.get("CEASEFIRE_CONFIG")
    if path is None and Path("ceasefire.toml").is_file():
        path = "ceasefire.toml"
    if path is not None:
        p = Path(path)
        try:
            data = tomllib.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError as e:
            raise ConfigError(f"config file not found: {p}") from e
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"config file {p} is not valid TOML: {e}") from e
        settings = _apply(settings, data.get("ceasefire", data))
    settings = _apply(settings, _env_values(env))
    if "db" in flags and flags["db"] is not None:
        flags["db"] = db_url(flags["db"])
    settings = settings.with_overrides(**flags)
    return replace(settings, db=db_url(settings.db))
