"""OCR speed: seconds per scanned page through `extractor.extract`, beside plain `tesseract`.

Makes image-only scans of corpus PDFs (`tests/scans.py`: 300 dpi, turned 0.5°, noise), then
times, per page, the whole extraction of the scan (render, straighten, ruling lines,
Tesseract, layout, structure, normalizer) and, as the baseline in the same run, the plain
`tesseract` program on the same page rendered to PNG by pdftoppm at the same resolution.
Run from the project root:

    .venv/bin/python -m benchmarks.ocr [--pages 2] [--files 000 004]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from extractor import extract
from tests.scans import scan_pdf

CORPUS = Path(__file__).resolve().parent.parent / "corpus"
DPI = 300


def plain_tesseract(scan: Path, pages: int, folder: Path) -> float:
    """Seconds for pdftoppm + `tesseract` (rus, TSV, one thread) over the scan's pages."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    start = time.perf_counter()
    render = ["pdftoppm", "-r", str(DPI), "-gray", "-png", "-l", str(pages), scan, folder / "p"]
    subprocess.run(render, check=True)
    for image in sorted(folder.glob("p-*.png")):
        recognize = ["tesseract", image, "-", "-l", "rus", "tsv"]
        subprocess.run(recognize, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2, help="pages of each corpus PDF to scan")
    parser.add_argument("--files", nargs="+", default=["000", "004"], help="corpus file prefixes")
    args = parser.parse_args()
    print(f"{'file':<28}{'pages':>6}{'extract s/page':>16}{'tesseract s/page':>18}{'ratio':>7}  activities")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for prefix in args.files:
            source = next(CORPUS.glob(f"{prefix}_*.pdf"))
            scan = scan_pdf(source, folder / source.name, dpi=DPI, pages=args.pages)
            start = time.perf_counter()
            document = extract(scan)
            ours = (time.perf_counter() - start) / args.pages
            plain_folder = folder / f"{prefix}-pages"
            plain_folder.mkdir()
            plain = plain_tesseract(scan, args.pages, plain_folder) / args.pages
            print(
                f"{source.name:<28}{args.pages:>6}{ours:>16.2f}{plain:>18.2f}{ours / plain:>7.2f}"
                f"  {len(document.activities)}"
            )


if __name__ == "__main__":
    main()
