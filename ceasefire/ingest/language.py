"""Language identification with py3langid's packaged model (no download)."""

from __future__ import annotations

from functools import lru_cache
from itertools import islice
from typing import Any


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability; ("", 0.0) when there is too little text to tell."""
    sample = text[:5000]
    if sum(1 for _ in islice((ch for ch in sample if ch.isalpha()), 20)) < 20:  # stops at 20 letters
        return "", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 3)
