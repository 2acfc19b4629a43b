"""Decoding never corrupts the stored text (issue 12, "What to build" 3).

Every quote and offset points into the decoded text, so a wrong code page is silent damage:
each case here is a way bytes reach us that the detector used to read wrongly.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ceasefire.errors import SourceError
from ceasefire.ingest.normalize import decode, decode_bytes
from ceasefire.ingest.pipeline import ingest_sources
from ceasefire.ingest.sources import RawItem, read_dump
from ceasefire.records import Rejected
from ceasefire.settings import Settings
from ceasefire.store import Store

FRENCH = (
    "Le ministère de la Défense a annoncé vendredi que trois soldats ont été blessés près de la "
    "frontière, où les tirs d'artillerie ont repris après une trêve très fragile."
)
GERMAN = "Das Ministerium teilte mit, dass zwei Häuser zerstört wurden; die Straße bleibt gesperrt."
RUSSIAN = "Министерство сообщило, что двое солдат были ранены вблизи границы в пятницу вечером."
GREEK = "Το υπουργείο ανακοίνωσε ότι δύο στρατιώτες τραυματίστηκαν κοντά στα σύνορα την Παρασκευή."
POLISH = "Ministerstwo poinformowało w piątek, że dwóch żołnierzy zostało rannych w pobliżu granicy."


# --- a UTF-8 file cut inside its last character ------------------------------------------------


@pytest.mark.parametrize("cut", [1, 2])
def test_utf8_cut_inside_its_last_character_stays_utf8(cut: int) -> None:
    data = (FRENCH + " Fin: 5 km au nord de la ville \u20ac").encode("utf-8")[:-cut]  # € is 3 bytes
    got = decode(data)
    assert got.encoding == "utf-8" and got.confidence == 1.0
    assert "ministère" in got.text and "Défense" in got.text
    assert got.text.endswith("ville \ufffd")  # the cut character replaced, nothing else


def test_a_cut_two_byte_character_at_the_end_is_one_replacement() -> None:
    data = FRENCH.encode("utf-8") + "é".encode()[:1]
    got = decode(data)
    assert got.text == FRENCH + "\ufffd" and got.encoding == "utf-8"


def test_an_invalid_byte_in_the_middle_is_not_a_cut_tail() -> None:
    # a latin-1 "é" in the middle of an otherwise ASCII text: the whole text is latin-1
    data = b"The minist\xe8re said two soldiers were wounded near the border on Friday evening."
    got = decode(data)
    assert "ministère" in got.text and got.encoding == "cp1252" and got.confidence < 1.0


# --- Western code pages before exotic ones -----------------------------------------------------


@pytest.mark.parametrize("codec", ["latin-1", "cp1252"])
@pytest.mark.parametrize("text", [FRENCH, GERMAN, "Short: ministère."])
def test_latin1_and_cp1252_western_text_is_read_as_western(codec: str, text: str) -> None:
    got = decode(text.encode(codec))
    assert got.text == text  # "ministère", never "ministčre"
    assert got.encoding == "cp1252"
    assert 0 < got.confidence < 1.0  # a guess says so


def test_cp1252_typographic_quotes_and_dashes() -> None:
    text = (
        "The spokesman said \u201cthree were killed\u201d \u2013 a figure the ministry\u2019s "
        "officials disputed."
    )
    got = decode(text.encode("cp1252"))
    assert got.text == text and got.encoding == "cp1252"


@pytest.mark.parametrize(
    ("text", "codec"),
    [(RUSSIAN, "cp1251"), (RUSSIAN, "koi8-r"), (GREEK, "cp1253"), (POLISH, "cp1250")],
)
def test_other_scripts_in_their_code_pages_are_not_forced_into_cp1252(text: str, codec: str) -> None:
    got = decode(text.encode(codec))
    assert got.text == text
    assert got.encoding != "cp1252" and got.confidence < 1.0


# --- UTF-16 without a byte-order mark ----------------------------------------------------------


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("text", [FRENCH, RUSSIAN])
def test_utf16_without_bom_is_recognised(codec: str, text: str) -> None:
    got = decode(text.encode(codec))
    assert got.text == text and got.encoding == codec
    assert 0 < got.confidence < 1.0


def test_utf16_without_bom_cut_inside_a_code_unit() -> None:
    got = decode(FRENCH.encode("utf-16-le")[:-1])
    assert got.text == FRENCH[:-1] + "\ufffd" and got.encoding == "utf-16-le"


def test_utf16_with_bom_and_utf8_with_bom_are_certain() -> None:
    for codec, name in (("utf-16", "utf-16"), ("utf-8-sig", "utf-8-sig")):
        got = decode(FRENCH.encode(codec))
        assert got.text == FRENCH and got.encoding == name and got.confidence == 1.0


def test_binary_with_nul_bytes_is_still_binary() -> None:
    data = bytes(range(256)) * 40
    with pytest.raises(SourceError) as e:
        decode(data)
    assert e.value.reason == "binary"


# --- mixed encodings, declarations -------------------------------------------------------------


def test_utf8_lines_mixed_with_latin1_lines_are_each_read_in_their_own() -> None:
    second = "Deuxième dépêche, reçue à midi: le préfet a confirmé le bilan."
    data = (FRENCH + "\n").encode("utf-8") + second.encode("latin-1") + b"\n"
    got = decode(data)
    assert got.text == FRENCH + "\n" + second + "\n"
    assert got.encoding == "utf-8+cp1252" and got.confidence < 1.0


def test_valid_utf8_wins_over_a_wrong_declared_charset() -> None:
    # servers often declare iso-8859-1 and send UTF-8: reading it declared gives "ministÃ¨re"
    got = decode(FRENCH.encode("utf-8"), declared="iso-8859-1")
    assert got.text == FRENCH and got.encoding == "utf-8" and got.confidence == 1.0


def test_a_declared_charset_is_used_when_the_bytes_are_not_utf8() -> None:
    got = decode(POLISH.encode("iso-8859-2"), declared="iso-8859-2")
    assert got.text == POLISH and got.encoding == "iso8859-2" and got.confidence == 1.0


def test_decode_bytes_is_the_text_of_decode() -> None:
    assert decode_bytes(FRENCH.encode("latin-1")) == FRENCH


# --- through ingest: the stored text and the recorded encoding ---------------------------------


def test_ingested_files_in_every_encoding_store_the_same_text(
    tmp_path: Path, store: Store, settings: Settings
) -> None:
    body = FRENCH + "\n\n" + "Le bilan officiel fait état de deux morts et de onze blessés."
    (tmp_path / "a-latin1.txt").write_bytes(body.encode("latin-1"))
    (tmp_path / "b-utf16.txt").write_bytes((body + " (UTF-16)").encode("utf-16-le"))
    (tmp_path / "c-cut.txt").write_bytes((body + " Suite: préfecture, été").encode("utf-8")[:-1])
    ingest_sources([str(tmp_path)], store=store, settings=settings)
    assert list(store.rejected()) == []
    docs = {Path(d.source).name: d for d in store.documents()}
    assert set(docs) == {"a-latin1.txt", "b-utf16.txt", "c-cut.txt"}
    for d in docs.values():
        assert "ministère" in d.text and "blessés" in d.text
    assert docs["c-cut.txt"].text.endswith("Suite: préfecture, ét\ufffd")
    # the document records the encoding it was read in, and how sure that is
    got = {name: (d.encoding, d.encoding_confidence) for name, d in docs.items()}
    assert got["c-cut.txt"] == ("utf-8", 1.0)
    assert got["a-latin1.txt"][0] == "cp1252" and 0 < got["a-latin1.txt"][1] < 1.0
    assert got["b-utf16.txt"][0] == "utf-16-le" and 0 < got["b-utf16.txt"][1] < 1.0


# --- dumps: each line in its own encoding, the encoding recorded on each record ----------------


def _dump(path: Path, kind: str, settings: Settings) -> list[RawItem]:
    items = list(read_dump(path, kind, settings.fields))
    assert all(isinstance(i, RawItem) for i in items), items
    return [i for i in items if isinstance(i, RawItem)]


def test_a_latin1_row_pasted_into_a_utf8_csv_reads_right(tmp_path: Path, settings: Settings) -> None:
    path = tmp_path / "d.csv"
    path.write_bytes(
        b"title,text\n"
        + f"A,{FRENCH.replace(',', '')}\n".encode()
        + f"B,{GERMAN.replace(',', '')}\n".encode("latin-1")
    )
    a, b = _dump(path, "csv", settings)
    assert "ministère" in a.text and (a.encoding, a.encoding_confidence) == ("utf-8", 1.0)
    assert "Häuser" in b.text and "Straße" in b.text
    assert b.encoding == "cp1252" and b.encoding_confidence < 1.0


def test_a_utf16_tab_separated_export_with_bom(tmp_path: Path, settings: Settings) -> None:
    # what a spreadsheet saves as "Unicode text"
    path = tmp_path / "d.tsv"
    path.write_bytes(f"title\ttext\r\nA\t{RUSSIAN}\r\nB\t{FRENCH}\r\n".encode("utf-16"))
    a, b = _dump(path, "csv", settings)
    assert a.text == RUSSIAN and b.text == FRENCH and a.encoding == "utf-16"


def test_a_jsonl_dump_without_bom_in_utf16_and_one_in_cp1251(tmp_path: Path, settings: Settings) -> None:
    import json

    lines = "".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in (RUSSIAN, GREEK))
    (tmp_path / "a.jsonl").write_bytes(lines.encode("utf-16-le"))
    items = _dump(tmp_path / "a.jsonl", "jsonl", settings)
    assert [i.text for i in items] == [RUSSIAN, GREEK] and items[0].encoding == "utf-16-le"
    ru = json.dumps({"text": RUSSIAN}, ensure_ascii=False) + "\n"
    (tmp_path / "b.jsonl").write_bytes((ru * 3).encode("cp1251"))
    items = _dump(tmp_path / "b.jsonl", "jsonl", settings)
    assert [i.text for i in items] == [RUSSIAN] * 3 and items[0].encoding == "cp1251"


def test_a_utf8_jsonl_dump_cut_inside_its_last_character(tmp_path: Path, settings: Settings) -> None:
    import json

    data = (json.dumps({"text": FRENCH}, ensure_ascii=False) + "\n").encode() * 2
    (tmp_path / "c.jsonl").write_bytes(data + '{"text": "préfecture'.encode()[:-1])
    items = list(read_dump(tmp_path / "c.jsonl", "jsonl", settings.fields))
    docs = [i for i in items if isinstance(i, RawItem)]
    assert [d.text for d in docs] == [FRENCH, FRENCH] and docs[0].encoding == "utf-8"
    assert [(r.reason, r.line) for r in items if isinstance(r, Rejected)] == [("malformed-json", 3)]
