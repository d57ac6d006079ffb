"""Typed errors for expected extraction failures; each names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """A document could not be read. `reason` is a short Russian sentence for the user."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{self.path.name}: {reason}")


class EmptyFileError(ExtractionError):
    def __init__(self, path: Path | str) -> None:
        super().__init__(path, "файл пуст (0 байт)")


class UnsupportedFormatError(ExtractionError):
    pass


class CorruptFileError(ExtractionError):
    pass


class EncryptedFileError(ExtractionError):
    pass


class ScannedDocumentError(ExtractionError):
    """A PDF with no text layer: it needs OCR, which we do not do yet."""


class FileTooLargeError(ExtractionError):
    pass
