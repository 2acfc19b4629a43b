"""The ``ceasefire`` application with every command registered: this module imports the command
modules (each registers itself on the shared ``app`` of ``_base``); nothing imports it back."""

from __future__ import annotations

from . import analyze as _analyze  # noqa: F401
from . import demo as _demo  # noqa: F401
from . import documents as _documents  # noqa: F401
from . import evaluation as _evaluation  # noqa: F401
from . import export_cmd as _export_cmd  # noqa: F401
from . import extraction as _extraction  # noqa: F401
from . import report_cmd as _report_cmd  # noqa: F401
from . import review_cmd as _review_cmd  # noqa: F401
from . import serve_cmd as _serve_cmd  # noqa: F401
from . import spark_cmd as _spark_cmd  # noqa: F401
from ._base import State, app, err, out, state

__all__ = ["State", "app", "err", "out", "state"]
