"""What a batch reads: files of folders (recursively) and members of .zip archives (nested too),
each yielded as an `Item` with its bytes, or refused with the reason (in Russian).

Hostile input is refused, never followed: symlinks, FIFOs, devices and sockets (only regular
files are read: each other kind is recorded with its own reason, found in a folder too), files
over the size limit (reads are bounded whatever the size said before), archives with
too many members or too much uncompressed data in all, members compressed suspiciously well
(zip bombs), member names that climb out of the archive ("../..", absolute paths, drive
letters), archives nested deeper than the limit. Sizes are checked while reading, not trusted
from the archive's headers: a member whose header lies about its size is refused, not cut.
A zip holding `word/document.xml` or `[Content_Types].xml` is an Office document (a broken one
without its body is recorded as a failed document, not unpacked), and one with a `mimetype`
member an OpenDocument file, not an archive.
"""

from __future__ import annotations

import copy
import io
import stat
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from extractor.readers import DOCUMENT_SUFFIXES, IMAGE_SUFFIXES
from extractor.readers.regular import not_regular, read_bounded
from extractor.readers.sniff import may_be_document
from store.work import exception_text

MB = 2**20


@dataclass(frozen=True)
class Limits:
    """Bounds on what a batch accepts; the defaults suit archives of orders and plans."""

    max_file_bytes: int = 100 * MB
    max_archive_members: int = 10_000
    max_archive_bytes: int = 2048 * MB
    max_ratio: float = 200.0
    ratio_floor_bytes: int = 1 * MB
    max_depth: int = 4


DEFAULT_LIMITS = Limits()


@dataclass(frozen=True)
class Item:
    """One thing to ingest: a file's bytes, the reason it was refused unread (`refusal`, in
    Russian; the exception behind it, if any, in `detail`), or
    why it is passed over as no document at all (`skip`: a stray file met in a folder or an
    archive, such as an image or a README)."""

    location: str
    file_name: str
    data: bytes | None = None
    refusal: str | None = None
    stage: str = "source"
    skip: str | None = None
    detail: str | None = None


Discovered = Callable[[int], None]


def _noop(_count: int) -> None:
    return None


def count_items(paths: list[Path]) -> int:
    """A cheap estimate of how many items `iter_items` yields (nested archives count once)."""
    total = 0
    for path, _walked in _walk(paths):
        if path.suffix.lower() == ".zip" and not_regular(path, follow_symlinks=False) is None:
            try:
                with zipfile.ZipFile(path) as archive:
                    total += sum(1 for info in archive.infolist() if not info.is_dir())
                continue
            except (zipfile.BadZipFile, OSError):
                pass
        total += 1
    return total


def iter_items(
    paths: list[Path],
    limits: Limits = DEFAULT_LIMITS,
    discovered: Discovered = _noop,
    labels: dict[Path, str] | None = None,
) -> Iterator[Item]:
    """Every file under `paths` and every member of the archives among them, in order.
    `discovered(n)` is told of items found beyond the `count_items` estimate; `labels` gives
    a top-level path the location to record instead of its own path, and its file name."""
    labels = labels or {}
    for path, walked in _walk(paths):
        location = labels.get(path, str(path))
        name = PurePosixPath(location.replace("\\", "/")).name if path in labels else path.name
        refusal = not_regular(path, follow_symlinks=False)
        if refusal:
            yield Item(location, name, refusal=refusal)
            continue
        try:
            if _is_archive_file(path):
                yield from _archive_items(location, path, limits, 1, discovered, counted=True)
                continue
            size = path.stat().st_size
            data = None if size > limits.max_file_bytes else read_bounded(path, limits.max_file_bytes)
            if data is None:
                too_large = _too_large(max(size, limits.max_file_bytes + 1), limits)
                yield Item(location, name, refusal=too_large)
                continue
        except OSError as exc:
            yield Item(location, name, refusal="файл не прочитан", detail=exception_text(exc))
            continue
        skip = not_a_document(name, data) if walked else None
        yield Item(location, name, data, skip=skip)


def _walk(paths: list[Path]) -> Iterator[tuple[Path, bool]]:
    """Each file to read, and whether it was found in a folder (not named by the caller)."""
    for path in paths:
        if path.is_dir() and not path.is_symlink():
            for child in sorted(path.rglob("*")):
                if (child.is_symlink() or not child.is_dir()) and not _hidden(child.relative_to(path)):
                    yield child, True
        else:
            yield path, False


LOCK_FILE_PREFIXES = ("~$", ".~lock.")


