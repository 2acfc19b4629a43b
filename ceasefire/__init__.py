"""ceasefire: turn partisan news reports about an armed conflict into a verifiable record.

The public API is small and pinned by ``tests/test_public_api.py``::

    import ceasefire
    store = ceasefire.Store("sqlite:///ceasefire.db")
    report = ceasefire.ingest(["reports/"], store=store)

Heavy dependencies (spaCy, trafilatura, SQLAlchemy) are imported lazily so that importing the
package is cheap.
"""

from __future__ import annotations

import sys
import types
from typing import TYPE_CHECKING, Any

from .errors import CeasefireError, ConfigError, NotFound, SourceError, StoreError, UnsafeURLError
from .records import (
    Claim,
    DateValue,
    Document,
    Evidence,
    IngestReport,
    Mention,
    Outlet,
    Place,
    PubDate,
    Rejected,
)
from .settings import Settings, load_settings

if TYPE_CHECKING:
    from .api import extract, ingest
    from .store import Store

__version__ = "0.1.0"

__all__ = [
    "CeasefireError",
    "Claim",
    "ConfigError",
    "DateValue",
    "Document",
    "Evidence",
    "IngestReport",
    "Mention",
    "NotFound",
    "Outlet",
    "Place",
    "PubDate",
    "Rejected",
    "Settings",
    "SourceError",
    "Store",
    "StoreError",
    "UnsafeURLError",
    "__version__",
    "extract",
    "ingest",
    "load_settings",
]


class _CallableStage(types.ModuleType):
    """A stage package that is also the API function of its name: ``ceasefire.extract(...)``
    calls :func:`ceasefire.api.extract`."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from . import api

        return getattr(api, self.__name__.rpartition(".")[2])(*args, **kwargs)


class _Package(types.ModuleType):
    """The import system records a subpackage on its parent (``ceasefire.extract``), which would
    shadow the API function of the same name: the stage packages are made callable here, at
    the package root, so that no stage imports the API above it."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name in {"ingest", "extract"} and type(value) is types.ModuleType:
            value.__class__ = _CallableStage
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name == "Store":
        from .store import Store

        return Store
    if name in {"ingest", "extract"}:
        # the stage packages are callable and delegate to ceasefire.api
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'ceasefire' has no attribute {name!r}")
