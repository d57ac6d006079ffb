"""Bounded extraction against hostile files built here (never committed): package bombs are
refused before reading, a flate bomb costs at most the memory budget, a file that never ends
costs at most the time budget, and every one gives a typed one-line error. Peak memory is
measured in a child process (`RUSAGE_CHILDREN`), the way an operator's monitor sees it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

import psutil
import pytest

from extractor import isolation
from extractor.errors import ExtractionError, MemoryLimitError, TimeLimitError
from extractor.isolation import DEFAULT_MEMORY_MB, Bounds, extract_bounded, run_bounded, safe_file_name
from extractor.processes import SCRATCH_PREFIX, scratch_folder, sweep_scratch
from extractor.readers import read
from tests.hostile import GiB, body_bomb_docx, flate_bomb_pdf, image_bomb_docx, plain_docx
from tests.wild import WILD, wild_outcomes

ROOT = Path(__file__).resolve().parent.parent
BUDGET_KB = DEFAULT_MEMORY_MB * 1024


MEASURE = (
    "import resource, subprocess, sys; rc = subprocess.run(sys.argv[2:]).returncode; "
    "open(sys.argv[1], 'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)); "
    "sys.exit(rc)"
)


def run_cli(
    *args: str, timeout: float = 300, env: dict | None = None
) -> tuple[subprocess.CompletedProcess, int]:
    """`roadmap ARGS` in a child process, and the peak RSS (KiB) of it and everything it ran,
    measured by a fresh parent of its own."""
    peak_file = Path(tempfile.gettempdir()) / f"roadmap-peak-{os.getpid()}-{time.monotonic_ns()}"
    try:
        done = subprocess.run(
            [
                sys.executable,
                "-c",
                MEASURE,
                str(peak_file),
                sys.executable,
                "-c",
                "from roadmap.cli import app; app()",
                *args,
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd=ROOT,
            env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        )
        return done, int(peak_file.read_text())
    finally:
        peak_file.unlink(missing_ok=True)


def one_error_line(done: subprocess.CompletedProcess) -> str:
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, done.stderr
    assert "Traceback" not in done.stderr
    return lines[0]


def test_a_docx_whose_body_inflates_to_a_gigabyte_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = body_bomb_docx(tmp_path, GiB)
    assert bomb.stat().st_size < 8 * 2**20
    started = time.perf_counter()
    done, peak = run_cli("extract", str(bomb))
    assert done.returncode == 1
    line = one_error_line(done)
    assert "body_bomb.docx" in line and "превышен лимит размера" in line and "word/document.xml" in line
    assert peak <= BUDGET_KB
    print(f"body bomb 1 GiB: peak {peak // 1024} MB, {time.perf_counter() - started:.1f} s to the error")


def test_a_docx_whose_picture_inflates_to_a_gigabyte_is_read_without_the_picture(tmp_path: Path) -> None:
    bomb = image_bomb_docx(tmp_path, GiB)
    done, peak = run_cli("extract", str(bomb))
    assert done.returncode == 0, done.stderr
    assert '"title"' in done.stdout or "ПРИКАЗ" in done.stdout
    assert peak <= 512 * 1024  # far below the picture's 1 GiB: it was never inflated
    print(f"image bomb 1 GiB: peak {peak // 1024} MB")


def test_a_pdf_with_a_flate_bombed_stream_is_refused_before_its_pages_are_read(tmp_path: Path) -> None:
    bomb = flate_bomb_pdf(tmp_path / "bomb.pdf", GiB)
    started = time.perf_counter()
    done, peak = run_cli("extract", str(bomb))
    assert done.returncode == 1
    line = one_error_line(done)
    assert "bomb.pdf" in line and "превышен лимит размера" in line and "поток PDF" in line
    assert peak <= BUDGET_KB
    print(f"flate bomb 1 GiB: peak {peak // 1024} MB, {time.perf_counter() - started:.1f} s to the error")


def test_under_the_stream_cap_a_flate_bomb_stops_at_the_memory_limit(tmp_path: Path) -> None:
    # A budget of 300 MB is less than twice the CLI's own address space, so it counts on top of
    # what the child inherits: the peak is bounded by the CLI's own peak plus the budget.
    order = tmp_path / "order.txt"
    order.write_text("ПРИКАЗ\n", encoding="utf-8")
    _, baseline = run_cli("extract", str(order))
    bomb = flate_bomb_pdf(tmp_path / "bomb.pdf", 200 * 2**20)
    done, peak = run_cli("extract", str(bomb), "--memory-limit", "300")
    assert done.returncode == 1
    line = one_error_line(done)
    assert "bomb.pdf" in line and "превышен лимит памяти" in line and "300 МБ" in line
    assert peak <= baseline + 300 * 1024
    done, peak = run_cli("extract", str(bomb), env={"ROADMAP_MEMORY_LIMIT_MB": "280"})
    assert "280 МБ" in one_error_line(done)
    assert peak <= baseline + 280 * 1024
    print(f"flate bomb 200 MiB, limit 300 MB: peak {peak // 1024} MB (CLI alone {baseline // 1024} MB)")


@pytest.mark.slow
def test_four_gigabyte_bombs_cost_at_most_the_default_budget(tmp_path: Path) -> None:
    for bomb in (
        body_bomb_docx(tmp_path, 4 * GiB),
        image_bomb_docx(tmp_path, 4 * GiB),
        flate_bomb_pdf(tmp_path / "bomb.pdf", 4 * GiB),
    ):
        started = time.perf_counter()
        done, peak = run_cli("extract", str(bomb))
        assert "Traceback" not in done.stderr
        assert peak <= BUDGET_KB
        print(
            f"{bomb.name} 4 GiB: rc {done.returncode}, peak {peak // 1024} MB, "
            f"{time.perf_counter() - started:.1f} s"
        )


def sleep_command(path: Path) -> list[str]:
    """A `sleep` of ten minutes that names `path`'s test (GNU sleep adds up its arguments), so
    the test finds its own sleeps among other people's on a shared machine."""
    return ["sleep", "600", f"0.{zlib.crc32(str(path).encode())}"]