def not_a_document(file_name: str, data: bytes) -> str | None:
    """Why a file found in a folder or an archive is passed over (Russian), or None if it may
    be a document: its extension is a document format's (or .zip: a broken archive is then
    reported, not skipped), or it has none and its first bytes look like a PDF, an Office
    file, RTF or plain text. An office suite's lock file («~$приказ.docx», «.~lock.приказ.docx#»,
    left beside a document while it is open) is passed over whatever its extension."""
    if PurePosixPath(file_name).name.startswith(LOCK_FILE_PREFIXES):
        return "не документ: файл-блокировка, который Word или LibreOffice создаёт, пока документ открыт"
    suffix = PurePosixPath(file_name).suffix.lower()
    if suffix in (*DOCUMENT_SUFFIXES, ".zip"):
        return None
    if not suffix:
        if may_be_document(data[:8192]):
            return None
        return (
            "не документ: файл без расширения не похож на документ "
            "(.docx, .doc, .rtf, .odt, .pdf, .txt, .xlsx, .xls, .ods, скан .jpg, .png, .tif)"
        )
    return f"не документ ({suffix}): загружаются только {', '.join(DOCUMENT_SUFFIXES)}"


SUFFIX_ALIASES = {"html": (".htm",), "xlsx": (".xlsm",), "image": IMAGE_SUFFIXES}
FORMAT_NAMES = {
    "docx": "документ Word (.docx)",
    "doc": "документ Word 97–2003 (.doc)",
    "rtf": "документ RTF",
    "odt": "документ OpenDocument (.odt)",
    "pdf": "PDF",
    "html": "веб-страница (HTML)",
    "txt": "текст",
    "xlsx": "книга Excel (.xlsx)",
    "xls": "книга Excel 97–2003 (.xls)",
    "ods": "таблица OpenDocument (.ods)",
    "image": "изображение (скан)",
}


def misnamed(location: str, format: str | None = None) -> str | None:
    """A Russian note when a name lies about its content, or None: an archive along
    `location` named other than .zip, or the file's extension other than its `format` read
    from its bytes (a file without an extension is not noted)."""
    *archives, last = location.split("!/")
    for archive in archives:
        name = PurePosixPath(archive.replace("\\", "/")).name
        suffix = PurePosixPath(name).suffix.lower()
        if suffix != ".zip":
            return f"«{name}» — zip-архив, а не {suffix or 'файл без расширения'}: загружены файлы из него"
    suffix = PurePosixPath(last.replace("\\", "/")).suffix.lower()
    if format is None or not suffix or suffix in (f".{format}", *SUFFIX_ALIASES.get(format, ())):
        return None
    return f"расширение {suffix} не соответствует содержимому: файл прочитан как {FORMAT_NAMES[format]}"


def _hidden(relative: Path) -> bool:
    return any(part.startswith(".") for part in relative.parts)


def is_archive(data: bytes) -> bool:
    """A zip container that is not an Office document."""
    return data.startswith(b"PK") and _zip_not_office(io.BytesIO(data))


def _is_archive_file(path: Path) -> bool:
    with path.open("rb") as stream:
        if stream.read(2) != b"PK":
            return False
    return _zip_not_office(path)


def _zip_not_office(source: Path | io.BytesIO) -> bool:
    try:
        with zipfile.ZipFile(source) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    return not names & {"word/document.xml", "xl/workbook.xml", "mimetype", "[Content_Types].xml"}


