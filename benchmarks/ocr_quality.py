"""OCR quality: scans made from corpus PDFs (`tests/scans.py`) read back against the gold.

For each corpus PDF, an image-only scan (300 dpi, turned 0.5°, noise; optionally turned a
further quarter or half turn) is extracted and its activities paired with the gold ones by
title; the share of pairs whose number, section, title, deadline and responsible cells are
exact (as the scorer compares them) is printed per file and over all, with the seconds per
page. Run from the project root:

    .venv/bin/python -m benchmarks.ocr_quality [--files 000 001 004] [--turn 0|90|180|270]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import pypdfium2 as pdfium

from extractor import extract
from tests.conftest import CORPUS, gold_for
from tests.gold import align_activities, normalized
from tests.scans import scan_pdf

FIELDS = ("number", "section", "title", "deadline_raw", "responsible_raw")


def turned(scan: Path, degrees: int) -> Path:
    """The scan with every page image turned counterclockwise by `degrees` (a multiple of 90)."""
    if degrees % 360 == 0:
        return scan
    document = pdfium.PdfDocument(scan)
    try:
        images = [document[i].render(scale=300 / 72, grayscale=True).to_pil() for i in range(len(document))]
    finally:
        document.close()
    images = [image.convert("L").rotate(degrees, expand=True, fillcolor=255) for image in images]
    target = scan.with_name(f"{scan.stem}-{degrees}.pdf")
    images[0].save(target, "PDF", resolution=300, save_all=True, append_images=images[1:])
    return target


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", nargs="+", default=["000", "001", "004"], help="corpus file prefixes")
    parser.add_argument("--turn", type=int, default=0, help="degrees to turn every scanned page by")
    parser.add_argument("--show", action="store_true", help="print every cell that is not exact")
    args = parser.parse_args()
    totals = dict.fromkeys(FIELDS, 0)
    pairs_total = gold_total = 0
    print(
        f"{'file':<28}{'pages':>6}{'s/page':>8}{'gold':>6}{'paired':>8}"
        + "".join(f"{f[:11]:>12}" for f in FIELDS)
    )
    with tempfile.TemporaryDirectory() as tmp:
        for prefix in args.files:
            source = next(CORPUS.glob(f"{prefix}_*.pdf"))
            scan = turned(scan_pdf(source, Path(tmp) / source.name, seed=int(prefix)), args.turn)
            start = time.perf_counter()
            document = extract(scan)
            seconds = (time.perf_counter() - start) / max(document.page_count or 1, 1)
            gold = gold_for(source)["activities"]
            pairs = align_activities(gold, [a.model_dump() for a in document.activities])
            exact = {f: sum(normalized(g[f]) == normalized(p[f]) for g, p in pairs) for f in FIELDS}
            for field, count in exact.items():
                totals[field] += count
            pairs_total += len(pairs)
            gold_total += len(gold)
            shares = "".join(f"{exact[f] / max(len(pairs), 1):>12.3f}" for f in FIELDS)
            print(
                f"{source.name:<28}{document.page_count:>6}{seconds:>8.1f}{len(gold):>6}{len(pairs):>8}{shares}"
            )
            if args.show:
                for g, p in pairs:
                    for field in FIELDS:
                        if normalized(g[field]) != normalized(p[field]):
                            print(f"    {field}: {g[field]!r} -> {p[field]!r}")
    shares = "".join(f"{totals[f] / max(pairs_total, 1):>12.3f}" for f in FIELDS)
    print(f"{'all':<28}{'':>6}{'':>8}{gold_total:>6}{pairs_total:>8}{shares}")


if __name__ == "__main__":
    main()
