"""Bounded extraction: `extract()` in a child process under an address-space limit
(`RLIMIT_AS`) and a wall-clock limit, so a hostile file (a zip or flate bomb, a parser that
never ends) costs at most the budget and gives a typed `ExtractionError`, never the caller's
memory or time.

The child is forked from the caller, after the caller has loaded the readers and their
dictionaries once (`warm_up`), so children share them. A small caller (a CLI, a pool worker)
leaves the child the whole budget, its own address space included; for a caller whose own
address space is half the budget or more (the app's server, a Dask worker) the budget counts
on top of what the child inherits. (A fork server would keep the child small, but
multiprocessing prepares its children by importing the caller's main module, which under
Streamlit is the app's script itself.)
The child stays in the caller's process group, so killing that group kills the extraction
and what it started (LibreOffice, Tesseract); a watchdog thread in the child kills it and its
descendants when the caller dies. Everything the child writes goes to a scratch folder the
caller removes on every exit path (a SIGTERM is turned into a normal exit
first); a folder left by a caller killed with SIGKILL is swept by the next run.

The budget is `ROADMAP_MEMORY_LIMIT_MB` (default 1024; 0 runs inline, unbounded) and
`ROADMAP_TIME_LIMIT_S` (default 600), or the `Bounds` given.
"""

from __future__ import annotations

import contextlib
import importlib
import math
import os
import pickle
import resource
import select
import shutil
import signal
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from extractor import extract
from extractor.errors import ExtractionError, MemoryLimitError, TimeLimitError
from extractor.processes import kill_tree, scratch_folder, sweep_scratch
from model import Document

MEMORY_ENV = "ROADMAP_MEMORY_LIMIT_MB"
TIME_ENV = "ROADMAP_TIME_LIMIT_S"
DEFAULT_MEMORY_MB = 1024
DEFAULT_SECONDS = 600.0
MB = 2**20
READERS = ("docx", "office", "pdf", "image", "html", "spreadsheet", "txt")
# A small order the parent reads once before its first child, so that dictionaries and models
# loaded on first use (morphology, names, regions, abbreviations) are shared by every child.
WARM_UP_TEXT = (
    "ПРИКАЗ\nот 01.09.2021 № 1\nОб утверждении плана мероприятий («дорожной карты»)\nПРИКАЗЫВАЮ:\n"
    "1. Утвердить план мероприятий.\n№\tМероприятие\tСрок\tОтветственный\n"
    "1.\tПровести мониторинг\tдо 01.10.2021\tИванова Ольга Викторовна, директор МБОУ СОШ № 1\n"
)
WATCH_SECONDS = 1.0


@dataclass(frozen=True)
class Bounds:
    """The budget of one extraction: address space in bytes (0: no child, no limit) and
    wall-clock seconds."""

    memory_bytes: int = DEFAULT_MEMORY_MB * MB
    seconds: float = DEFAULT_SECONDS

    @classmethod
    def from_env(cls, memory_mb: int | None = None, seconds: float | None = None) -> Bounds:
        """The budget given, else from `ROADMAP_MEMORY_LIMIT_MB` / `ROADMAP_TIME_LIMIT_S`,
        else the defaults; `BoundsError` for a value that is not a whole number of megabytes
        (0 or more) or a positive number of seconds."""
        if memory_mb is None:
            memory_mb = _whole(os.environ.get(MEMORY_ENV, ""), MEMORY_ENV, DEFAULT_MEMORY_MB)
        elif memory_mb < 0:
            raise BoundsError(f"--memory-limit {memory_mb}: {MEMORY_RANGE}")
        if seconds is None:
            seconds = _seconds(os.environ.get(TIME_ENV, ""), TIME_ENV, DEFAULT_SECONDS)
        elif not (seconds > 0 and math.isfinite(seconds)):
            raise BoundsError(f"--time-limit {seconds}: {TIME_RANGE}")
        return cls(memory_bytes=memory_mb * MB, seconds=seconds)


class BoundsError(ValueError):
    """A budget value out of range; the message names the setting and says what it takes."""


MEMORY_RANGE = "нужно целое число мегабайт, 0 или больше (0 — без предела)"
TIME_RANGE = "нужно положительное число секунд"


def _whole(raw: str, name: str, default: int) -> int:
    raw = raw.strip()
    if not raw:
        return default
    if not (raw.isascii() and raw.isdigit()):
        raise BoundsError(f"{name}={raw!r}: {MEMORY_RANGE}")
    return int(raw)


def _seconds(raw: str, name: str, default: float) -> float:
    raw = raw.strip()
    if not raw:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not (value > 0 and math.isfinite(value)):
        raise BoundsError(f"{name}={raw!r}: {TIME_RANGE}")
    return value


@dataclass
class Measured:
    """What the bounded function returned and the peak resident memory (KiB) of the process
    that ran it."""

    value: Any
    peak_rss_kb: int


