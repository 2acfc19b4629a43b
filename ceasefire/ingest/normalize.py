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


@dataclass(frozen=True)
class Decoded:
    """Text decoded from bytes, with the encoding it was read in and how sure that reading is.

    ``confidence`` is 1.0 when the encoding is known (a byte-order mark, valid UTF-8, a declared
    charset that fits); below 1.0 it was guessed: 1 - the charset detector's "chaos" of the text,
    at most 0.95 for UTF-16 recognised by its NUL bytes and 0.9 for a code page (single-byte code
    pages read almost any bytes, so a guess among them is never certain). ``encoding`` names a
    Python codec; a file whose lines are in two encodings is "utf-8+<codec>"."""

    text: str
    encoding: str
    confidence: float = 1.0


_BOMS = (  # longest first: the UTF-32 LE mark starts with the UTF-16 LE one
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_GUESS_CAP = 0.9  # a code page guessed by detection
_UTF16_CAP = 0.95  # UTF-16 recognised by the pattern of its NUL bytes


def decode_bytes(data: bytes, *, declared: str | None = None) -> str:
    """Decode bytes of unknown encoding, or raise SourceError(reason binary/encoding/empty)."""
    return decode(data, declared=declared).text


def decode(data: bytes, *, declared: str | None = None) -> Decoded:
    """Decode bytes of unknown encoding without corrupting them, in this order of trust: a
    byte-order mark; UTF-16 without one (recognised by its NUL bytes); UTF-8 (a last character
    cut in the middle is replaced, not a reason to read the file in another code page); the
    declared charset; UTF-8 lines mixed with lines in another encoding, each line in its own;
    a common Western code page (cp1252) when its reading is plausible; only then the charset
    detector's choice among the other code pages. Raises SourceError (binary/encoding/empty)."""
    if not data.strip():
        raise SourceError("empty input", reason="empty")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SourceError(f"binary file ({what}), not text", reason="binary")
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return Decoded(_check_text(data.decode(codec, "replace")), codec)
    if b"\x00" in data[:8192]:
        found = _utf16_without_bom(data)
        if found is None:
            raise SourceError("binary file (NUL bytes), not text", reason="binary")
        return found
    cut = _utf8(data)
    if cut is not None:
        return Decoded(_check_text(cut), "utf-8")
    if declared:
        try:
            return Decoded(_check_text(data.decode(declared)), _codec_name(declared))
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common; fall through to detection
    mixed = _mixed_lines(data)
    if mixed is not None:
        return mixed
    return _code_page(data)


def wide_encoding(head: bytes) -> Decoded | None:
    """The encoding of text whose lines cannot be split on byte 0x0A (UTF-16 and UTF-32, with a
    byte-order mark or recognised by their NUL bytes), from the first bytes; None otherwise.
    The returned text is the head's, for a first look only."""
    for bom, codec in _BOMS:
        if head.startswith(bom) and codec != "utf-8-sig":
            return Decoded(head.decode(codec, "replace"), codec)
    if b"\x00" in head[:8192]:
        return _utf16_without_bom(head)
    return None


class LineDecoder:
    """Lines of a dump, decoded one at a time: a line that is UTF-8 is read as UTF-8, any other
    in the dump's other encoding, detected once on the first lines that are not UTF-8 (so a
    latin-1 row pasted into a UTF-8 dump reads right, and so does a dump wholly in a code page)."""

    def __init__(self, head: bytes = b"") -> None:
        self._head = head
        self._other: Decoded | None = None

    def __call__(self, line: bytes, *, last: bool = False) -> Decoded:
        text = _utf8(line, last=last)
        if text is not None:
            return Decoded(text, "utf-8")
        other = self.other(line)
        return Decoded(line.decode(other.encoding, "replace"), other.encoding, other.confidence)

    def other(self, line: bytes) -> Decoded:
        if self._other is None:
            lines = [ln for ln in self._head.splitlines(keepends=True)[:-1] if _utf8(ln) is None]
            sample = b"".join(lines) or line
            try:
                found = _code_page(sample)
                self._other = Decoded("", found.encoding, found.confidence)
            except SourceError:  # garbage: read it as cp1252 and say nothing is sure
                self._other = Decoded("", "cp1252", 0.0)
        return self._other


def _codec_name(name: str) -> str:
    import codecs

    try:
        return codecs.lookup(name).name
    except LookupError:
        return name


def _utf8(data: bytes, *, last: bool = True) -> str | None:
    """``data`` as UTF-8, or None when it is not UTF-8. With ``last`` (the end of the input), a
    multi-byte character cut at the very end (a truncated file) is one U+FFFD, not a failure."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        if last and e.end == len(data) and e.reason == "unexpected end of data":
            return data[: e.start].decode("utf-8") + "\ufffd"
        return None


def _utf16_without_bom(data: bytes) -> Decoded | None:
    """UTF-16 without a byte-order mark: in text of any script, spaces, digits, punctuation and
    line ends are code units with a NUL high byte, so one parity of the bytes holds many NULs and
    the other almost none (binary files hold NULs at both)."""
    sample = data[:8192]
    sample = sample[: len(sample) // 2 * 2]
    half = max(len(sample) // 2, 1)
    even = sample[0::2].count(0) / half
    odd = sample[1::2].count(0) / half
    if odd >= 0.1 and even <= 0.01:
        codec = "utf-16-le"
    elif even >= 0.1 and odd <= 0.01:
        codec = "utf-16-be"
    else:
        return None
    body = data[: len(data) // 2 * 2]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError:
        text = body.decode(codec, "replace")
        if text.count("\ufffd") > max(2, len(text) // 1000):
            return None  # lone surrogates everywhere: not UTF-16 after all
    if len(body) < len(data):  # cut inside the last code unit
        text += "\ufffd"
    try:
        text = _check_text(text)
    except SourceError:
        return None
    return Decoded(text, codec, min(_UTF16_CAP, _sureness(text)))


def _mixed_lines(data: bytes) -> Decoded | None:
    """A UTF-8 file with lines in another encoding pasted in (or the reverse): when some lines
    hold valid multi-byte UTF-8 and others are not UTF-8, each line is read in its own encoding,
    the other one detected on the lines that are not UTF-8."""
    lines = data.splitlines(keepends=True)
    decoded: list[str | None] = []
    utf8_non_ascii = False
    for i, line in enumerate(lines):
        text = _utf8(line, last=i == len(lines) - 1)
        decoded.append(text)
        if text is not None and not line.isascii():
            utf8_non_ascii = True
    if not utf8_non_ascii:
        return None
    rest = b"".join(line for line, text in zip(lines, decoded, strict=True) if text is None)
    other = _code_page(rest)
    parts = [
        t if t is not None else line.decode(other.encoding, "replace")
        for line, t in zip(lines, decoded, strict=True)
    ]
    text = _check_text("".join(parts))
    return Decoded(text, f"utf-8+{other.encoding}", other.confidence)


def _code_page(data: bytes) -> Decoded:
    """Bytes that are not UTF-8: a Western code page when its reading is plausible text, else
    the charset detector's choice."""
    western = _western_page(data.decode("cp1252", "replace"))
    if western is not None:
        text = _check_text(data.decode(western, "replace"))
        return Decoded(text, western, min(_GUESS_CAP, _sureness(text)))
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[:200_000]))
    if not matches:
        raise SourceError("unknown text encoding (no charset fits)", reason="encoding")
    # the detector ranks near-ties arbitrarily (iso8859_3 for Polish in cp1250): among the
    # readings as good as its best, a common code page goes before a rare one
    best = matches[0]
    tied = [m for m in matches if m.chaos <= best.chaos + 0.02 and m.coherence >= best.coherence - 0.05]
    encoding = min(tied, key=lambda m: _COMMON.index(m.encoding) if m.encoding in _COMMON else 99).encoding
    text = _check_text(data.decode(encoding, "replace"))
    return Decoded(text, encoding, min(_GUESS_CAP, _sureness(text)))


