"""Near-duplicate grouping: a wire story republished with small edits joins its original's group.

Exact duplicates share an id (a hash of the normalised text) and are stored once; near-copies
are stored (their differences may matter: another outlet, an added sentence) but carry the id
of the group's first member in ``dup_group``. MinHash signatures live in the store so that the
index can be rebuilt on the next run without re-reading texts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

import numpy as np

from .normalize import normalize_for_id

NUM_PERM = 64
SCHEME = "affine64"  # stored signatures are only comparable within one scheme
SHINGLE = 5  # word 5-grams: robust to a changed headline word, sensitive to real rewrites

# The signatures are datasketch's MinHash (version 2, scheme "affine64", seed 1, SHA-1 64-bit
# hashes) bit for bit, and the index is its MinHashLSH banding, computed here with numpy alone:
# importing datasketch imports every sketch it has and scipy's integrators with them, ~0.5 s
# of every ingest's start (measured) for two small functions. tests/test_ingest.py checks both
# against datasketch itself.
_SEED = 1
_MAX = np.uint64((1 << 64) - 1)
_FMIX = (np.uint64(33), np.uint64(0xFF51AFD7ED558CCD), np.uint64(0xC4CEB9FE1A85EC53))
# MinHashLSH's bands (b, rows) for NUM_PERM, by threshold: its _optimal_param (false positives and
# negatives weighted alike), which integrates numerically with scipy; other thresholds ask it
_BANDS = {0.8: (5, 11)}


@lru_cache(maxsize=1)
def _permutations() -> Any:
    """The scheme's permutation parameters (a odd, b), drawn once per process."""
    gen = np.random.RandomState(_SEED)
    a = gen.randint(0, 1 << 63, NUM_PERM, dtype=np.uint64) * np.uint64(2) + np.uint64(1)
    b = gen.randint(0, 1 << 64, NUM_PERM, dtype=np.uint64)
    return np.array([a, b])


class Signature:
    """A MinHash signature: NUM_PERM minimum hash values."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: Any) -> None:
        self.hashvalues = hashvalues

    def jaccard(self, other: Signature) -> float:
        """The estimated Jaccard similarity of the two sets (share of equal minimums)."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / float(len(self.hashvalues))


def minhash(text: str) -> Signature:
    words = normalize_for_id(text).split()
    grams = {" ".join(words[i : i + SHINGLE]) for i in range(max(1, len(words) - SHINGLE + 1))}
    hv = np.array(
        [int.from_bytes(hashlib.sha1(g.encode("utf-8")).digest()[:8], "little") for g in grams],
        dtype=np.uint64,
    ).reshape(-1, 1)
    s, m1, m2 = _FMIX  # the MurmurHash3 finalizer, then a * h + b (mod 2^64: numpy wraps)
    hv = hv ^ (hv >> s)
    hv = hv * m1
    hv = hv ^ (hv >> s)
    hv = hv * m2
    hv = hv ^ (hv >> s)
    a, b = _permutations()
    return Signature(np.minimum(np.full(NUM_PERM, _MAX, dtype=np.uint64), (hv * a + b).min(axis=0)))


def to_bytes(m: Signature) -> bytes:
    return np.asarray(m.hashvalues, dtype=np.uint64).tobytes()


def from_bytes(b: bytes) -> Signature:
    return Signature(np.frombuffer(b, dtype=np.uint64).astype(np.uint64))


def bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) of the LSH index for this similarity threshold."""
    if threshold not in _BANDS:
        from datasketch.lsh import _optimal_param

        _BANDS[threshold] = _optimal_param(threshold, NUM_PERM, 0.5, 0.5)
    return _BANDS[threshold]


class NearDuplicateIndex:
    """An LSH index over stored documents' signatures, kept up to date during one ingest: the
    candidates of a signature are the documents that share one of its bands exactly."""

    def __init__(self, threshold: float = 0.8) -> None:
        self.threshold = threshold
        n, rows = bands(threshold)
        self._ranges = [(i * rows, (i + 1) * rows) for i in range(n)]
        self._tables: list[dict[bytes, list[str]]] = [{} for _ in self._ranges]
        self._sigs: dict[str, Signature] = {}
        self._group: dict[str, str] = {}

    @classmethod
    def from_signatures(
        cls, rows: Iterable[tuple[str, str, bytes]], threshold: float = 0.8
    ) -> NearDuplicateIndex:
        idx = cls(threshold)
        for doc_id, group, sig in rows:
            idx.add(doc_id, from_bytes(sig), group or doc_id)
        return idx

    def _keys(self, m: Signature) -> list[bytes]:
        return [m.hashvalues[a:b].tobytes() for a, b in self._ranges]

    def group_for(self, m: Signature) -> str | None:
        """The group of the most similar stored document above the threshold, if any."""
        best: tuple[float, str] | None = None
        candidates = {
            c for key, table in zip(self._keys(m), self._tables, strict=True) for c in table.get(key, ())
        }
        for cand in candidates:
            sim = self._sigs[cand].jaccard(m)
            # ties broken by id so that the answer does not depend on ingest order
            if sim >= self.threshold and (best is None or (sim, cand) > best):
                best = (sim, cand)
        return self._group[best[1]] if best else None

    def add(self, doc_id: str, m: Signature, group: str) -> None:
        if doc_id in self._sigs:
            return
        for key, table in zip(self._keys(m), self._tables, strict=True):
            table.setdefault(key, []).append(doc_id)
        self._sigs[doc_id] = m
        self._group[doc_id] = group
