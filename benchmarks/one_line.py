"""Extraction of a plain-text order that is one very long line, at 1, 2 and 4 MB.

A .txt that lost its line breaks is one paragraph, so every step reads one text of megabytes.
Builds three such files from a corpus order (its words joined by spaces; the same without any
space; its lines joined by tabs), times `extractor.extract` on each size and prints seconds,
characters a second and the ratio to the first size, the baseline of the same run: a step
linear in the text keeps the ratio near the ratio of the sizes (2, 4), a quadratic one near its
square (4, 16). Run from the project root:

    .venv/bin/python -m benchmarks.one_line [--sizes 1 2 4] [--kinds spaces no-spaces tabs]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from extractor import extract

SOURCE = Path(__file__).resolve().parent.parent / "corpus" / "000_e1a1ce5ee80185a8.txt"
KINDS: dict[str, Callable[[str], str]] = {
    "spaces": lambda text: " ".join(text.split()) + " ",
    "no-spaces": lambda text: "".join(text.split()),
    "tabs": lambda text: "\t".join(line.strip() for line in text.splitlines() if line.strip()) + "\t",
}


def one_line(path: Path, unit: str, megabytes: float) -> Path:
    """`unit` repeated into a one-line UTF-8 file of `megabytes` MB (cut at a whole character)."""
    size = int(megabytes * 1_000_000)
    data = (unit * (size // len(unit.encode()) + 1)).encode()[:size]
    path.write_bytes(data.decode("utf-8", errors="ignore").encode())
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 2, 4], help="MB")
    parser.add_argument("--kinds", nargs="+", choices=sorted(KINDS), default=list(KINDS))
    args = parser.parse_args()
    source = SOURCE.read_text(encoding="utf-8")
    print(f"{'kind':10} {'MB':>5} {'chars':>9} {'seconds':>8} {'chars/s':>9} {'ratio':>6}")
    with tempfile.TemporaryDirectory() as folder:
        extract(one_line(Path(folder) / "warm.txt", KINDS["spaces"](source), 0.01))  # models load
        for kind in args.kinds:
            baseline = None
            for megabytes in args.sizes:
                path = one_line(Path(folder) / f"{kind}.txt", KINDS[kind](source), megabytes)
                chars = len(path.read_text(encoding="utf-8"))
                started = time.perf_counter()
                extract(path)
                seconds = time.perf_counter() - started
                baseline = baseline or seconds
                print(
                    f"{kind:10} {megabytes:5g} {chars:9} {seconds:8.2f} {chars / seconds:9.0f} "
                    f"{seconds / baseline:6.2f}"
                )


if __name__ == "__main__":
    main()