def member_name(info: zipfile.ZipInfo) -> str:
    """The member's name as its author wrote it: UTF-8 if flagged, else UTF-8 or cp866 (DOS
    Russian, what Windows' own zip writes) instead of Python's cp437 guess."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp866")


def unsafe_path(name: str) -> bool:
    """Whether a member name would escape the folder it is unpacked into."""
    posix = name.replace("\\", "/")
    return posix.startswith("/") or (len(posix) > 1 and posix[1] == ":") or ".." in PurePosixPath(posix).parts


def _archive_items(
    location: str,
    source: Path | bytes,
    limits: Limits,
    depth: int,
    discovered: Discovered,
    counted: bool = False,
) -> Iterator[Item]:
    name = PurePosixPath(location.rsplit("!/", 1)[-1]).name
    try:
        archive = zipfile.ZipFile(io.BytesIO(source) if isinstance(source, bytes) else source)
        members = [info for info in archive.infolist() if not info.is_dir()]
    except zipfile.BadZipFile as exc:
        yield Item(
            location, name, refusal="повреждённый zip-архив", stage="archive", detail=exception_text(exc)
        )
        return
    refusal = _archive_refusal(members, limits, depth)
    if refusal:
        yield Item(location, name, refusal=refusal, stage="archive")
        return
    if not counted:
        discovered(len(members) - 1)
    budget = limits.max_archive_bytes
    with archive:
        for info in members:
            member = member_name(info)
            where = f"{location}!/{member}"
            file_name = PurePosixPath(member.replace("\\", "/")).name
            refused = _member_refusal(info, member, limits)
            if refused:
                yield Item(where, file_name, refusal=refused, stage="archive")
                continue
            try:
                content = _read_bounded(archive, info, min(limits.max_file_bytes, budget))
            except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
                yield Item(
                    where, file_name, refusal=_damaged(exc), stage="archive", detail=exception_text(exc)
                )
                continue
            if content is None:
                yield Item(where, file_name, refusal=_bomb(info, limits, budget), stage="archive")
                continue
            budget -= len(content)
            if is_archive(content):
                yield from _archive_items(where, content, limits, depth + 1, discovered)
            else:
                yield Item(where, file_name, content, skip=not_a_document(file_name, content))


def _archive_refusal(members: list[zipfile.ZipInfo], limits: Limits, depth: int) -> str | None:
    if depth > limits.max_depth:
        return f"архив вложен слишком глубоко (больше {limits.max_depth} уровней)"
    if len(members) > limits.max_archive_members:
        return f"в архиве {len(members)} файлов, больше предела {limits.max_archive_members}"
    declared = sum(info.file_size for info in members)
    if declared > limits.max_archive_bytes:
        return (
            f"архив распаковывается в {declared // MB} МБ, больше предела "
            f"{limits.max_archive_bytes // MB} МБ (возможна zip-бомба)"
        )
    return None


def _member_refusal(info: zipfile.ZipInfo, member: str, limits: Limits) -> str | None:
    if unsafe_path(member):
        return f"недопустимый путь в архиве (выход за пределы папки): {member}"
    if stat.S_ISLNK(info.external_attr >> 16):
        return "символическая ссылка в архиве не обрабатывается"
    if info.flag_bits & 0x1:
        return "файл в архиве зашифрован паролем"
    if info.file_size > limits.max_file_bytes:
        return _too_large(info.file_size, limits)
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > limits.ratio_floor_bytes and ratio > limits.max_ratio:
        return (
            f"подозрительно высокая степень сжатия ({ratio:.0f}:1, предел {limits.max_ratio:.0f}:1): "
            "возможна zip-бомба"
        )
    return None


READ_SLACK = 2**16  # more than zipfile inflates past a read's end in one step


class SizeMismatch(zipfile.BadZipFile):
    """A member unpacks to another size than its header declares."""

    def __init__(self, name: str, declared: int, actual: int) -> None:
        super().__init__(f"{name}: header declares {declared} bytes, data unpacks to {actual}")
        self.declared, self.actual = declared, actual


def _read_bounded(archive: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes | None:
    """The member's bytes, or None if it unpacks to more than `limit` whatever its header says.

    zipfile stops reading at the size the header declares, so a header that understates it
    would hand out a cut copy. The member is read through a copy of its header that declares
    more than `limit`: the data's own end (and its checksum, which zipfile checks there) tells
    the size. Raises `SizeMismatch` when it differs from the declared one, `BadZipFile` when
    the checksum does not match."""
    probe = copy.copy(info)
    probe.file_size = limit + 1 + READ_SLACK
    with archive.open(probe) as stream:
        content = stream.read(limit + 1)
    if len(content) > limit:
        return None
    if len(content) != info.file_size:
        raise SizeMismatch(info.filename, info.file_size, len(content))
    return content


def _damaged(exc: BaseException) -> str:
    """The Russian reason for a member that could not be unpacked."""
    if isinstance(exc, SizeMismatch):
        return (
            f"размер файла в заголовке архива ({exc.declared} Б) не совпадает с распакованным "
            f"({exc.actual} Б): архив повреждён или подделан"
        )
    if isinstance(exc, zipfile.BadZipFile) and "CRC" in str(exc):
        return (
            "файл в архиве повреждён: контрольная сумма не сходится "
            "(данные испорчены или заголовок архива указывает неверный размер)"
        )
    return "файл в архиве повреждён"


def _bomb(info: zipfile.ZipInfo, limits: Limits, budget: int) -> str:
    if budget < limits.max_file_bytes:
        return f"архив распаковывается больше чем в {limits.max_archive_bytes // MB} МБ: возможна zip-бомба"
    return (
        "файл в архиве больше, чем указано в его заголовке, "
        f"и больше предела {limits.max_file_bytes // MB} МБ"
    )


def _too_large(size: int, limits: Limits) -> str:
    return f"файл слишком большой: {size // MB} МБ (предел {limits.max_file_bytes // MB} МБ)"
