"""Stage 2, extract: events, actors, places, dates, figures, claimants and framing.

``ceasefire.extract`` is both this package and the public function (see ``ceasefire.ingest``).
"""

from __future__ import annotations

import sys
import types
from typing import Any


class _CallableStage(types.ModuleType):
    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from ..api import extract

        return extract(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableStage
