"""files.open_as_text: what a file is, which encoding, and the UTF-8 text handed to DuckDB."""

from __future__ import annotations

import codecs
import datetime
import io
import tempfile
import zipfile

import pytest
from openpyxl import Workbook

from analytics.ingest import _files as files
from analytics.errors import EmptyFile, FileTooLarge, InputError, NotTabular

TEXT = "customer_id,name,comment\n1,Zoë,“great” value for €5\n2,Łukasz,naïve café\n"


def text_of(path, **kwargs) -> tuple[str, str]:
    """(UTF-8 text handed on, encoding named to the user) for the file at `path`."""
    return reading_of(path, **kwargs)[:2]


def reading_of(path, **kwargs) -> tuple[str, str, tuple[str, ...]]:
    """(UTF-8 text handed on, encoding named to the user, notes shown as warnings) for `path`."""
    converted = files.open_as_text(path, **kwargs)
    try:
        return converted.path.read_text(encoding="utf-8"), converted.encoding, converted.notes
    finally:
        converted.discard()


def write(tmp_path, data: bytes, name: str = "upload.csv"):
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- encodings: the text must come out exactly as typed --------------------------------------

@pytest.mark.parametrize(
    ("data", "named"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (codecs.BOM_UTF8 + TEXT.encode("utf-8"), "UTF-8 with BOM"),
        (TEXT.encode("utf-16"), "UTF-16"),  # little-endian with BOM on this machine
        (codecs.BOM_UTF16_BE + TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-16-le"), "UTF-16 (little-endian, no BOM)"),
        (TEXT.encode("utf-16-be"), "UTF-16 (big-endian, no BOM)"),
    ],
    ids=["utf8", "utf8-bom", "utf16-le-bom", "utf16-be-bom", "utf16-le", "utf16-be"],
)
def test_unicode_encodings_come_out_exactly(tmp_path, data, named):
    text, encoding = text_of(write(tmp_path, data))
    assert text == TEXT  # no BOM left, every character intact
    assert encoding == named


def test_windows_1252_euro_and_smart_quotes(tmp_path):
    data = "id,comment\n1,“great” for €5 – Zoë\n".encode("cp1252")
    text, encoding = text_of(write(tmp_path, data))
    assert text == "id,comment\n1,“great” for €5 – Zoë\n"
    assert encoding == "Windows-1252 (Western European)"


def test_latin1_accents(tmp_path):
    data = "id,city\n1,Köln\n2,Besançon\n3,Zoë\n".encode("latin-1")
    text, _ = text_of(write(tmp_path, data))
    assert text == "id,city\n1,Köln\n2,Besançon\n3,Zoë\n"


def test_bytes_undefined_in_1252_read_as_mac_roman(tmp_path):
    # 'è' is byte 0x8F on a Mac, a byte Windows-1252 leaves undefined (Latin-1 would show a control).
    written = "id,city,review\n1,Orléans,Très bien – à revoir\n2,Zürich,Ça va\n"
    text, encoding = text_of(write(tmp_path, written.encode("mac_roman")))
    assert (text, encoding) == (written, "Mac Roman (older Mac exports)")


def test_mac_roman_curly_quotes_are_not_read_as_windows_capitals():
    # Every byte is defined in Windows-1252 too, which would read "don’t" as "donÕt".
    sample = "id,comment\n1,I don’t know, it’s “fine”\n2,Wasn’t great\n3,We’re back\n".encode("mac_roman")
    assert files.detect_encoding(sample) == "mac_roman"
    assert files.detect_encoding("id,comment\n1,Café crème, naïve\n".encode("cp1252")) == "cp1252"


# Survey answers as people in Japan, Korea and China write them (a few rows, as a small export has).
_EAST_ASIAN_ROWS = {
    "cp932": ("回答ID,コメント,スコア", ["対応がとても遅くて困りました", "使いやすいです", "料金が高すぎる"]),
    "euc_jp": ("回答ID,コメント,スコア", ["対応がとても遅くて困りました", "使いやすいです", "料金が高すぎる"]),
    "euc_kr": ("번호,의견,점수", ["서비스가 아주 좋아요", "가격이 너무 비싸요", "고객센터 응답이 너무 느려요"]),
    "gb18030": ("编号,评论,评分", ["服务很好，但是价格太贵了", "客服回复太慢，等了三天", "退款流程太复杂了"]),
    "big5": ("編號,評論,評分", ["服務很好，但是價格太貴了", "客服回覆太慢，等了三天", "退款流程太複雜了"]),
}


@pytest.mark.parametrize("encoding", list(_EAST_ASIAN_ROWS))
def test_older_japanese_korean_and_chinese_encodings_are_read(tmp_path, encoding):
    header, comments = _EAST_ASIAN_ROWS[encoding]
    written = header + "\n" + "".join(f"{i},{comments[i % 3]},{i % 11}\n" for i in range(12))
    text, name = text_of(write(tmp_path, written.encode(encoding)))
    assert text == written
    assert name == files.ENCODING_NAMES[files.detect_encoding(written.encode(encoding))]


@pytest.mark.parametrize("written", ["id,comment\n1,Café crème, naïve\n2,Très déçu\n",
                                     "id,Kommentar\n1,Über die Maßen schön\n2,Kündigung zum Monatsende\n",
                                     "id,comentário\n1,Não gostei do preço. Ótimo atendimento!\n"])
def test_western_text_is_never_read_as_an_east_asian_encoding(written):
    assert files.detect_encoding(written.encode("cp1252")) == "cp1252"


# Exports Excel saved "as CSV" on a Windows set to another language: its one-byte code page.
_CODE_PAGE_ROWS = {
    "cp1251": ("Windows-1251 (Cyrillic)", "Клиент;Комментарий", ["Очень доволен обслуживанием", "Слишком дорого"]),
    "cp1250": ("Windows-1250 (Central European)", "Klient;Komentarz",
               ["Zażółć gęślą jaźń, obsługa była świetna", "Příliš drahé, žádná pomoc", "Đorđe: odlična"]),
    "cp1254": ("Windows-1254 (Turkish)", "Müşteri;Yorum", ["Işık hızında destek", "Çok pahalı, ağır ve yavaş"]),
    "cp1253": ("Windows-1253 (Greek)", "Πελάτης;Σχόλιο", ["Πολύ καλή εξυπηρέτηση", "Πολύ ακριβό και αργό"]),
    "iso8859_15": ("ISO-8859-15 (Latin-9, Western European with €)", "Client|MRR (€)",
                   ["Œuvre SA|€ 1.111,71", "Šimon s.r.o.|€ 980,00", "Žilina a.s.|€ 45,10", "Øresund AB|€ 12,00"]),
}


@pytest.mark.parametrize("encoding", list(_CODE_PAGE_ROWS))
def test_cyrillic_central_european_turkish_and_greek_code_pages_are_read(tmp_path, encoding):
    named, header, comments = _CODE_PAGE_ROWS[encoding]
    written = header + "\n" + "".join(f"{i};{comments[i % len(comments)]}\n" for i in range(12))
    assert text_of(write(tmp_path, written.encode(encoding))) == (written, named)


@pytest.mark.parametrize("written", ["id,name\n1,José Müller\n2,Zoë Ørsted\n3,François Nuñez-Ødegård\n",
                                     "id,athugasemd\n1,Þjónustan var frábær\n2,Það tók of langan tíma að fá svar\n",
                                     "id,kommentar\n1,Ødelagt ved levering, for dyrt på længere sigt\n",
                                     "id,comentario\n1,El envío tardó, pésimo\n2,¡Excelente atención! Niño año\n"])
def test_western_text_stays_windows_1252(written):
    assert files.detect_encoding((written * 3).encode("cp1252")) == "cp1252"


def test_short_utf16_without_bom_is_text_not_binary(tmp_path):
    # A two-line file has far fewer than 50 zero bytes; it was refused as "binary data".
    text, encoding = text_of(write(tmp_path, "id,name\n1,Zoë\n".encode("utf-16-be")))
    assert text == "id,name\n1,Zoë\n"
    assert encoding == "UTF-16 (big-endian, no BOM)"


def test_windows_1252_accents_after_the_first_megabyte(tmp_path):
    ascii_rows = "".join(f"{i},customer {i}\n" for i in range(100_000))  # ~1.6 MB of plain ASCII
    data = ("id,name\n" + ascii_rows + "999999,Zoë “VIP”\n").encode("cp1252")
    assert len(data) > files.SAMPLE_BYTES
    text, encoding = text_of(write(tmp_path, data))
    assert encoding == "Windows-1252 (Western European)"
    assert text.endswith("999999,Zoë “VIP”\n")


def test_utf8_file_with_accents_late_stays_utf8(tmp_path):
    data = ("id,name\n" + "".join(f"{i},c{i}\n" for i in range(150_000)) + "1,Zoë\n").encode()
    text, encoding = text_of(write(tmp_path, data))
    assert encoding == "UTF-8"
    assert text.endswith("1,Zoë\n")


# A UTF-8 export that a second program appended to in Windows-1252, as (text, encoding) per line.
_TWO_PROGRAMS = [
    ("id|content\n", "utf-8"),
    ("1|A versão anterior era acessível\n", "utf-8"),
    ("2|Péssimo: “não abre” – €5 perdidos\n", "cp1252"),  # 6 characters beyond ASCII
    ("3|Não gostei do preço\n", "utf-8"),
    ("4|Atualização ruim, não funciona\n", "cp1252"),  # 3 characters beyond ASCII
    ("5|Ótimo atendimento, já recomendei\n", "utf-8"),
]
MIXED_NAME = "UTF-8, with some lines in Windows-1252"


def test_utf8_file_with_some_lines_in_windows_1252_reads_both(tmp_path):
    # Read as Mac Roman whole, it came out "A vers√£o anterior".
    data = b"".join(line.encode(encoding) for line, encoding in _TWO_PROGRAMS)
    text, encoding, notes = reading_of(write(tmp_path, data))
    assert text == "".join(line for line, _ in _TWO_PROGRAMS)
    assert encoding == MIXED_NAME
    assert len(notes) == 1
    assert "UTF-8 except for 2 lines in Windows-1252" in notes[0]
    assert "9 accented letters and symbols on them were read as Windows-1252" in notes[0]
    # Text wholly in one older encoding makes a valid UTF-8 pair by chance: "ß“" is DF 93 in
    # Windows-1252, "’é" D5 8E in Mac Roman. Such files keep their reading.
    german = "id,Kommentar\n1,Viele Grüße, „Gruß“ vom Team\n2,Über die Maßen schön\n".encode("cp1252")
    assert files.detect_encoding(german) == "cp1252"
    french = "id,avis\n1,C’était l’été, très réussi\n2,L’équipe d’élite à l’écoute\n".encode("mac_roman")
    assert files.detect_encoding(french) == "mac_roman"


def test_windows_1252_lines_after_the_first_megabyte_of_a_utf8_file(tmp_path):
    # Only a plain-ASCII first megabyte used to lead to a look further on: this file was "UTF-8",
    # its appended line stored with U+FFFD for each accent.
    utf8_rows = "".join(f"{i},Zoë número {i}\n" for i in range(70_000))  # ~1.3 MB
    data = ("id,name\n" + utf8_rows).encode() + "70000,Atenção: não\n".encode("cp1252") + b"70001,ok\n"
    assert data.find(b"\xe7") > files.SAMPLE_BYTES
    text, encoding, notes = reading_of(write(tmp_path, data))
    assert text == "id,name\n" + utf8_rows + "70000,Atenção: não\n70001,ok\n"
    assert encoding == MIXED_NAME
    assert "UTF-8 except for 1 line in Windows-1252" in notes[0]
    assert "3 accented letters and symbols" in notes[0]


# --- NUL bytes: damage to a text file, not proof of binary data ------------------------------

NUL_NOTE = "Removed {} (empty bytes that a damaged copy or export leaves) from the file."


@pytest.mark.parametrize(("encoding", "named"), [("utf-8", "UTF-8"), ("cp1252", "Windows-1252 (Western European)")])
def test_a_few_nul_bytes_in_a_text_file_are_removed(tmp_path, encoding, named):
    rows = [f"{i},Zoë {i},fine\n" for i in range(300)]  # ~4,500 characters
    written = "id,name,comment\n" + "".join(rows)
    damaged = written.replace("Zoë 7,", "Zo\x00ë 7,").replace("fine\n2", "fi\x00\x00ne\n2", 1)
    text, encoding_named, notes = reading_of(write(tmp_path, damaged.encode(encoding)))
    assert (text, encoding_named) == (written, named)
    assert notes == (NUL_NOTE.format("3 NUL characters"),)
    # A NUL on every row (1 in 16 characters) is binary data still.
    with pytest.raises(NotTabular, match="binary data, not text"):
        files.open_as_text(write(tmp_path, written.replace(",fine", ",\x00fine").encode(encoding)))


def test_nul_padding_at_the_end_is_removed(tmp_path):
    written = "id,name\n1,Zoë\n2,Ann\n"  # a writer that crashed leaves its file padded with NULs
    text, encoding, notes = reading_of(write(tmp_path, written.encode() + bytes(4096)))
    assert (text, encoding) == (written, "UTF-8")
    assert notes == (NUL_NOTE.format("4,096 NUL characters"),)


@pytest.mark.parametrize(("last_row", "encoding", "named"),
                         [("Zoë", "utf-8", "UTF-8"), ("Zoë “VIP”", "cp1252", "Windows-1252 (Western European)")])
def test_nul_bytes_after_the_first_megabyte_are_removed(tmp_path, last_row, encoding, named):
    # Read past the first megabyte, the NULs used to be stored inside a comment.
    rows = "".join(f"{i},customer {i}\n" for i in range(80_000))  # ~1.3 MB of plain ASCII
    data = f"id,name\n{rows}80000,damaged\x00\x00 row\n80001,{last_row}\n".encode(encoding)
    assert data.find(b"\x00") > files.SAMPLE_BYTES
    text, encoding_named, notes = reading_of(write(tmp_path, data))
    assert text == f"id,name\n{rows}80000,damaged row\n80001,{last_row}\n"
    assert encoding_named == named
    assert notes == (NUL_NOTE.format("2 NUL characters"),)


# --- what is not a table ------------------------------------------------------------------------

def _zip_bytes(members: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "looks_like"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200), "a PNG image"),
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", "a PDF document"),
        (_zip_bytes({"notes.txt": "hello"}), "a ZIP archive"),
        (b"\xff\xd8\xff\xe0" + bytes(100), "a JPEG image"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), "an old Excel .xls"),
    ],
    ids=["png", "pdf", "zip", "jpeg", "xls"],
)
def test_binary_files_say_what_they_look_like(tmp_path, data, looks_like):
    with pytest.raises(NotTabular) as refused:
        files.open_as_text(write(tmp_path, data))
    message = str(refused.value)
    assert looks_like in message
    assert "CSV" in message and "Excel" in message  # and what to upload instead


