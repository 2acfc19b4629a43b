"""Language identification with py3langid's packaged model (no download).

The packaged model is an LZMA-compressed archive: decompressing it costs ~0.45 s CPU at every
ingest's start (on the critical path of ``--jobs N``: the workers wait for the first documents
meanwhile). Its arrays are kept, decompressed, in the user's cache folder
(``$XDG_CACHE_HOME/ceasefire``, else ``~/.cache/ceasefire``) under a digest of the model file's
path, size and time, py3langid's version and Python's, and read from there (~0.1 s; the largest
table is mapped, not read). The identifier built from them is the same class with the same
arrays: the same answers. A missing, damaged or unwritable cache only means decompressing as
before.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

_CACHE_FORMAT = 1


@lru_cache(maxsize=1)
def _identifier() -> Any:
    return _build()


def _build() -> Any:
    """py3langid's identifier of its packaged model, normalised probabilities, the arrays read
    from the cache when it holds them (else decompressed, and the cache written)."""
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    model = Path(MODEL_DIR) / MODEL_FILE
    cache = _cache_paths(model)
    parts = _read_cache(*cache) if cache else None
    if parts is None:
        from py3langid.langid import _load_model_file

        parts = _load_model_file(model)
        if cache:
            _write_cache(*cache, parts)
    ptc, pc, classes, nextmove, row, output = parts
    import numpy as np

    return LanguageIdentifier(
        np.asarray(ptc), np.asarray(pc), classes, nextmove, output, norm_probs=True, tk_row=row
    )


def _cache_paths(model: Path) -> tuple[Path, Path] | None:
    """(the mapped table, the rest) in the user's cache folder, named by a digest of what they
    are made from; None when the model file cannot be found."""
    import hashlib
    import sys
    from importlib.metadata import PackageNotFoundError, version

    try:
        st = model.stat()
        made_of = f"{sys.version}|{_CACHE_FORMAT}|{version('py3langid')}|{model}|{st.st_size}"
        made_of += f"|{st.st_mtime_ns}"
    except (OSError, PackageNotFoundError):
        return None
    root = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    stem = Path(root) / "ceasefire" / f"langid-{hashlib.sha1(made_of.encode()).hexdigest()[:16]}"
    return stem.with_suffix(".npy"), stem.with_suffix(".marshal")


def _read_cache(table: Path, rest: Path) -> tuple[Any, ...] | None:
    import marshal
    from array import array

    import numpy as np

    try:
        pc, classes, (next_code, next_bytes), (row_code, row_bytes), output = marshal.loads(rest.read_bytes())
        nextmove, row = array(next_code), array(row_code)
        nextmove.frombytes(next_bytes)
        row.frombytes(row_bytes)
        ptc = np.load(table, mmap_mode="r", allow_pickle=False)
        return ptc, np.frombuffer(pc, dtype=np.float32), list(classes), nextmove, row, list(output)
    except Exception:  # missing, truncated, from another layout: decompressed instead
        return None


def _write_cache(table: Path, rest: Path, parts: tuple[Any, ...]) -> None:
    import marshal

    import numpy as np

    ptc, pc, classes, nextmove, row, output = parts
    value = (
        np.asarray(pc, dtype=np.float32).tobytes(),
        list(classes),
        (nextmove.typecode, nextmove.tobytes()),
        (row.typecode, row.tobytes()),
        list(output),
    )
    tmp_table = table.with_name(f"{table.stem}.{os.getpid()}.tmp.npy")
    tmp_rest = rest.with_name(f"{rest.name}.{os.getpid()}.tmp")
    try:
        table.parent.mkdir(parents=True, exist_ok=True)
        np.save(tmp_table, np.ascontiguousarray(ptc), allow_pickle=False)
        tmp_rest.write_bytes(marshal.dumps(value, 4))
        # the table first: a reader finding the rest finds the table it goes with
        os.replace(tmp_table, table)
        os.replace(tmp_rest, rest)
    except (OSError, ValueError):
        for tmp in (tmp_table, tmp_rest):
            with contextlib.suppress(OSError):
                tmp.unlink()
        return
    for old in table.parent.glob("langid-*"):  # what another model or version left
        if old.stem != table.stem and ".tmp" not in old.name:
            with contextlib.suppress(OSError):
                old.unlink()


def detect_language(text: str) -> tuple[str, float]:
    """ISO 639-1 code and probability; ("", 0.0) when there is too little text to tell."""
    sample = text[:5000]
    if sum(1 for _ in islice((ch for ch in sample if ch.isalpha()), 20)) < 20:  # stops at 20 letters
        return "", 0.0
    lang, prob = _identifier().classify(sample)
    return str(lang), round(float(prob), 3)
