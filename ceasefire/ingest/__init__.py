"""Stage 1, ingest: files, pages, feeds, dumps and URLs become clean, dated documents.

``ceasefire.ingest`` is both this package and the public function: calling the package calls
:func:`ceasefire.api.ingest` (a subpackage import would otherwise shadow the function).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableStage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ..api import ingest

        return ingest(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableStage
