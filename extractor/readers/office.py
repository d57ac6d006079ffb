"""Old Word (.doc), RTF, OpenDocument (.odt) and Strict Open XML (.docx) reader: LibreOffice
converts the file to a transitional .docx, the .docx reader reads it, so numbering, merged
cells and tables behave exactly as for .docx. Old Excel (.xls), OpenDocument spreadsheets
(.ods) and Strict .xlsx go the same way to a transitional .xlsx for the spreadsheet reader.

The input is treated as hostile. Each conversion runs headless in a private temporary folder
with its own throwaway LibreOffice profile (parallel conversions never share one), with macros
disabled, links never updated and every proxy pointing at a closed local port, under a time
limit. LibreOffice stays in its caller's process group, so it dies with it (a kill of the
group, Ctrl-C); past the limit or on any exception it is killed with everything it started,
and the folder is always removed (under `extractor.isolation` it lies inside the caller's
scratch folder, removed even when the extraction is killed).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from extractor.errors import CorruptFileError, ExtractionError
from extractor.processes import kill_tree
from extractor.readers.docx import read_docx
from extractor.readers.package import check_package
from extractor.readers.spreadsheet import SPREADSHEET_BUDGET, read_xlsx
from model import Format, RawDocument

CONVERSION_TIMEOUT = 120.0
SOFFICE = "soffice"
KINDS = {
    "doc": "Word 97–2003 (.doc)",
    "rtf": "RTF (.rtf)",
    "odt": "OpenDocument (.odt)",
    "docx": "Word Strict Open XML (.docx)",
    "xls": "Excel 97–2003 (.xls)",
    "ods": "OpenDocument (.ods)",
    "xlsx": "Excel Strict Open XML (.xlsx)",
}
# Import filters by sniffed format: without one, LibreOffice reads an unrecognised file as text.
IMPORT_FILTERS = {
    "doc": "MS Word 97",
    "rtf": "Rich Text Format",
    "odt": "writer8",
    "docx": "MS Word 2007 XML",
    "xls": "MS Excel 97",
    "ods": "calc8",
    "xlsx": "Calc MS Excel 2007 XML",
}
SPREADSHEETS = frozenset({"xls", "ods", "xlsx"})
EXPORT_FILTERS = {"docx": "docx:MS Word 2007 XML", "xlsx": "xlsx:Calc MS Excel 2007 XML"}
NOWHERE = "http://127.0.0.1:9"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "ftp_proxy", "all_proxy")

# The throwaway profile's settings: no macros, no link updates, every proxy a closed local port.
PROFILE_SETTINGS = (
    ("Office.Common/Security/Scripting", "MacroSecurityLevel", "3"),
    ("Office.Common/Security/Scripting", "DisableMacrosExecution", "true"),
    ("Office.Common/Security/Scripting", "BlockUntrustedRefererLinks", "true"),
    ("Office.Writer/Content/Update", "Link", "0"),
    ("Inet/Settings", "ooInetProxyType", "1"),
    *(("Inet/Settings", f"ooInet{kind}ProxyName", "127.0.0.1") for kind in ("HTTP", "HTTPS", "FTP")),
    *(("Inet/Settings", f"ooInet{kind}ProxyPort", "9") for kind in ("HTTP", "HTTPS", "FTP")),
    ("Inet/Settings", "ooInetNoProxy", ""),
)


def read_office(path: Path, fmt: Format, timeout: float = CONVERSION_TIMEOUT) -> RawDocument:
    """Read a .doc, .rtf, .odt or Strict .docx file (`fmt`, as sniffed) through a .docx copy,
    a .xls, .ods or Strict .xlsx one through a .xlsx copy.

    The document keeps `path` and `fmt` as its own; `page_count` is what the .docx reader finds.
    A conversion that fails or outlasts `timeout` seconds is an `ExtractionError` naming `path`.
    """
    if fmt == "odt":
        check_package(path, kind="odt")
    elif fmt == "ods":
        check_package(path, SPREADSHEET_BUDGET, kind="ods")
    spreadsheet = fmt in SPREADSHEETS
    with tempfile.TemporaryDirectory(prefix="roadmap-office-") as workdir:
        converted = convert(path, fmt, Path(workdir), timeout, "xlsx" if spreadsheet else "docx")
        try:
            raw = read_xlsx(converted) if spreadsheet else read_docx(converted)
        except ExtractionError as exc:
            raise CorruptFileError(path, f"не удалось прочитать документ {KINDS[fmt]}: {exc.reason}") from exc
    return RawDocument(path=path, format=fmt, blocks=raw.blocks, page_count=raw.page_count)


def convert(path: Path, fmt: Format, workdir: Path, timeout: float, target: str = "docx") -> Path:
    """Convert `path` to a `target` (.docx or .xlsx) inside `workdir` with headless LibreOffice;
    return the converted file."""
    if shutil.which(SOFFICE) is None:
        raise ExtractionError(
            path, f"не удалось прочитать документ {KINDS[fmt]}: не установлен LibreOffice (soffice)"
        )
    source = workdir / f"document.{fmt}"  # a plain name, whatever the user called the file
    shutil.copyfile(path, source)
    profile = workdir / "profile"
    (profile / "user").mkdir(parents=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_registry(), encoding="utf-8")
    outdir = workdir / "out"
    command = [
        SOFFICE,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        f"--infilter={IMPORT_FILTERS[fmt]}",
        "--convert-to",
        EXPORT_FILTERS[target],
        "--outdir",
        str(outdir),
        str(source),
    ]
    output = _run(command, path, fmt, workdir, timeout)
    converted = outdir / f"document.{target}"
    if not converted.is_file() or converted.stat().st_size == 0:
        reason = f"не удалось преобразовать документ {KINDS[fmt]}: файл повреждён"
        raise CorruptFileError(path, reason) from ConversionError(output)
    return converted


def _registry() -> str:
    """`PROFILE_SETTINGS` as LibreOffice's user registry file."""
    items = "".join(
        f'<item oor:path="/org.openoffice.{node}"><prop oor:name="{name}" oor:op="fuse">'
        f"<value>{value}</value></prop></item>\n"
        for node, name, value in PROFILE_SETTINGS
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
        'xmlns:xs="http://www.w3.org/2001/XMLSchema">\n'
        f"{items}</oor:items>\n"
    )


class ConversionError(RuntimeError):
    """LibreOffice made no .docx; the message is what it printed."""


def _run(command: list[str], path: Path, fmt: Format, workdir: Path, timeout: float) -> str:
    """Run LibreOffice and return what it printed; past `timeout` kill it and its children."""
    environment = os.environ | {"HOME": str(workdir), "TMPDIR": str(workdir), "no_proxy": "", "NO_PROXY": ""}
    for proxy in PROXY_VARIABLES:
        environment[proxy] = environment[proxy.upper()] = NOWHERE
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=workdir,
        env=environment,
    )
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        _kill(process)
        raise ExtractionError(
            path, f"не удалось преобразовать документ {KINDS[fmt]}: превышено время ({timeout:g} с)"
        ) from exc
    except BaseException:
        _kill(process)
        raise
    printed = (stdout + stderr).decode("utf-8", "replace").strip()
    return f"soffice exited with {process.returncode}: {printed}"


def _kill(process: subprocess.Popen[bytes]) -> None:
    """Kill LibreOffice and everything it started, then reap it."""
    kill_tree(process.pid)
    process.communicate()
