"""The sample documents the app ships with: five real road maps as .docx, .pdf and .txt, with their
gold annotations (`gold/`), installed as package data so that a fresh `pip install` can load them
(`roadmap demo`, the app's first start)."""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent


def sample_documents(suffix: str = ".docx") -> list[Path]:
    """The sample documents of one rendition, in name order."""
    return sorted(FOLDER.glob(f"*{suffix}"))