class ChildFailure(RuntimeError):
    """What went wrong inside the child, as text ("Type: message"): the cause of an
    `ExtractionError` raised there, or an unexpected exception."""


BUG_REASON = "внутренняя ошибка разборщика"  # what a user is told of a reader's unexpected exception


def extract_bounded(path: Path | str, normalize: bool = True, bounds: Bounds | None = None) -> Document:
    """`extract(path, normalize)` within `bounds` (see the module docstring)."""
    return run_bounded(extract, Path(path), normalize, bounds=bounds).value


def run_bounded(
    function: Callable[..., Any], path: Path, *args: Any, bounds: Bounds | None = None
) -> Measured:
    """`function(path, *args)` (a module-level function, its result picklable) in a child
    within `bounds`; an `ExtractionError` it raises is raised here, with its cause's text as
    a `ChildFailure`; running out of memory or time is a `MemoryLimitError` / `TimeLimitError`."""
    return _run(function, path, None, args, bounds or Bounds.from_env())


def run_bounded_data(
    function: Callable[..., Any], file_name: str, data: bytes, *args: Any, bounds: Bounds | None = None
) -> Measured:
    """`run_bounded` on a file given as bytes: written as `file_name` (its name cut to what a
    file system takes) to the child's scratch folder, which is removed afterwards."""
    return _run(function, Path(safe_file_name(file_name)), data, args, bounds or Bounds.from_env())


def safe_file_name(name: str, limit: int = 255) -> str:
    """The last part of `name`, cut to at most `limit` bytes of UTF-8 keeping its extension."""
    name = PurePosixPath(name.replace("\\", "/")).name.replace("\x00", "") or "document"
    if len(name.encode()) <= limit:
        return name
    suffix = PurePosixPath(name).suffix
    suffix = suffix if len(suffix.encode()) <= 16 else ""
    stem = name[: len(name) - len(suffix)] if suffix else name
    while len((stem + suffix).encode()) > limit:
        stem = stem[:-1]
    return stem + suffix


def warm_up() -> None:
    """Load in this process, once, what every extraction needs: the readers and the lazily
    loaded dictionaries (by reading a small order), so that forked children share them instead
    of loading them for every file. A thread that comes while another is warming up waits
    for it: a child forked meanwhile would inherit a lock held by that thread (an import's, a
    model's) and wait for it until the time limit."""
    global _warm
    with _warming:
        if _warm:
            return
        for reader in READERS:
            importlib.import_module(f"extractor.readers.{reader}")
        folder = scratch_folder(os.getpid())
        try:
            path = folder / "warm-up.txt"
            path.write_text(WARM_UP_TEXT, encoding="utf-8")
            extract(path)
        except Exception:  # warming up is an optimisation: a failure here is met again in the child
            pass
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        _warm = True


_warm = False
_warming = threading.Lock()


def failure_detail(error: BaseException) -> str | None:
    """The technical detail behind an `ExtractionError` ("Type: message"), wherever it was raised."""
    cause = error.__cause__
    if cause is None:
        return None
    return str(cause) if isinstance(cause, ChildFailure) else f"{type(cause).__name__}: {cause}"


