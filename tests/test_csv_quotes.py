"""A CSV as a spreadsheet user produces it (issue 12, "What to build" 4).

A stray or unterminated quote must not swallow the rows after it: the good rows around a bad
one survive, and each bad row is a rejection with the line it starts on.
"""

from __future__ import annotations

from pathlib import Path

from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.ingest.sources import RawItem, read_dump
from ceasefire.records import Rejected
from ceasefire.settings import Settings
from ceasefire.store import Store


def body(n: int) -> str:
    return f"Report {n}: two houses were damaged by shelling near the ferry landing on Friday."


def read(path: Path, settings: Settings) -> tuple[dict[int, str], dict[int, str]]:
    """Documents by line -> text, rejections by line -> detail."""
    docs: dict[int, str] = {}
    rejected: dict[int, str] = {}
    for item in read_dump(path, "csv", settings.fields):
        if isinstance(item, RawItem):
            assert item.line is not None
            docs[item.line] = item.text
        else:
            assert isinstance(item, Rejected) and item.line is not None, item
            rejected[item.line] = item.detail
    return docs, rejected


def write(tmp_path: Path, lines: list[str], name: str = "dump.csv") -> Path:
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_stray_opening_quote_rejects_its_row_only(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path,
        [
            "title,text",
            f"One,{body(1)}",
            f'Two,"{body(2)}',  # opened, never closed on its line
            f"Three,{body(3)}",
            f'Four,"{body(4)}"',  # its opening quote closes row two's
            f"Five,{body(5)}",
        ],
    )
    docs, rejected = read(path, settings)
    assert docs == {2: body(1), 4: body(3), 5: body(4), 6: body(5)}
    assert list(rejected) == [3] and "line 3" in rejected[3]


def test_an_unterminated_quote_does_not_take_the_rest_of_the_file(tmp_path: Path, settings: Settings) -> None:
    rows = [f"Row {i},{body(i)}" for i in range(2, 9)]
    rows[1] = f'Row 3,"{body(3)}'  # never closed: the reader would run to the end of the file
    path = write(tmp_path, ["title,text", *rows])
    docs, rejected = read(path, settings)
    assert sorted(docs) == [2, 4, 5, 6, 7, 8]
    assert docs[8] == body(8)
    assert list(rejected) == [3] and "end of data" in rejected[3]


def test_an_unterminated_quote_on_the_last_line_keeps_its_row(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, ["title,text", f"One,{body(1)}", f'Two,"{body(2)}'])
    docs, rejected = read(path, settings)
    assert docs == {2: body(1), 3: body(2) + "\n"} and rejected == {}


def test_text_after_a_closing_quote_on_one_line_is_read_leniently(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, ["title,text", f'"Truce" holds,{body(1)}', f"Next,{body(2)}"])
    docs, rejected = read(path, settings)
    assert docs == {2: body(1), 3: body(2)} and rejected == {}


def test_quoted_fields_over_several_lines_and_doubled_quotes_stay_one_document(
    tmp_path: Path, settings: Settings
) -> None:
    said = 'The mayor said: ""we counted them twice"", and left.'
    text = f"{body(1)}\n\n{said}\n\nA third paragraph, with commas."
    path = write(tmp_path, ["title,text", f'Long,"{text}"', f"Short,{body(2)}"])
    docs, rejected = read(path, settings)
    assert rejected == {}
    assert docs == {6: text.replace('""', '"'), 7: body(2)}  # a record is named by its last line


def test_a_row_with_extra_cells_is_rejected_with_its_line(tmp_path: Path, settings: Settings) -> None:
    path = write(tmp_path, ["title,text", f"A,{body(1)}", f"B,{body(2)},surplus", f"C,{body(3)}"])
    docs, rejected = read(path, settings)
    assert sorted(docs) == [2, 4] and list(rejected) == [3] and "3 cells" in rejected[3]


def test_tab_separated_with_a_stray_quote(tmp_path: Path, settings: Settings) -> None:
    path = write(
        tmp_path,
        ["title\ttext", f"A\t{body(1)}", f'B\t"{body(2)}', f"C\t{body(3)}", f"D\t{body(4)}"],
        name="dump.tsv",
    )
    docs, rejected = read(path, settings)
    assert docs == {2: body(1), 4: body(3), 5: body(4)} and list(rejected) == [3]


def test_mac_line_ends_and_a_byte_order_mark(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "mac.csv"
    path.write_bytes(
        ("\ufefftitle,text\r" + f"A,{body(1)}\r" + f'B,"{body(2)}\r' + f"C,{body(3)}\r").encode()
    )
    docs, rejected = read(path, settings)
    assert sorted(docs.values()) == [body(1), body(3)] and list(rejected) == [3]
    assert all(isinstance(t, str) for t in docs.values())


def test_through_ingest_every_row_is_a_document_or_a_rejection(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    rows = [f"T{i},{body(i)}" for i in range(2, 12)]
    rows[3] = f'T5,"{body(5)}'
    rows[7] = f'T9,"{body(9)}'
    path = write(tmp_path, ["title,text", *rows])
    report = ingest_sources([str(path)], store=store, settings=settings)
    assert len(report.stored) == 8
    assert sorted((r.reason, r.line) for r in store.rejected()) == [
        ("malformed-csv", 5),
        ("malformed-csv", 9),
    ]
