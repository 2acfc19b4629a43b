"""The robustness corpus (issue 12, acceptance): N inputs covering every way an input can go
wrong, and a check that each one is accounted for.

The corpus holds normal reports (paragraphs of the demo corpus in ceasefire/data/demo, rotated
and recombined, each with a sentence of its own) and, among them, every case of issue 12: file
names that are not UTF-8, hold a line break or a leading dash, or are very long; symlinks that
dangle, loop or point at a folder; FIFOs; an unreadable folder; an empty folder and empty
files; an empty JSONL, a header-only CSV and a zero-row Parquet; a Parquet file with a corrupt
page; texts over the character cap and (with --huge) a real-sized one over spaCy's limit;
figures no casualty count can reach; latin-1, cp1252, cp1251 and mixed-encoding texts, UTF-8
cut inside its last character, UTF-16 with and without a byte-order mark; CSVs with stray and
unterminated quotes; binary files; exact and near duplicates. A ledger names every input
("unit": a file, a link, a folder, or one record of a dump) and what it may end as.

The check runs ``ceasefire ingest`` then ``ceasefire extract`` as a user would and matches
every unit to a stored document, a rejection or a duplicate (the duplicates left over must
equal the count ingest reports), and every stored document and rejection to a unit; it counts
tracebacks in the commands' output and verifies that extraction reached every document.

    python -m tests.robustness_corpus --n 3000 --out /tmp/corpus        # generate, run, check
    python -m tests.robustness_corpus --n 3000 --out /tmp/corpus --generate-only
    (cd /tmp/corpus && ceasefire ingest inputs empty-folder --db store.db --no-extract --json > ingest.json
     && ceasefire extract --db store.db)
    python -m tests.robustness_corpus --out /tmp/corpus --check-only

Never run it on a folder of your own: --out is replaced.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

DEMO = Path(__file__).resolve().parent.parent / "ceasefire" / "data" / "demo"
INPUTS = "inputs"  # the folder under --out that is ingested, named relative to --out
EMPTY = "empty-folder"  # an empty folder named beside it

# Texts of our own for the encoding cases (never from a real report).
FRENCH = (
    "Le ministère de la Défense a annoncé jeudi que deux soldats ont été blessés près du pont, "
    "où des tirs d'artillerie ont repris après une trêve très fragile. Le préfet a demandé "
    "l'évacuation des écoles du secteur."
)
RUSSIAN = (
    "Министерство сообщило, что двое военнослужащих были ранены вблизи переправы в четверг "
    "вечером. По словам министерства, обстановка остаётся напряжённой."
)
SMART = (
    "The ministry\u2019s spokesman said \u201ctwo soldiers were wounded\u201d near the bridge on "
    "Thursday \u2013 a figure the district\u2019s officials did not dispute."
)
HUGE_NUMBER = (
    "The rebels claimed that 99999999999999999999999 soldiers were killed and 18446744073709551616 "
    "wounded near the bridge on Thursday, a figure the ministry called absurd; the ministry said "
    "two soldiers were killed."
)


@dataclass
class Unit:
    """One input as a user counts them, and what it may end as.

    ``docs`` are the sources a stored document of it would have, ``rejs`` the (source, line)
    pairs a rejection of it would have (line None: any); ``expect`` is "doc", "rejection",
    "doc-or-duplicate" or "any"; ``contains`` is text its document must hold (decoding)."""

    case: str
    docs: list[str] = field(default_factory=list)
    rejs: list[tuple[str, int | None]] = field(default_factory=list)
    expect: str = "doc"
    contains: str = ""


class Corpus:
    def __init__(self, out: Path, seed: int, huge: bool) -> None:
        self.out = out
        self.root = out / INPUTS
        self.rng = random.Random(seed)
        self.with_long = huge
        self.units: list[Unit] = []
        self.paragraphs = _demo_paragraphs()
        self.normal_texts: list[str] = []
        self.n = 0  # a running number that makes names and texts unique

    # -- helpers --------------------------------------------------------------------------

    def name(self, stem: str, ext: str = ".txt") -> str:
        self.n += 1
        return f"{self.n:05d}-{stem}{ext}"

    def rel(self, path: Path | bytes) -> str:
        """A path as ingest records it (relative to --out, names that are not UTF-8 escaped)."""
        from ceasefire.ingest.sources import printable

        p = os.fsdecode(path)
        return printable(os.path.relpath(p, self.out))

    def folder(self) -> Path:
        sub = self.root / f"batch-{self.n // 200:03d}"
        sub.mkdir(parents=True, exist_ok=True)
        return sub

    def report(self) -> str:
        """A normal report: a title and three to six demo paragraphs, with a sentence of its own."""
        k = self.rng.randint(3, 6)
        start = self.rng.randrange(len(self.paragraphs))
        paras = [self.paragraphs[(start + j * 7) % len(self.paragraphs)] for j in range(k)]
        self.rng.shuffle(paras)
        note = f"Desk note {self.n}: this account was filed under reference {self.rng.randrange(10**9)}."
        title = f"Border report {self.n}"
        return "\n\n".join([title, *paras, note])

    def file(self, case: str, data: bytes, *, stem: str = "", ext: str = ".txt", **unit: Any) -> Path:
        path = self.folder() / self.name(stem or case, ext)
        path.write_bytes(data)
        self.add(Unit(case, docs=[self.rel(path)], rejs=[(self.rel(path), None)], **unit))
        return path

    def add(self, unit: Unit) -> None:
        self.units.append(unit)

    # -- the cases ------------------------------------------------------------------------

    def normal(self) -> None:
        text = self.report()
        self.normal_texts.append(text)
        self.file("normal", text.encode(), expect="doc-or-duplicate")

    def normal_html(self) -> None:
        text = self.report()
        paras = "".join(f"<p>{p}</p>" for p in text.split("\n\n")[1:])
        page = (
            f"<!doctype html><html><head><title>{text.split(chr(10))[0]}</title></head><body>"
            f"<nav><a href='/'>Home</a> | <a href='/world'>World</a></nav><article><h1>"
            f"{text.split(chr(10))[0]}</h1>{paras}</article><footer>All rights reserved</footer>"
            "</body></html>"
        )
        self.file("html", page.encode(), ext=".html", expect="doc-or-duplicate")

    def duplicate(self) -> None:
        if not self.normal_texts:
            self.normal()
        text = self.rng.choice(self.normal_texts)
        self.file("duplicate", text.encode(), expect="doc-or-duplicate")

    def near_duplicate(self) -> None:
        if not self.normal_texts:
            self.normal()
        text = self.rng.choice(self.normal_texts).replace(" the ", " this ", 1) + "\n\nUpdated."
        self.file("near-duplicate", text.encode(), expect="doc-or-duplicate")

    def bad_names(self) -> None:
        base = self.folder()
        names = [
            os.fsencode(base) + f"/{self.n:05d}-r\xe9port".encode("latin-1") + b".txt",  # not UTF-8
            os.fsencode(base / f"{self.n:05d}-line\nbreak.txt"),
            os.fsencode(base / f"-rf {self.n:05d} ü ?*[x].txt"),
            os.fsencode(base / (f"{self.n:05d}-" + "long" * 60 + ".txt")),
        ]
        for raw in names:
            self.n += 1
            Path(os.fsdecode(raw)).write_bytes(self.report().encode())
            self.add(Unit("bad-name", docs=[self.rel(raw)], expect="doc-or-duplicate"))

    def symlinks(self) -> None:
        base = self.folder()
        dangling = base / self.name("dangling")
        dangling.symlink_to(base / "no-such-file.txt")
        a, b = base / self.name("loop-a"), base / self.name("loop-b")
        a.symlink_to(b)
        b.symlink_to(a)
        to_folder = base / self.name("to-folder", "")
        to_folder.symlink_to(self.root)
        for p in (dangling, a, b, to_folder):
            self.add(Unit("symlink", rejs=[(self.rel(p), None)], expect="rejection"))

    def fifo(self) -> None:
        p = self.folder() / self.name("pipe")
        os.mkfifo(p)
        self.add(Unit("fifo", rejs=[(self.rel(p), None)], expect="rejection"))

    def unreadable_folder(self) -> None:
        locked = self.folder() / self.name("locked", "")
        locked.mkdir()
        inside = locked / "inside.txt"
        inside.write_bytes(self.report().encode())
        os.chmod(locked, 0)
        # root reads every folder: the file inside is then a document instead
        self.add(
            Unit("unreadable-folder", docs=[self.rel(inside)], rejs=[(self.rel(locked), None)], expect="any")
        )

    def empties(self) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        base = self.folder()
        empty_dir = self.out / EMPTY  # named on the command line beside the inputs
        if not empty_dir.exists():
            empty_dir.mkdir()
            self.add(Unit("empty", rejs=[(EMPTY, None)], expect="rejection"))
        self.file("empty", b"", stem="empty-file", expect="rejection")
        self.file("empty", b"  \n\n \t\n", stem="blank-file", expect="rejection")
        self.file("empty", b"\n\n", stem="empty", ext=".jsonl", expect="rejection")
        self.file("empty", b"title,text\n", stem="header-only", ext=".csv", expect="rejection")
        p = base / self.name("no-rows", ".parquet")
        pq.write_table(pa.table({"text": pa.array([], pa.string())}), p)
        self.add(Unit("empty", rejs=[(self.rel(p), None)], expect="rejection"))

    def parquet(self, corrupt: bool) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        p = self.folder() / self.name("corrupt" if corrupt else "dump", ".parquet")
        texts = [self.report() for _ in range(9)]
        pq.write_table(pa.table({"text": texts}), p, row_group_size=3, compression="zstd")
        bad = range(4, 7) if corrupt else range(0)
        if corrupt:  # the second row group's first page header
            col = pq.ParquetFile(p).metadata.row_group(1).column(0)
            data = bytearray(p.read_bytes())
            start = col.dictionary_page_offset if col.has_dictionary_page else col.data_page_offset
            for i in range(start, start + 16):
                data[i] ^= 0xFF
            p.write_bytes(bytes(data))
            self.add(Unit("corrupt-parquet", rejs=[(self.rel(p), 4)], expect="rejection"))
        for n in range(1, 10):
            if n not in bad:
                case = "corrupt-parquet" if corrupt else "parquet"
                self.add(Unit(case, docs=[f"{self.rel(p)}:{n}"], expect="doc-or-duplicate"))

    def huge(self) -> None:
        over = (self.report() + "\n\n") * (2_100_000 // 2000)
        while len(over) <= 2_100_000:
            over += self.report() + "\n\n"
        self.file("huge-text", over.encode(), stem="over-cap", expect="rejection")
        line = json.dumps({"title": "huge field", "text": over}) + "\n"
        p = self.folder() / self.name("huge-field", ".jsonl")
        p.write_text(line)
        self.add(Unit("huge-text", rejs=[(f"{self.rel(p)}:1", 1)], expect="rejection"))
        if self.with_long:  # a long real-sized text over spaCy's 1,000,000 characters: chunked
            parts, size = [], 0
            while size < 1_100_000:
                parts.append(self.report())
                size += len(parts[-1]) + 2
            self.file("huge-text", "\n\n".join(parts).encode(), stem="long-in-cap", expect="doc")

    def huge_numbers(self) -> None:
        self.file("huge-number", f"{self.report()}\n\n{HUGE_NUMBER}".encode(), expect="doc-or-duplicate")

    def encodings(self) -> None:
        ref = f" Note {self.n}."
        self.file("latin-1", (FRENCH + ref).encode("latin-1"), contains="ministère")
        self.file("cp1252", (SMART + ref).encode("cp1252"), contains="\u201ctwo soldiers")
        self.file("cp1251", (RUSSIAN + ref).encode("cp1251"), contains="Министерство")
        mixed = (self.report() + "\n").encode() + (FRENCH + ref + "\n").encode("latin-1")
        self.file("mixed-encodings", mixed, contains="ministère")
        cut = (self.report() + "\n\n" + FRENCH + ref + " Fin à l'été").encode()[:-1]
        self.file("cut-utf8", cut, contains="ministère")
        body = self.report() + "\n\n" + FRENCH + ref
        self.file("utf16-no-bom", body.encode("utf-16-le"), contains="ministère")
        self.file("utf16-no-bom", (body + " BE").encode("utf-16-be"), contains="ministère")
        self.file("utf16-bom", (body + " BOM").encode("utf-16"), contains="ministère")

    def csv_quotes(self) -> None:
        p = self.folder() / self.name("stray-quotes", ".csv")
        rows = [f"R{self.n}-{i},{self.row_text()}" for i in range(2, 10)]
        rows[2] = rows[2].replace(",", ',"', 1)  # line 4 opens a quote it never closes
        rows[4] = rows[4].replace(",", ',"', 1) + '"'  # line 6 is quoted properly
        rows[6] = rows[6].replace(",", ',"', 1)  # line 8 opens another one
        p.write_text("title,text\n" + "\n".join(rows) + "\n")
        for line in range(2, 10):
            if line in (4, 8):
                self.add(Unit("stray-quote-csv", rejs=[(self.rel(p), line)], expect="rejection"))
            else:
                self.add(Unit("stray-quote-csv", docs=[f"{self.rel(p)}:{line}"], expect="doc-or-duplicate"))
        p = self.folder() / self.name("unterminated", ".csv")
        rows = [f"U{self.n}-{i},{self.row_text()}" for i in range(2, 7)]
        rows[1] = rows[1].replace(",", ',"', 1)  # line 3: never closed, no quote after it
        p.write_text("title,text\n" + "\n".join(rows) + "\n")
        for line in range(2, 7):
            unit = (
                Unit("unterminated-quote-csv", rejs=[(self.rel(p), 3)], expect="rejection")
                if line == 3
                else Unit("unterminated-quote-csv", docs=[f"{self.rel(p)}:{line}"], expect="doc-or-duplicate")
            )
            self.add(unit)

    def row_text(self) -> str:
        """A report as one CSV cell that needs no quoting."""
        return self.report().replace("\n", " ").replace(",", ";").replace('"', "'")

    def jsonl(self) -> None:
        p = self.folder() / self.name("dump", ".jsonl")
        lines = [json.dumps({"title": f"J{self.n}-{i}", "text": self.report()}) for i in range(4)]
        lines.insert(2, '{"title": "broken", "text": ')  # line 3: malformed
        lines.insert(4, '["not", "an", "object"]')  # line 5
        raw = "\n".join(lines).encode() + b"\n"
        raw += json.dumps({"title": "latin", "text": FRENCH}, ensure_ascii=False).encode("latin-1") + b"\n"
        p.write_bytes(raw)
        for line in range(1, 8):
            if line in (3, 5):
                self.add(Unit("jsonl", rejs=[(self.rel(p), line)], expect="rejection"))
            else:
                contains = "ministère" if line == 7 else ""
                self.add(
                    Unit(
                        "jsonl", docs=[f"{self.rel(p)}:{line}"], expect="doc-or-duplicate", contains=contains
                    )
                )

    def binaries(self) -> None:
        blobs = {
            "png": b"\x89PNG\r\n\x1a\n" + self.rng.randbytes(600),
            "pdf": b"%PDF-1.7\n" + self.rng.randbytes(600),
            "gzip": gzip.compress(self.report().encode()),
            "elf": b"\x7fELF\x02\x01\x01" + self.rng.randbytes(600),
            "zip": b"PK\x03\x04" + self.rng.randbytes(600),
            "random": bytes(self.rng.randrange(256) for _ in range(3000)),
            "sqlite": b"SQLite format 3\x00" + bytes(600),
        }
        for kind, data in blobs.items():
            self.file("binary", data, stem=f"binary-{kind}", expect="rejection")

    # -- the whole corpus -------------------------------------------------------------------

    def build(self, n: int) -> None:
        if self.out.exists():
            restore_permissions(self.out)
            shutil.rmtree(self.out)
        self.root.mkdir(parents=True)
        every = [
            self.normal_html,
            self.duplicate,
            self.near_duplicate,
            self.bad_names,
            self.symlinks,
            self.fifo,
            self.unreadable_folder,
            self.empties,
            lambda: self.parquet(corrupt=False),
            lambda: self.parquet(corrupt=True),
            self.huge,
            self.huge_numbers,
            self.encodings,
            self.csv_quotes,
            self.jsonl,
            self.binaries,
        ]
        for make in every:  # every case at least once, whatever n
            make()
        # then mostly normal reports, with every case again now and then (the huge texts once)
        mix = [*every[:10], *every[11:]]
        while len(self.units) < n:
            if self.rng.random() < 0.75:
                self.normal()
            else:
                self.rng.choice(mix)()
        ledger = {"n": len(self.units), "units": [asdict(u) for u in self.units]}
        (self.out / "ledger.json").write_text(json.dumps(ledger, ensure_ascii=False, indent=0))


def _demo_paragraphs() -> list[str]:
    paras: list[str] = []
    for f in sorted(DEMO.glob("*.txt")):
        paras += [p.strip() for p in f.read_text("utf-8").split("\n\n") if len(p.strip()) > 80]
    if not paras:
        raise SystemExit(f"no demo paragraphs under {DEMO}")
    return paras


def restore_permissions(out: Path) -> None:
    """Make the corpus removable again (the unreadable folders)."""
    for folder, dirs, _files in os.walk(out, onerror=lambda e: None):
        for d in dirs:
            p = Path(folder) / d
            if not p.is_symlink():
                os.chmod(p, stat.S_IRWXU)


def generate(out: Path, n: int, *, seed: int = 12, huge: bool = False) -> int:
    corpus = Corpus(out, seed, huge)
    corpus.build(n)
    return len(corpus.units)


# -- running and checking ------------------------------------------------------------------


def _cli(out: Path, *args: str, log: str) -> tuple[int, float]:
    t = time.perf_counter()
    with (out / f"{log}.out").open("wb") as so, (out / f"{log}.err").open("wb") as se:
        rc = subprocess.run(
            [sys.executable, "-m", "ceasefire", *args, "--db", "store.db"],
            cwd=out,
            stdout=so,
            stderr=se,
            stdin=subprocess.DEVNULL,
            check=False,
        ).returncode
    return rc, time.perf_counter() - t


def run(out: Path) -> dict[str, Any]:
    """``ceasefire ingest`` then ``ceasefire extract`` on the corpus, as a user runs them."""
    (out / "store.db").unlink(missing_ok=True)
    try:
        rc_i, t_i = _cli(out, "ingest", INPUTS, EMPTY, "--no-extract", "--json", log="ingest")
    finally:
        restore_permissions(out)
    rc_e, t_e = _cli(out, "extract", log="extract")
    timing = {"ingest_rc": rc_i, "ingest_s": round(t_i, 1), "extract_rc": rc_e, "extract_s": round(t_e, 1)}
    (out / "timing.json").write_text(json.dumps(timing))
    return timing


@dataclass
class Tally:
    units: int = 0
    documents: int = 0
    duplicates: int = 0
    rejections: int = 0
    reported: dict[str, int] = field(default_factory=dict)  # what ingest --json printed
    by_case: dict[str, Counter[str]] = field(default_factory=dict)
    reasons: Counter[str] = field(default_factory=Counter)
    extraction: Counter[str] = field(default_factory=Counter)
    tracebacks: int = 0
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        out = [
            f"{self.units} inputs: {self.documents} documents, {self.duplicates} duplicates, "
            f"{self.rejections} rejections; tracebacks {self.tracebacks}",
            f"ingest reported: {self.reported}",
            f"extraction status of the documents: {dict(sorted(self.extraction.items()))}",
            f"rejection reasons: {dict(sorted(self.reasons.items()))}",
        ]
        for case, c in sorted(self.by_case.items()):
            out.append(f"  {case:24} " + ", ".join(f"{k} {v}" for k, v in sorted(c.items())))
        out += [f"PROBLEM: {p}" for p in self.problems[:50]]
        return out


def check(out: Path) -> Tally:
    """Match every unit of the ledger to what ingest and extract did."""
    from ceasefire.store import Store

    ledger = json.loads((out / "ledger.json").read_text())
    reported = json.loads((out / "ingest.out").read_text() or "{}")
    tally = Tally(units=len(ledger["units"]))
    tally.reported = {k: reported.get(k, -1) for k in ("stored", "duplicate", "near_duplicate", "rejected")}
    for log in ("ingest", "extract"):
        for suffix in ("out", "err"):
            p = out / f"{log}.{suffix}"
            if p.exists():
                tally.tracebacks += p.read_bytes().count(b"Traceback (most recent call last)")
    store = Store(str(out / "store.db"), create=False, read_only=True)
    try:
        docs = {d.source: d for d in store.documents()}
        rejected = Counter((r.source, r.line) for r in store.rejected())
        by_source = Counter(r.source for r in store.rejected())
        status = {s["document_id"]: s for s in store.extraction_status()}
    finally:
        store.close()
    reasons = {(r["source"], r["line"]): r["reason"] for r in reported.get("rejections", [])}
    used_docs: set[str] = set()
    left: list[dict[str, Any]] = []
    for u in ledger["units"]:
        case = tally.by_case.setdefault(u["case"], Counter())
        doc = next((s for s in u["docs"] if s in docs and s not in used_docs), None)
        if doc is not None:
            used_docs.add(doc)
            tally.documents += 1
            case["document"] += 1
            if u["expect"] == "rejection":
                tally.problems.append(f"{u['case']} {doc}: stored, expected a rejection")
            if u["contains"] and u["contains"] not in docs[doc].text:
                tally.problems.append(f"{u['case']} {doc}: text lacks {u['contains']!r} (decoded wrong)")
            continue
        rej = None
        for source, line in u["rejs"]:
            if line is None and by_source[source] > 0:
                rej = next(k for k, v in rejected.items() if k[0] == source and v > 0)
            elif (source, line) in rejected and rejected[(source, line)] > 0:
                rej = (source, line)
            if rej:
                break
        if rej is not None:
            rejected[rej] -= 1
            by_source[rej[0]] -= 1
            tally.rejections += 1
            case["rejection"] += 1
            tally.reasons[reasons.get(rej, "?")] += 1
            if u["expect"] in ("doc", "doc-or-duplicate"):
                tally.problems.append(
                    f"{u['case']} {rej}: rejected ({reasons.get(rej)}), expected a document"
                )
            continue
        left.append(u)
    # what no unit took is a duplicate: exactly as many as ingest reported
    tally.duplicates = len(left)
    for u in left:
        tally.by_case[u["case"]]["duplicate"] += 1
        if u["expect"] not in ("doc-or-duplicate", "any"):
            tally.problems.append(f"{u['case']} {u['docs'] or u['rejs']}: not found as a {u['expect']}")
    if tally.duplicates != reported.get("duplicate", -1):
        tally.problems.append(
            f"{tally.duplicates} inputs matched nothing, "
            f"but ingest reported {reported.get('duplicate')} duplicates"
        )
    for source in sorted(set(docs) - used_docs):
        tally.problems.append(f"a document no input accounts for: {source}")
    for (source, line), v in rejected.items():
        if v > 0:
            tally.problems.append(f"a rejection no input accounts for: {source} line {line}")
    for d in docs.values():
        s = status.get(d.id)
        tally.extraction[s["status"] if s else "never-reached"] += 1
        if s is None:
            tally.problems.append(f"extraction never reached {d.source}")
        elif s["status"] == "error":
            tally.problems.append(f"extraction failed on {d.source}: {s['reason']}")
    if tally.tracebacks:
        tally.problems.append(f"{tally.tracebacks} tracebacks in the commands' output")
    return tally


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m tests.robustness_corpus", description=__doc__.split("\n\n")[0]
    )
    ap.add_argument("--n", type=int, default=3000, help="inputs to generate (at least one of every case)")
    ap.add_argument("--out", type=Path, required=True, help="folder to (re)create: inputs/, ledger, store")
    ap.add_argument("--seed", type=int, default=12)
    ap.add_argument("--huge", action="store_true", help="also a 1.1M-character report (slow to extract)")
    ap.add_argument("--generate-only", action="store_true")
    ap.add_argument("--check-only", action="store_true", help="check a corpus already ingested and extracted")
    args = ap.parse_args(argv)
    out = args.out.resolve()
    if not args.check_only:
        t = time.perf_counter()
        n = generate(out, args.n, seed=args.seed, huge=args.huge)
        print(f"generated {n} inputs under {out / INPUTS} in {time.perf_counter() - t:.1f} s", flush=True)
        if args.generate_only:
            print("the unreadable folders stay unreadable until the run (or restore_permissions)")
            return 0
        timing = run(out)
        print(f"ingest {timing['ingest_s']} s (exit {timing['ingest_rc']}), extract {timing['extract_s']} s "
              f"(exit {timing['extract_rc']})")  # fmt: skip
    tally = check(out)
    print("\n".join(tally.lines()))
    return 1 if tally.problems else 0


if __name__ == "__main__":
    sys.exit(main())