def sleep_forever(path: Path) -> None:
    """A reader that never ends (and its child, which must die with it)."""
    subprocess.run(sleep_command(path), check=False)


def test_a_file_that_never_ends_stops_at_the_time_limit_with_what_it_started(tmp_path: Path) -> None:
    path = plain_docx(tmp_path / "order.docx")
    started = time.perf_counter()
    with pytest.raises(TimeLimitError) as caught:
        run_bounded(sleep_forever, path, bounds=Bounds(memory_bytes=GiB, seconds=2))
    assert time.perf_counter() - started < 15
    assert caught.value.reason == "превышено время разбора (2 с)"
    mine = sleep_command(path)
    left = [p for p in psutil.process_iter(["cmdline"]) if p.info["cmdline"] == mine]
    assert not [p for p in left if p.status() != psutil.STATUS_ZOMBIE]


def test_errors_raised_in_the_child_keep_their_type_reason_and_cause(tmp_path: Path) -> None:
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ExtractionError) as caught:
        extract_bounded(broken)
    assert type(caught.value).__name__ == "CorruptFileError"
    assert caught.value.path == broken
    document = extract_bounded(plain_docx(tmp_path / "order.docx"))
    assert document.source.endswith("order.docx")


def test_a_memory_error_is_typed_whatever_wraps_it(tmp_path: Path) -> None:
    with pytest.raises(MemoryLimitError):
        run_bounded(allocate, tmp_path, bounds=Bounds(memory_bytes=400 * 2**20, seconds=60))


def allocate(_path: Path) -> bytes:
    return b"x" * GiB


def test_scratch_folders_of_dead_owners_are_swept(tmp_path: Path) -> None:
    dead = subprocess.Popen(["true"])
    dead.wait()
    left = scratch_folder(dead.pid)
    mine = scratch_folder(os.getpid())
    try:
        sweep_scratch()
        assert not left.exists() and mine.exists()
    finally:
        mine.rmdir()


def test_long_member_names_are_cut_to_what_a_file_system_takes() -> None:
    name = "план_" * 60 + ".docx"
    cut = safe_file_name(f"архив/{name}")
    assert len(cut.encode()) <= 255 and cut.endswith(".docx") and cut.startswith("план_")
    assert safe_file_name("a/b/приказ.pdf") == "приказ.pdf"


def test_no_scratch_folder_is_left_after_extractions(tmp_path: Path) -> None:
    extract_bounded(plain_docx(tmp_path / "order.docx"))
    mine = list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{os.getpid()}-*"))
    assert mine == []


@pytest.mark.slow
@pytest.mark.skipif(not WILD.is_dir(), reason="no ../shared/wild/files here")
def test_every_wild_file_is_extracted_within_the_default_memory_budget() -> None:
    outcomes = wild_outcomes()  # the pass tests/test_wild.py makes: each file once per session
    assert not [name for name, o in outcomes.items() if o.kind in ("memory", "hung")]
    assert max(o.peak_kb for o in outcomes.values()) <= BUDGET_KB


