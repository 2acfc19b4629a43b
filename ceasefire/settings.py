"""One configuration chain: defaults < config file < environment < flags.

Every setting is declared once, in the dataclasses below, with its type, bounds and default;
the config file is TOML (``ceasefire.toml`` in the working directory, or ``--config`` /
``CEASEFIRE_CONFIG``), environment variables are ``CEASEFIRE_<NAME>`` in upper case
(``CEASEFIRE_FETCH_TIMEOUT`` for ``[fetch] timeout``; lists comma-separated).

The layers are merged first and the result is validated once (pydantic, from the same
declarations): a wrong value is a :class:`ConfigError` naming the key, the value and where it
came from (the config file, the environment variable or the flag), never a silent default.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, is_dataclass, replace
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, TypeAdapter, ValidationError

from .errors import ConfigError

DEFAULT_DB = "sqlite:///ceasefire.db"


@dataclass(frozen=True)
class FetchPolicy:
    """Rules for fetching URLs from untrusted feeds (SSRF guard and limits)."""

    timeout: Annotated[float, Field(gt=0)] = 15.0
    max_bytes: Annotated[int, Field(gt=0)] = 10_000_000
    max_redirects: Annotated[int, Field(ge=0)] = 5
    allow_private: bool = False  # loopback, private, link-local, multicast, reserved
    allow_hosts: tuple[str, ...] = ()  # hosts/IPs exempt from the address check
    allow_schemes: tuple[str, ...] = ()  # extra schemes besides http/https, e.g. "file"
    user_agent: Annotated[str, Field(min_length=1)] = (
        "ceasefire/0.1 (+https://github.com/ceasefire-project/ceasefire)"
    )


Names = Annotated[tuple[str, ...], Field(min_length=1)]


@dataclass(frozen=True)
class Fields:
    """Column/field names read from JSONL and CSV dumps (first present wins)."""

    text: Names = ("text", "content", "body", "article")
    title: Names = ("title", "headline")
    url: Names = ("url", "link", "source_url")
    date: Names = ("published", "date", "publication_date", "pubdate")
    outlet: Names = ("outlet", "source", "site", "site_name", "publisher")


@dataclass(frozen=True)
class Settings:
    db: str = DEFAULT_DB
    # a single text/HTML/feed file; dumps stream past this
    max_file_bytes: Annotated[int, Field(gt=0)] = 20_000_000
    outlets_files: tuple[str, ...] = ()  # extra outlet registries (JSON) merged over the default
    profiles: tuple[str, ...] = ()  # conflict profiles (JSON): parties, institutions, places
    near_duplicate_threshold: Annotated[float, Field(gt=0, le=1)] = 0.8  # MinHash Jaccard for "near-copy"
    jobs: Annotated[int, Field(ge=0)] = 0  # worker processes that extract; 0: one per core
    fetch: FetchPolicy = field(default_factory=FetchPolicy)
    fields: Fields = field(default_factory=Fields)

    def with_overrides(self, **flags: Any) -> Settings:
        """Apply values given in code or as flags (``None`` means "not given"), validated."""
        base = _flatten(_as_dict(self), "default")
        given = {k: v for k, v in flags.items() if v is not None}
        return _validate({**base, **_flatten(given, "a flag", flag_label=True)})


# -- store locations ------------------------------------------------------------------------

_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.\-]*):(?P<rest>.*)$", re.S)


def db_url(value: str | os.PathLike[str]) -> str:
    """Accept a SQLAlchemy URL or a plain file path; a near-miss of a URL is a ConfigError that
    says what was meant (``postgres://`` -> ``postgresql+psycopg://``, ``sqlite:/x.db``)."""
    s = str(value).strip()
    if not s:
        raise ConfigError("the store is empty: give a SQLite file path or a URL like postgresql+psycopg://…")
    m = _SCHEME.match(s)
    scheme = m.group("scheme").lower() if m else ""
    rest = m.group("rest") if m else ""
    if (
        scheme == "postgres"
        or scheme.startswith("postgres+")
        or (scheme.startswith("postgresql") and not rest.startswith("//"))
    ):
        fixed = "postgresql+psycopg://" + rest.lstrip("/")
        raise ConfigError(
            f"{_hide_password(s)} is not a store URL SQLAlchemy reads: did you mean {_hide_password(fixed)}?"
        )
    if scheme == "sqlite":
        if rest.startswith("///") or rest == "//" or rest.startswith("//?"):
            return s
        path = rest[2:] if rest.startswith("//") else rest
        raise ConfigError(
            f"{s} is not a SQLite URL: did you mean sqlite:///{path} (three slashes, then the path; "
            f"four for an absolute one), or just the path {path}?"
        )
    if "://" in s:
        return s
    return f"sqlite:///{Path(s).expanduser()}"


def _hide_password(url: str) -> str:
    return re.sub(r"(://[^:/@]+:)[^@/]*@", r"\1***@", url)


def check_db_url(url: str) -> None:
    """A URL SQLAlchemy cannot parse or whose database kind it does not know is a ConfigError."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError, NoSuchModuleError

    try:
        make_url(url).get_dialect()
    except NoSuchModuleError:
        kind = url.split("://", 1)[0]
        raise ConfigError(
            f"unknown kind of store {kind!r} in {_hide_password(url)}: use a SQLite file path or "
            "postgresql+psycopg://user@host/database"
        ) from None
    except ArgumentError as e:
        raise ConfigError(f"{_hide_password(url)} is not a store URL: {e}") from None
    except ImportError:
        pass  # the driver is missing: opening the store says which to install


def check_store_folder(url: str) -> None:
    """A SQLite store about to be created needs an existing folder: say which is missing."""
    if not url.startswith("sqlite:///"):
        return
    path = url[len("sqlite:///") :].split("?", 1)[0]
    if path in ("", ":memory:") or path.startswith("file:") or os.path.lexists(path):
        return
    folder = os.path.dirname(path) or "."
    if os.path.isdir(folder):
        return
    blocking = next((p for p in (folder, *map(str, Path(folder).parents)) if os.path.lexists(p)), None)
    if blocking is not None and not os.path.isdir(blocking):
        raise ConfigError(f"cannot create the store {path}: {blocking} is a file, not a folder")
    raise ConfigError(
        f"cannot create the store {path}: the folder {folder} does not exist "
        f"(create it with `mkdir -p {folder}`, or check --db / CEASEFIRE_DB)"
    )


# -- the chain ------------------------------------------------------------------------------


def _as_dict(obj: Any) -> dict[str, Any]:
    return {
        f.name: _as_dict(getattr(obj, f.name)) if is_dataclass(getattr(obj, f.name)) else getattr(obj, f.name)
        for f in fields(obj)
    }


_DEFAULTS = _as_dict(Settings())


def _known(prefix: str = "") -> dict[str, Any]:
    """Dotted key -> default value, for every leaf setting."""
    out: dict[str, Any] = {}

    def walk(d: dict[str, Any], pre: str) -> None:
        for k, v in d.items():
            if isinstance(v, dict):
                walk(v, f"{pre}{k}.")
            else:
                out[pre + k] = v

    walk(_DEFAULTS, prefix)
    return out


_LEAVES = _known()
_TABLES = {k for k, v in _DEFAULTS.items() if isinstance(v, dict)}


def _flag(key: str) -> str:
    return "flag --" + key.split(".")[-1].replace("_", "-")


def _flatten(
    values: Mapping[str, Any], source: str, *, flag_label: bool = False
) -> dict[str, tuple[Any, str]]:
    """Dotted key -> (value, where it came from); unknown keys and misplaced tables refused."""
    out: dict[str, tuple[Any, str]] = {}

    def walk(d: Mapping[str, Any], pre: str) -> None:
        for k, v in d.items():
            key = pre + str(k)
            where = _flag(key) if flag_label else source
            if key in _TABLES:
                if not isinstance(v, Mapping):
                    raise ConfigError(
                        f"setting {key} = {v!r} ({where}): must be a table of settings ([{key}])"
                    )
                walk(v, key + ".")
            elif key in _LEAVES:
                out[key] = (v, where)
            else:
                raise ConfigError(f"unknown setting {key!r} ({where}){_did_you_mean(key)}")

    walk(values, "")
    return out


def _did_you_mean(key: str) -> str:
    close = difflib.get_close_matches(key, [*_LEAVES, *_TABLES], n=1)
    return f": did you mean {close[0]!r}?" if close else ""


def _env_values(environ: Mapping[str, str]) -> dict[str, tuple[Any, str]]:
    out: dict[str, tuple[Any, str]] = {}
    for key in _LEAVES:
        name = "CEASEFIRE_" + key.replace(".", "_").upper()
        if name in environ:
            out[key] = (environ[name], f"environment variable {name}")
    return out


def _nest(flat: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in flat.items():
        *tables, leaf = key.split(".")
        d = out
        for t in tables:
            d = d.setdefault(t, {})
        d[leaf] = value
    return out


@functools.cache
def _adapter() -> TypeAdapter[Settings]:
    return TypeAdapter(Settings)


def _prepare(key: str, value: Any) -> Any:
    """The forms every source may use: a comma-separated string for a list; and no true/false
    where a number belongs (pydantic would read true as 1)."""
    default = _LEAVES[key]
    if isinstance(default, tuple) and isinstance(value, str):
        return tuple(v.strip() for v in value.split(",") if v.strip())
    if isinstance(value, bool) and not isinstance(default, bool):
        return f"{value}".lower()  # fails validation below with the right message
    return value


def _validate(flat: Mapping[str, tuple[Any, str]]) -> Settings:
    values = {k: _prepare(k, v) for k, (v, _src) in flat.items()}
    try:
        settings = _adapter().validate_python(_nest(values))
    except ValidationError as e:
        problems = []
        for err in e.errors():
            loc = [str(x) for x in err["loc"] if not isinstance(x, int)]
            key = ".".join(loc)
            while key and key not in flat:
                key = key.rpartition(".")[0]
            raw, where = flat.get(key, (err.get("input"), "?"))
            problems.append(f"setting {key} = {raw!r} ({where}): {_what(key, err)}")
        raise ConfigError("; ".join(dict.fromkeys(problems))) from None
    where = flat.get("db", (DEFAULT_DB, "default"))[1]
    try:
        url = db_url(settings.db)
        check_db_url(url)
    except ConfigError as e:
        raise ConfigError(f"setting db ({where}): {e}") from None
    return replace(settings, db=url)


def _what(key: str, err: Any) -> str:
    default = _LEAVES.get(key)
    kind, ctx = err["type"], err.get("ctx") or {}
    if isinstance(default, bool):
        return "must be true or false (also accepted: 1/0, yes/no, on/off)"
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        bound = {
            "greater_than": "greater than",
            "greater_than_equal": "at least",
            "less_than": "less than",
            "less_than_equal": "at most",
        }[kind]
        limit = next(iter(ctx.values()), "")
        return f"must be {bound} {limit}"
    if isinstance(default, tuple):
        if kind == "too_short":
            return "must name at least one"
        return 'must be a list of strings, like ["a", "b"] (in the environment: a,b)'
    if isinstance(default, int):
        return "must be a whole number"
    if isinstance(default, float):
        return "must be a number"
    if isinstance(default, str):
        return "must be a string" if kind == "string_type" else str(err["msg"]).lower()
    return str(err["msg"])


def load_settings(
    config: str | os.PathLike[str] | None = None,
    environ: Mapping[str, str] | None = None,
    *,
    flag_names: Mapping[str, str] | None = None,
    **flags: Any,
) -> Settings:
    """Build settings from defaults, then the config file, then the environment, then flags
    (``None`` means "not given"), and validate the result. ``flag_names`` names the command-line
    flag a setting came from when it is not ``--<setting>`` (``max_file_bytes`` from ``--max-file-mb``)."""
    env = dict(os.environ if environ is None else environ)
    chain = _flatten(_DEFAULTS, "default")
    path = config or env.get("CEASEFIRE_CONFIG") or None
    if path is None and Path("ceasefire.toml").is_file():
        path = "ceasefire.toml"
    if path is not None:
        chain.update(_flatten(_read_config(Path(path)), f"config file {path}"))
    chain.update(_env_values(env))
    given = _flatten({k: v for k, v in flags.items() if v is not None}, "a flag", flag_label=True)
    for key, (value, where) in given.items():
        named = (flag_names or {}).get(key)
        value = str(value) if isinstance(value, os.PathLike) else value
        chain[key] = (value, f"flag {named}" if named else where)
    return _validate(chain)


def _read_config(p: Path) -> dict[str, Any]:
    try:
        text = p.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(f"config file not found: {p} (check --config or CEASEFIRE_CONFIG)") from None
    except IsADirectoryError:
        raise ConfigError(f"config file {p} is a folder: give the TOML file") from None
    except UnicodeDecodeError:
        raise ConfigError(f"config file {p} is not UTF-8 text: is it the TOML file?") from None
    except OSError as e:
        raise ConfigError(f"cannot read config file {p}: {e.strerror}") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"config file {p} is not valid TOML: {e}") from None
    inner = data.get("ceasefire", data)
    if not isinstance(inner, dict):
        raise ConfigError(f"config file {p}: [ceasefire] must be a table of settings")
    return inner