def _run(
    function: Callable[..., Any], path: Path, data: bytes | None, args: tuple, bounds: Bounds
) -> Measured:
    with _scratch() as folder, _sigterm_as_exit():
        if data is not None:
            path = folder / path.name
            path.write_bytes(data)
        if bounds.memory_bytes <= 0:
            return Measured(function(path, *args), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        warm_up()
        inherited, limit = _address_space(), bounds.memory_bytes
        if inherited >= limit // 2:  # a large caller (the app's server): the budget is on top
            limit += inherited
        payload, peak, died = _in_fork((function, str(path), args, limit, str(folder)), bounds)
    return _outcome(path, payload, peak, died, bounds)


def _outcome(path: Path, payload: bytes | None, peak: int, died: str | None, bounds: Bounds) -> Measured:
    """The child's value, or its error raised here; an error carries the child's peak memory
    (KiB) as `peak_rss_kb`."""
    if payload is None:
        raise _measured(_death(path, died, bounds), peak)
    kind, value, detail, reported = pickle.loads(payload)
    peak = max(peak, reported)
    if kind == "ok":
        return Measured(value, peak)
    if kind == "memory":
        raise _measured(MemoryLimitError(path, bounds.memory_bytes // MB), peak) from ChildFailure(detail)
    if kind == "error":
        if detail:
            raise _measured(value, peak) from ChildFailure(detail)
        raise _measured(value, peak)
    raise _measured(ChildFailure(detail), peak)


def _death(path: Path, died: str | None, bounds: Bounds) -> ExtractionError:
    if died == "timeout":
        return TimeLimitError(path, bounds.seconds)
    if died == "SIGKILL":  # the kernel's answer to memory it cannot give
        return MemoryLimitError(path, bounds.memory_bytes // MB)
    return ExtractionError(path, f"разбор файла аварийно прервался ({died})")


def _measured(error: Exception, peak: int) -> Exception:
    error.peak_rss_kb = peak  # type: ignore[attr-defined]
    return error


@contextlib.contextmanager
def _scratch() -> Iterator[Path]:
    sweep_scratch()
    folder = scratch_folder(os.getpid())
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


class _ForkWindow:
    """While `os.fork` and its at-fork hooks run (logging's among them, where an exception is
    printed and swallowed, not raised), a SIGTERM is held here and raised just after."""

    open = False
    signum = 0


def _leave(signum: int, _frame: object) -> None:
    if _ForkWindow.open:
        _ForkWindow.signum = signum
        return
    raise SystemExit(128 + signum)


def _raise_held_sigterm() -> None:
    """Close the fork window and raise the SIGTERM that came while it was open, if one did."""
    _ForkWindow.open, signum, _ForkWindow.signum = False, _ForkWindow.signum, 0
    if signum:
        raise SystemExit(128 + signum)


@contextlib.contextmanager
def _sigterm_as_exit() -> Iterator[None]:
    """Turn SIGTERM into `SystemExit` meanwhile (main thread, default handler only), so that
    the child is killed and the scratch folder removed by the `finally` blocks."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    if signal.getsignal(signal.SIGTERM) is not signal.SIG_DFL:
        yield
        return

    signal.signal(signal.SIGTERM, _leave)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _address_space() -> int:
    """This process's virtual memory size in bytes (what a forked child starts with)."""
    with open("/proc/self/statm") as stream:
        return int(stream.read().split()[0]) * resource.getpagesize()


def _in_fork(job: tuple, bounds: Bounds) -> tuple[bytes | None, int, str | None]:
    """Run the job in a child forked from this process; its peak memory comes from `wait4`."""
    reader, writer = os.pipe()
    _ForkWindow.open = True
    pid = os.fork()
    if pid == 0:  # the child: never return into the caller's code
        code = 0
        try:
            os.close(reader)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            _ForkWindow.open, _ForkWindow.signum = False, 0
            with os.fdopen(writer, "wb") as stream:
                stream.write(_serve(*job, parent=os.getppid()))
        except BaseException:
            code = 1
        finally:
            os._exit(code)
    os.close(writer)
    payload: bytes | None = None
    try:
        _raise_held_sigterm()  # the child is killed below, as on any exit from here
        payload = _read_all(reader, time.monotonic() + bounds.seconds)
    finally:
        os.close(reader)
        if payload is None:
            kill_tree(pid)
        _pid, status, usage = os.wait4(pid, 0)
    if payload is None:
        return None, usage.ru_maxrss, "timeout"
    if not payload:
        died = signal.Signals(os.WTERMSIG(status)).name if os.WIFSIGNALED(status) else "нет ответа"
        return None, usage.ru_maxrss, died
    return payload, usage.ru_maxrss, None


def _read_all(fd: int, deadline: float) -> bytes | None:
    """Everything written to `fd` until its writer closes it, or None if `deadline` passes first."""
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([fd], [], [], left)[0]:
            return None
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _serve(
    function: Callable[..., Any], path: str, args: tuple, limit: int, folder: str, parent: int
) -> bytes:
    """In the child: limit its address space to `limit` bytes, run the job, and return the
    pickled outcome `(kind, value, detail, peak_rss_kb)`, kind one of ok / error / memory / bug."""
    _watch(parent)  # before the limit: a thread that cannot get its stack never signals its start
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    os.environ["TMPDIR"] = tempfile.tempdir = folder
    try:
        message: tuple = ("ok", function(Path(path), *args), None)
    except ExtractionError as exc:
        if _ran_out_of_memory(exc):
            message = ("memory", None, _text(exc.__cause__))
        else:
            message = ("error", exc, _text(exc.__cause__) if exc.__cause__ else None)
    except MemoryError as exc:
        message = ("memory", None, _text(exc))
    except Exception as exc:
        message = ("bug", None, _text(exc))
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    try:
        return pickle.dumps((*message, peak), protocol=pickle.HIGHEST_PROTOCOL)
    except MemoryError:
        return pickle.dumps(("memory", None, "MemoryError: the result did not fit", peak))


def _ran_out_of_memory(error: BaseException) -> bool:
    """Whether a MemoryError is in the chain of causes of `error` (a reader wrapped it)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, MemoryError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def _text(error: BaseException | None) -> str:
    return f"{type(error).__name__}: {error}" if error is not None else ""


def _watch(parent: int) -> None:
    """Kill this process and its descendants once `parent` is gone (the child is reparented)."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(WATCH_SECONDS)
        kill_tree(os.getpid())

    threading.Thread(target=watch, name="roadmap-parent-watch", daemon=True).start()
