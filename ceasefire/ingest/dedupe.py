"""Near-duplicate grouping: a wire story republished with small edits joins its original's group.

Exact duplicates share an id (a hash of the normalised text) and are stored once; near-copies
are stored (their differences may matter: another outlet, an added sentence) but carry the id
of the group's first member in ``dup_group``. MinHash signatures live in the store so that the
index can be rebuilt on the next run without re-reading texts.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np
from datasketch import MinHash, MinHashLSH

from .normalize import normalize_for_id

NUM_PERM = 64
SCHEME = "affine64"  # stored signatures are only comparable within one scheme
SHINGLE = 5  # word 5-grams: robust to a changed headline word, sensitive to real rewrites


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The scheme's permutation parameters: drawn once, not for every signature made or loaded."""
    return MinHash(num_perm=NUM_PERM, scheme=SCHEME).permutations


def minhash(text: str) -> MinHash:
    words = normalize_for_id(text).split()
    m = MinHash(num_perm=NUM_PERM, scheme=SCHEME, permutations=_permutations())
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    m.update_batch([g.encode("utf-8") for g in grams])
    return m


def to_bytes(m: MinHash) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(b: bytes) -> MinHash:
    return MinHash(
        num_perm=NUM_PERM,
        hashvalues=np.frombuffer(b, dtype=np.uint64),
        scheme=SCHEME,
        permutations=_permutations(),
    )


class NearDuplicateIndex:
    """An LSH index over stored documents' signatures, kept up to date during one ingest."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._sigs: dict[str, MinHash] = {}
        self._group: dict[str, str] = {}

    @classmethod
    def from_signatures(
        cls, rows: Iterable[tuple[str, str, bytes]], threshold: float = 0.8
    ) -> NearDuplicateIndex:
        idx = cls(threshold)
        for doc_id, group, sig in rows:
            idx.add(doc_id, from_bytes(sig), group or doc_id)
        return idx

    def group_for(self, m: MinHash) -> str | None:
        """The group of the most similar stored document above the threshold, if any."""
        best: tuple[float, str] | None = None
        for cand in self._lsh.query(m):
            sim = self._sigs[cand].jaccard(m)
            # ties broken by id so that the answer does not depend on ingest order
            if sim >= self.threshold and (best is None or (sim, cand) > best):
                best = (sim, cand)
        return self._group[best[1]] if best else None

    def add(self, doc_id: str, m: MinHash, group: str) -> None:
        if doc_id in self._sigs:
            return
        self._lsh.insert(doc_id, m)
        self._sigs[doc_id] = m
        self._group[doc_id] = group
