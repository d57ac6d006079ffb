"""The matching vocabulary: the data files shipped in `compare/data`, and a region's own.

A region's methodists know equivalences the shipped files do not («методический десант» for a
visit of methodists to a school, a local name of a programme). They keep them in a folder of
their own, named by `ROADMAP_VOCABULARY`, in the formats of the shipped files:
- `synonyms.txt`: more synonym groups, one per line, variants separated by "|";
- `stopwords.txt`: more lemmas that carry no meaning for matching;
- `abbreviations.tsv`: abbreviation<TAB>expansion, read before the built-in glossary.
Each is read after the shipped one of the same name (a missing file adds nothing), survives an
upgrade of the package, and is part of `text.statements_version`: stored documents get their
statements made again under the new vocabulary.
"""

from __future__ import annotations

import os
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"
VARIABLE = "ROADMAP_VOCABULARY"
REGION_FILES = ("synonyms.txt", "stopwords.txt", "abbreviations.tsv")


class SettingsError(ValueError):
    """A setting of the matching (a vocabulary file, a calibration) that cannot be used: `path`
    and the reason, in Russian."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


def region_folder() -> Path | None:
    """The region's vocabulary folder (`ROADMAP_VOCABULARY`), or None when none is set."""
    value = os.environ.get(VARIABLE)
    if not value:
        return None
    folder = Path(value)
    if not folder.is_dir():
        raise SettingsError(folder, f"папки словаря нет ({VARIABLE})")
    return folder


def files(name: str) -> list[Path]:
    """The files of `name` in use: the shipped one (when it exists), then the region's."""
    folder = region_folder()
    found = [DATA / name, *([folder / name] if folder else [])]
    return [path for path in found if path.is_file()]


def region_files() -> list[Path]:
    """The region's vocabulary files that exist, in the order of `REGION_FILES`."""
    folder = region_folder()
    return [folder / name for name in REGION_FILES if (folder / name).is_file()] if folder else []


def lines(name: str) -> list[str]:
    """The meaningful lines of every file of `name` (`files`): stripped, without blanks and
    "#" comments."""
    return [line for path in files(name) for line in _lines(path)]


def _lines(path: Path) -> list[str]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise SettingsError(path, "файл словаря не в кодировке UTF-8") from None
    except OSError as exc:
        raise SettingsError(path, f"файл словаря не читается ({exc.strerror})") from None
    return [s.strip() for s in text.splitlines() if s.strip() and not s.lstrip().startswith("#")]


def region_abbreviations() -> dict[str, str]:
    """The region's abbreviations (`abbreviations.tsv`): abbreviation -> expansion."""
    folder = region_folder()
    path = folder / "abbreviations.tsv" if folder else None
    out = {}
    for line in _lines(path) if path and path.is_file() else []:
        abbreviation, tab, expansion = line.partition("\t")
        if not tab or not abbreviation.strip() or not expansion.strip():
            raise SettingsError(path, f"строка «{line[:60]}»: нужно «сокращение<TAB>расшифровка»")
        out[abbreviation.strip()] = expansion.strip()
    return out


def check() -> None:
    """Read the region's vocabulary once: a `SettingsError` names the first file that cannot
    be used (a command, the app and the server refuse to start with it)."""
    for name in REGION_FILES:
        lines(name)
    region_abbreviations()