def test_a_sigterm_during_the_fork_is_raised_after_it_and_the_child_is_killed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A SIGTERM that lands while `os.fork` runs its at-fork hooks (where an exception would be
    printed and swallowed) is held and raised as SystemExit once the fork has returned."""
    children = []
    real_fork = os.fork

    def fork_then_terminated() -> int:
        pid = real_fork()
        if pid:
            children.append(pid)
            os.kill(os.getpid(), signal.SIGTERM)  # handled at once, still inside the window
        return pid

    monkeypatch.setattr(isolation.os, "fork", fork_then_terminated)
    order = tmp_path / "приказ.txt"
    order.write_text("ПРИКАЗ\n1. Провести семинар.\n", encoding="utf-8")
    with pytest.raises(SystemExit) as stopped:
        isolation.run_bounded(read, order)
    assert stopped.value.code == 128 + signal.SIGTERM
    [child] = children
    with pytest.raises(ChildProcessError):  # killed and reaped
        os.waitpid(child, os.WNOHANG)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL


def test_an_upload_that_comes_while_another_warms_up_waits_for_it(monkeypatch) -> None:
    """Two first uploads at once in a server: the second must not fork its child while the
    first is still loading the readers' models (the child would wait for a lock held by a
    thread that does not exist in it, until the time limit)."""
    started, finished, returned_early, loads = threading.Event(), threading.Event(), [], []

    def slow_extract(path: Path) -> None:
        loads.append(path)
        started.set()
        time.sleep(0.5)
        finished.set()

    monkeypatch.setattr(isolation, "extract", slow_extract)
    monkeypatch.setattr(isolation, "_warm", False)
    first = threading.Thread(target=isolation.warm_up)
    first.start()
    assert started.wait(10)
    isolation.warm_up()  # the second upload's thread
    returned_early.append(not finished.is_set())
    first.join()
    assert returned_early == [False]
    isolation.warm_up()  # once warm, at once and without loading again
    assert len(loads) == 1


@pytest.mark.parametrize(
    ("environ", "named"),
    [
        ({isolation.MEMORY_ENV: "abc"}, isolation.MEMORY_ENV),
        ({isolation.MEMORY_ENV: "-5"}, isolation.MEMORY_ENV),
        ({isolation.MEMORY_ENV: "1,5"}, isolation.MEMORY_ENV),
        ({isolation.TIME_ENV: "abc"}, isolation.TIME_ENV),
        ({isolation.TIME_ENV: "nan"}, isolation.TIME_ENV),
        ({isolation.TIME_ENV: "-1"}, isolation.TIME_ENV),
        ({isolation.TIME_ENV: "0"}, isolation.TIME_ENV),
    ],
)
def test_a_limit_out_of_range_is_refused_naming_the_setting(monkeypatch, environ, named) -> None:
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(isolation.BoundsError, match=named):
        Bounds.from_env()


def test_limits_in_range_are_taken_from_the_environment_or_the_options(monkeypatch) -> None:
    monkeypatch.setenv(isolation.MEMORY_ENV, "0")
    monkeypatch.setenv(isolation.TIME_ENV, "2,5")
    assert Bounds.from_env() == Bounds(memory_bytes=0, seconds=2.5)
    assert Bounds.from_env(512, 30) == Bounds(memory_bytes=512 * isolation.MB, seconds=30)
    for memory_mb, seconds in ((-5, None), (None, float("nan")), (None, -1.0)):
        with pytest.raises(isolation.BoundsError, match=r"--(memory|time)-limit"):
            Bounds.from_env(memory_mb, seconds)


@pytest.mark.parametrize(
    ("arguments", "environ"),
    [
        (["--time-limit", "nan"], {}),
        (["--memory-limit", "-5"], {}),
        ([], {isolation.MEMORY_ENV: "abc"}),
        ([], {isolation.TIME_ENV: "-1"}),
    ],
)
def test_the_cli_says_which_limit_is_wrong_in_one_line(tmp_path: Path, arguments, environ) -> None:
    order = tmp_path / "приказ.txt"
    order.write_text("ПРИКАЗ\nОб утверждении плана\n", encoding="utf-8")
    env = {**os.environ, **environ}
    result = subprocess.run(
        [sys.executable, "-m", "roadmap", "extract", str(order), *arguments],
        capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )  # fmt: skip
    assert result.returncode == 1 and result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Ошибка:") and "Traceback" not in result.stderr
    assert "limit" in lines[0] or "LIMIT" in lines[0]
