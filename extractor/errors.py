"""Typed errors for expected extraction failures; each names the file and the reason."""

from __future__ import annotations

from pathlib import Path


class ExtractionError(Exception):
    """A document could not be read. `reason` is a short Russian sentence for the user, kept on
    one line (a parser's message with line breaks in it is joined)."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = " ".join(str(reason).split())  # one line, whatever a parser's message held
        super().__init__(f"{self.path.name}: {self.reason}")

    def __reduce__(self) -> tuple:
        # pickled by its path and reason (a child process sends it back), whatever __init__ takes
        return _rebuild, (type(self), self.path, self.reason)


def _rebuild(kind: type[ExtractionError], path: Path, reason: str) -> ExtractionError:
    error = kind.__new__(kind)
    ExtractionError.__init__(error, path, reason)
    return error


def renamed(error: ExtractionError, path: Path | str) -> ExtractionError:
    """The same error for the file `path`: a reader that reads a file through another one it
    writes (a picture through a PDF) names the file the user gave."""
    return _rebuild(type(error), Path(path), error.reason)


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


class MemoryLimitError(ExtractionError):
    """Reading the file took more memory than the extraction's budget."""

    def __init__(self, path: Path | str, limit_mb: int) -> None:
        reason = f"превышен лимит памяти при разборе ({limit_mb} МБ): файл слишком велик или это бомба"
        super().__init__(path, reason)


class TimeLimitError(ExtractionError):
    """Reading the file took longer than the extraction's wall-clock budget."""

    def __init__(self, path: Path | str, seconds: float) -> None:
        super().__init__(path, f"превышено время разбора ({seconds:g} с)")


class PackageLimitError(ExtractionError):
    """A document package (.docx, .odt) unpacks to more than its budget allows."""