# Code pages in wide use, most common first (Python codec names as the detector gives them).
_COMMON = (
    "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "koi8_r", "koi8_u", "gb18030", "big5", "cp932", "shift_jis", "euc_jp", "cp949", "euc_kr",
    "iso8859_2", "iso8859_5", "iso8859_6", "iso8859_7", "iso8859_8", "iso8859_9", "iso8859_15",
    "tis_620", "cp874",
)  # fmt: skip


# Punctuation and signs common in Western European text beyond ASCII (cp1252's extras included).
_WESTERN_SIGNS = frozenset(" ’‘“”„–—…«»°€£§©®™·•¡¿ºª×½†´")


# Letters of Icelandic only among the Western languages: ISO-8859-9 / cp1254 (Turkish) is
# latin-1 / cp1252 with exactly these replaced by Turkish letters (ğ ı ş Ğ İ Ş).
_TURKISH_SLOTS = frozenset("ðýþÐÝÞ")


def _western_page(text: str) -> str | None:
    """The Western code page of a cp1252 reading when it looks like Western European text, or
    None: what is not ASCII must be mostly Latin letters and common punctuation, and accented
    letters a minority of the letters (a Cyrillic, Greek, Arabic or Hebrew code page read as
    cp1252 is nearly all accented letters; a Central European one gives signs inside words; a
    byte cp1252 leaves undefined never occurs). Many letters from the slots where Turkish
    differs make it cp1254."""
    sample = text[:100_000]
    letters = accented = odd = slots = 0
    for ch in sample:
        if ch.isascii():
            letters += ch.isalpha()
            continue
        if ch == "\ufffd":
            return None
        if ch.isalpha() and ord(ch) < 0x250:
            letters += 1
            accented += 1
            slots += ch in _TURKISH_SLOTS
        elif ch not in _WESTERN_SIGNS:
            odd += 1
    if odd > max(2, (accented + odd) * 0.05) or accented > max(3, letters * 0.25):
        return None
    return "cp1254" if slots and slots >= accented * 0.1 else "cp1252"


def _sureness(text: str) -> float:
    """1 - the charset detector's measure of chaos (odd mixes of scripts, symbols, case)."""
    from charset_normalizer.md import mess_ratio

    return round(1.0 - mess_ratio(text[:100_000], maximum_threshold=1.0), 2)


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
    any_length: frozenset[str]  # rules for lines of any length (a list of other stories' headlines)


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    raw = json.loads((files("ceasefire") / "data" / "lexicons" / "boilerplate.json").read_text("utf-8"))
    line = tuple((p["name"], re.compile(rf"(?:{p['pattern']})", re.IGNORECASE)) for p in raw["line_patterns"])
    block = tuple(
        (p["name"], re.compile(rf"(?:{p['pattern']})", re.IGNORECASE)) for p in raw["block_starters"]
    )
    any_length = frozenset(p["name"] for p in raw["line_patterns"] if p.get("any_length"))
    return _Rules(line, frozenset(raw.get("tail_only", ())), block, any_length)


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
    long = len(line) > 240  # boilerplate lines are short; long lines are prose
    for name, pat in rules.line:
        if (name in rules.tail_only and not tail) or (long and name not in rules.any_length):
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
