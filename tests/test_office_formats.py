""".doc, .rtf and .odt: read through LibreOffice as the same document the .docx is.

The files are made from corpus .docx files by LibreOffice itself. The .doc is written from the
RTF, not from the .docx: LibreOffice's .doc writer splits a list whose `w:num` restarts it
(`startOverride`, as in the corpus tables) into two lists, so that LibreOffice itself then
shows "1, 1, 2, 3..." for rows numbered "1, 2, 3, 4..."; from RTF it keeps one list.
"""

from __future__ import annotations

import random
import shutil
import struct
import subprocess
import tempfile
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extractor import extract
from extractor.errors import CorruptFileError, EncryptedFileError, ExtractionError
from extractor.readers import read
from extractor.readers.office import read_office
from model import Document
from store import open_store
from tests.conftest import CORPUS

STEMS = ("000_e1a1ce5ee80185a8", "001_ff4c9489b29d190a", "004_e8412f1b24202b45")
FIELDS = ("number", "title", "deadline_raw", "responsible_raw", "result_raw")
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")


def convert(sources: list[Path], target: str, outdir: Path) -> None:
    """Convert `sources` with one headless LibreOffice run and its own throwaway profile."""
    profile = (outdir / "profile").as_uri()
    command = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target]
    subprocess.run([*command, "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with `STEM.rtf`, `STEM.odt` and `STEM.doc` for each of `STEMS`."""
    folder = tmp_path_factory.mktemp("office")
    docx = [CORPUS / f"{stem}.docx" for stem in STEMS]
    convert(docx, "rtf", folder)
    convert(docx, "odt", folder)
    convert([folder / f"{stem}.rtf" for stem in STEMS], "doc", folder)
    return folder


def summary(document: Document) -> tuple[list[tuple[str | None, ...]], dict[str, object]]:
    rows = [tuple(getattr(activity, name) for name in FIELDS) for activity in document.activities]
    return rows, document.meta.model_dump()


@pytest.mark.parametrize("suffix", ["doc", "rtf", "odt"])
@pytest.mark.parametrize("stem", STEMS)
def test_same_activities_and_meta_as_the_docx(converted: Path, stem: str, suffix: str) -> None:
    path = converted / f"{stem}.{suffix}"
    document = extract(path)
    original = extract(CORPUS / f"{stem}.docx")
    assert document.activities
    assert summary(document) == summary(original)
    assert [d.number for d in document.directives] == [d.number for d in original.directives]
    assert (document.source, document.format) == (path.name, suffix)
    assert document.page_count == original.page_count


def test_document_read_by_content_not_name(converted: Path, tmp_path: Path) -> None:
    disguised = tmp_path / "план.pdf"
    shutil.copy(converted / f"{STEMS[0]}.doc", disguised)
    raw = read(disguised)
    assert (raw.format, raw.path) == ("doc", disguised)
    assert summary(extract(disguised)) == summary(extract(converted / f"{STEMS[0]}.doc"))


def test_ole2_header_with_garbage_is_corrupt(tmp_path: Path) -> None:
    path = tmp_path / "сломан.doc"
    path.write_bytes(OLE2 + random.Random(7).randbytes(8192))
    with pytest.raises(CorruptFileError) as info:
        extract(path)
    assert info.value.path == path and "сломан.doc" in str(info.value)
    assert "повреждён" in info.value.reason
    assert "could not be loaded" in str(info.value.__cause__)


def test_truncated_rtf_is_corrupt(converted: Path, tmp_path: Path) -> None:
    whole = (converted / f"{STEMS[1]}.rtf").read_bytes()
    path = tmp_path / "обрезан.rtf"
    path.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CorruptFileError) as info:
        extract(path)
    assert info.value.path == path and "RTF" in info.value.reason


def directory_entry(data: bytes, name: str) -> int:
    """Where the OLE2 directory entry of the stream `name` is (entries are 128-byte aligned)."""
    encoded = name.encode("utf-16-le") + b"\x00\x00"
    return next(i for i in range(0, len(data), 128) if data[i : i + len(encoded)] == encoded)


def test_encrypted_doc_is_refused_before_conversion(converted: Path, tmp_path: Path) -> None:
    data = bytearray((converted / f"{STEMS[0]}.doc").read_bytes())
    start = struct.unpack_from("<I", data, directory_entry(data, "WordDocument") + 0x74)[0]
    flags = ((start + 1) << struct.unpack_from("<H", data, 0x1E)[0]) + 0x0A  # the FIB's flags
    struct.pack_into("<H", data, flags, struct.unpack_from("<H", data, flags)[0] | 0x0100)
    path = tmp_path / "секрет.doc"
    path.write_bytes(bytes(data))
    with pytest.raises(EncryptedFileError) as info:
        extract(path)
    assert "защищён паролем" in info.value.reason


def test_spreadsheet_in_ole2_is_read_as_excel(converted: Path, tmp_path: Path) -> None:
    data = bytearray((converted / f"{STEMS[0]}.doc").read_bytes())
    entry = directory_entry(data, "WordDocument")
    name = "Workbook".encode("utf-16-le")
    data[entry : entry + 0x40] = name.ljust(0x40, b"\x00")
    struct.pack_into("<H", data, entry + 0x40, len(name) + 2)
    path = tmp_path / "таблица.xls"
    path.write_bytes(bytes(data))
    with pytest.raises(CorruptFileError) as info:  # a Word file's streams under an Excel name
        extract(path)
    assert "Excel 97–2003 (.xls)" in info.value.reason


def test_hung_conversion_is_stopped_and_cleaned_up(
    converted: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    path = converted / f"{STEMS[0]}.doc"
    with pytest.raises(ExtractionError) as info:
        read_office(path, "doc", timeout=0.05)
    assert info.value.path == path
    assert "превышено время" in info.value.reason
    assert list(tmp_path.iterdir()) == []


def test_parallel_conversions_do_not_collide(converted: Path) -> None:
    paths = [converted / f"{stem}.{suffix}" for stem in STEMS[:2] for suffix in ("doc", "rtf")]
    with ThreadPoolExecutor(max_workers=2) as pool:
        documents = list(pool.map(extract, paths))
    assert [d.source for d in documents] == [p.name for p in paths]
    assert [summary(d) for d in documents] == [summary(extract(CORPUS / f"{p.stem}.docx")) for p in paths]


def test_store_ingests_a_doc_and_an_odt_from_a_zip(converted: Path, tmp_path: Path) -> None:
    archive = tmp_path / "архив.zip"
    with zipfile.ZipFile(archive, "w") as bundle:
        bundle.write(converted / f"{STEMS[1]}.doc", "приказы/план.doc")
        bundle.write(converted / f"{STEMS[2]}.odt", "приказы/план.odt")
    with open_store(f"sqlite:///{tmp_path / 'store.db'}") as store:
        results = store.ingest_many([archive]).results
        assert [r.status for r in results] == ["ok", "ok"]
        assert [r.location.rsplit("/", 1)[-1] for r in results] == ["план.doc", "план.odt"]
        for result, stem in zip(results, STEMS[1:], strict=True):
            assert result.activities == len(extract(CORPUS / f"{stem}.docx").activities)
            assert result.note is None
