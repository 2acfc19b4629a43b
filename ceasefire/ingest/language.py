"""Language identification with py3langid's packaged model (no download)."""

from __future__ import annotations

import threading
from functools import lru_cache
from itertools import islice
from typing import Any

_loading: list[threading.Thread] = []


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def preload() -> None:
    """Start loading the identifier's model in a thread. Most of its ~0.4 s is decompressing
    the model file, which releases the GIL: it overlaps what the caller does meanwhile (loading
    the extraction model). :func:`wait_loaded` (and the first :func:`detect_language`) joins it."""
    if not _loading and not _identifier.cache_info().currsize:
        thread = threading.Thread(target=_identifier, name="ceasefire-langid-load", daemon=True)
        _loading.append(thread)
        thread.start()


def wait_loaded() -> None:
    """Join a :func:`preload` thread (before a fork, and before the model is used)."""
    while _loading:
        _loading[0].join()
        _loading.pop()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability; ("", 0.0) when there is too little text to tell."""
    sample = text[:5000]
    if sum(1 for _ in islice((ch for ch in sample if ch.isalpha()), 20)) < 20:  # stops at 20 letters
        return "", 0.0
    if _loading:
        wait_loaded()
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 3)