def test_binary_noise_without_a_signature(tmp_path):
    with pytest.raises(NotTabular, match="binary data, not text"):
        files.open_as_text(write(tmp_path, bytes(range(256)) * 20))


def test_empty_file(tmp_path):
    with pytest.raises(EmptyFile, match=r"empty \(0 bytes\)"):
        files.open_as_text(write(tmp_path, b""))


def test_over_the_upload_limit_names_size_and_limit(tmp_path):
    path = write(tmp_path, b"id,name\n" + b"1,Ann\n" * 500)
    with pytest.raises(FileTooLarge) as refused:
        files.open_as_text(path, max_bytes=1024)
    assert "2.9 KB" in str(refused.value)  # the file's size
    assert "upload limit is 1.0 KB" in str(refused.value)
    assert files.open_as_text(path, max_bytes=10_000).path.exists()  # under the limit: fine


# --- Excel workbooks -----------------------------------------------------------------------------

def _workbook(tmp_path):
    book = Workbook()
    first = book.active
    first.title = "Accounts"
    first.append(["customer_id", "signup", "mrr", "call time", "active"])
    first.append(["C1", datetime.date(2024, 1, 31), 1234.5, datetime.time(9, 30), True])
    first.append(["C2", datetime.datetime(2024, 2, 1, 14, 5), 99.0, None, False])
    second = book.create_sheet("NPS")
    second.append(["response_id", "nps", "comment"])
    second.append(["R1", 9, "Zoë says “great”,\nsecond line"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    return path


def test_excel_sheet_becomes_csv_text(tmp_path):
    text, encoding = text_of(_workbook(tmp_path))
    assert encoding == "Excel workbook"
    assert text.splitlines() == [
        "customer_id,signup,mrr,call time,active",
        "C1,2024-01-31 00:00:00,1234.5,09:30:00,True",  # a time-of-day cell used to crash
        "C2,2024-02-01 14:05:00,99,,False",
    ]


def test_excel_sheet_is_chosen_by_name(tmp_path):
    path = _workbook(tmp_path)
    assert files.excel_sheets(path) == ["Accounts", "NPS"]
    converted = files.open_as_text(path, sheet="NPS")
    try:
        assert converted.converted_from == "Excel sheet 'NPS'"
        assert converted.path.read_text(encoding="utf-8") == (
            'response_id,nps,comment\nR1,9,"Zoë says “great”,\nsecond line"\n')
    finally:
        converted.discard()
    assert not converted.path.exists()  # discard removes the converted copy


def test_excel_unknown_sheet_lists_the_sheets(tmp_path):
    with pytest.raises(InputError, match=r"no sheet named 'Churn'; its sheets are Accounts, NPS"):
        files.open_as_text(_workbook(tmp_path), sheet="Churn")


def test_zip_with_workbook_xml_is_excel_even_when_named_csv(tmp_path):
    path = _workbook(tmp_path).rename(tmp_path / "export.csv")
    assert files.is_excel(path)
    assert text_of(path)[1] == "Excel workbook"


def test_failed_conversion_leaves_no_temporary_copy(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()

    def broken(value):
        raise ValueError("cell cannot be read")

    monkeypatch.setattr(files, "_excel_cell", broken)
    with pytest.raises(ValueError):
        files.open_as_text(_workbook(tmp_path))
    assert list((tmp_path / "tmp").iterdir()) == []


DAMAGED_WORKBOOK = ("This Excel file is damaged or incomplete (it could not be opened as a workbook). "
                    "Save it again from Excel, or export it as CSV.")


def test_damaged_workbook_is_refused_in_plain_words(tmp_path):
    path = write(tmp_path, _zip_bytes({"xl/workbook.xml": "<not really a workbook"}), "book.xlsx")
    with pytest.raises(NotTabular) as refused:
        files.open_as_text(path)
    assert str(refused.value) == DAMAGED_WORKBOOK


@pytest.mark.parametrize("name", ["book.xlsx", "book.xlsm", "export.csv"])
def test_workbook_cut_short_is_called_damaged_not_a_zip_archive(tmp_path, name):
    # A copy cut short loses the ZIP's directory (at its end): it was "a ZIP archive, not a table".
    whole = _workbook(tmp_path).read_bytes()
    path = write(tmp_path, whole[: len(whole) // 2], name)  # named .csv: its xl/ parts say Excel
    with pytest.raises(NotTabular) as refused:
        files.open_as_text(path)
    assert str(refused.value) == DAMAGED_WORKBOOK


def test_a_workbook_opening_on_a_summary_is_read_from_its_data_sheet(workspace, tmp_path):
    """A survey tool's workbook: a summary sheet first, the answers on the second. The answers are
    read, and a note says which sheet (the summary's three lines were imported as tickets)."""
    from analytics import ingest, metrics
    from analytics.metrics import Slice

    book = Workbook()
    book.active.title = "Summary"
    for line in (["NPS report Q3"], ["Responses", 150], ["NPS", 16.7]):
        book.active.append(line)
    answers = book.create_sheet("Responses")
    answers.append(["Response ID", "Submitted", "How likely are you to recommend us?", "Why?"])
    scores = [(i * 7) % 11 for i in range(150)]
    for i, score in enumerate(scores):
        answers.append([f"R{i}", datetime.datetime(2024, 7, 1 + i % 28), score, f"Reason {i}: the exports"])
    path = tmp_path / "survey.xlsx"
    book.save(path)
    assert files.main_sheet(path) == "Responses"
    result = ingest.import_file(workspace, path)
    assert result.layout == "Excel sheet 'Responses'"
    assert any("'Responses' was read" in w for w in result.warnings)
    nps = metrics.compute(workspace, "nps", Slice())
    expected = 100 * (sum(s >= 9 for s in scores) - sum(s <= 6 for s in scores)) / len(scores)
    assert (round(nps.value, 9), nps.n) == (round(expected, 9), 150)
    assert files.main_sheet(_workbook(tmp_path)) == "Accounts"  # data on the first sheet: it is read
