"""Bytes to clean text: encoding detection, boilerplate removal, stable document ids.

The cleaned text is stored and is the single reference for every later evidence offset, so
cleaning happens once, here, and never again downstream.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files

from ..errors import SourceError

# Magic numbers of formats that are never news text: fail fast with a clear reason.
_BINARY_MAGIC = {
    b"%PDF": "PDF document",
    b"PK\x03\x04": "ZIP archive (docx/xlsx/epub?)",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"\x1f\x8b": "gzip archive",
    b"\x7fELF": "executable",
    b"PAR1": "Parquet file",
    b"SQLite format 3\x00": "SQLite database",
}


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes of unknown encoding, or raise SourceError(reason binary/encoding/empty)."""
    if not data.strip():
        raise SourceError("empty input", reason="empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SourceError(f"binary file ({what}), not text", reason="binary")
    has_bom = data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff"))
    if not has_bom and b"\x00" in data[:8192]:
        raise SourceError("binary file (NUL bytes), not text", reason="binary")
    if declared:
        try:
            return _check_text(data.decode(declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    try:
        return _check_text(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000]).best()
    if best is None:
        raise SourceError("unknown text encoding (no charset fits)", reason="encoding")
    return _check_text(str(best) if len(data) <= 2_000_000 else data.decode(best.encoding, "replace"))


def _check_text(text: str) -> str:
    sample = text[:20000]
    if not sample.strip():
        raise SourceError("empty input", reason="empty")
    bad = sum(
        1 for ch in sample if unicodedata.category(ch) in {"Cc", "Co", "Cs", "Cn"} and ch not in "\n\r\t\f"
    )
    if bad > max(8, len(sample) * 0.02):
        raise SourceError("binary or garbled content (control characters)", reason="binary")
    return text


@dataclass(frozen=True)
class Removed:
    """A line the cleaner dropped, and the rule that dropped it (kept for date/outlet hints)."""

    line: str
    rule: str
    position: float  # 0..1, where in the raw text it stood


@dataclass(frozen=True)
class Cleaned:
    text: str
    removed: tuple[Removed, ...]


@dataclass(frozen=True)
class _Rules:
    line: tuple[tuple[str, re.Pattern[str]], ...]
    tail_only: frozenset[str]
    block: tuple[tuple[str, re.Pattern[str]], ...]


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = json.loads((files("ceasefire") / "data" / "lexicons" / "boilerplate.json").read_text("utf-8"))
    line = tuple((p["name"], re.compile(rf"(?:{p['pattern']})", re.IGNORECASE)) for p in raw["line_patterns"])
    block = tuple(
        (p["name"], re.compile(rf"(?:{p['pattern']})", re.IGNORECASE)) for p in raw["block_starters"]
    )
    return _Rules(line, frozenset(raw.get("tail_only", ())), block)


_WS = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


def clean_text(raw: str, *, title: str = "") -> Cleaned:
    """Drop boilerplate lines, collapse blank runs, normalise to NFC; keep sentences intact."""
    rules = _rules()
    text = unicodedata.normalize("NFC", raw.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [_WS.sub(" ", ln).strip() for ln in text.split("\n")]
    n = max(len(lines), 1)
    content_idx = [i for i, ln in enumerate(lines) if ln]
    tail_start = content_idx[-3] if len(content_idx) >= 3 else 0
    removed: list[Removed] = []
    keep: list[str] = []
    cut_from: int | None = None
    # A comment form in the last third of a page takes everything after it with it.
    for i, ln in enumerate(lines):
        if ln and i > n * 0.6 and any(p.fullmatch(ln) for _, p in rules.block):
            cut_from = i
            break
    for i, ln in enumerate(lines):
        if cut_from is not None and i >= cut_from:
            if ln:
                removed.append(Removed(ln, "after-comment-form", i / n))
            continue
        if not ln:
            keep.append("")
            continue
        rule = _match_rule(ln, rules, tail=i >= tail_start)
        if rule:
            removed.append(Removed(ln, rule, i / n))
            continue
        keep.append(ln)
    keep = _drop_repeated_title(keep, removed)
    out = "\n".join(keep)
    out = re.sub(r"\n{3,}", "\n\n", out).strip()
    return Cleaned(out, tuple(removed))


def _match_rule(line: str, rules: _Rules, *, tail: bool) -> str:
    if len(line) > 240:  # boilerplate lines are short; long lines are prose
        return ""
    for name, pat in rules.line:
        if name in rules.tail_only and not tail:
            continue
        if pat.fullmatch(line):
            return name
    return ""


def _drop_repeated_title(lines: list[str], removed: list[Removed]) -> list[str]:
    """A title repeated on the next line (common in dumps) is kept once."""
    content = [i for i, ln in enumerate(lines) if ln]
    if len(content) >= 2:
        a, b = content[0], content[1]
        if _norm_line(lines[a]) == _norm_line(lines[b]):
            removed.append(Removed(lines[b], "repeated-title", 0.0))
            lines = lines[:b] + lines[b + 1 :]
    return lines


def _norm_line(s: str) -> str:
    return re.sub(r"\W+", " ", s).strip().casefold()


def normalize_for_id(text: str) -> str:
    """What makes two texts "the same document": case, punctuation and spacing do not count."""
    t = unicodedata.normalize("NFKC", text).casefold()
    return re.sub(r"[\W_]+", " ", t).strip()


def document_id(text: str) -> str:
    """Stable id: a hash of the normalised text (same text from any source = same id)."""
    return hashlib.sha256(normalize_for_id(text).encode("utf-8")).hexdigest()[:16]
