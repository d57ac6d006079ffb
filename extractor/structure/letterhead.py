"""The issuing body from the letterhead: authority name, region and municipality.

    КАЛУЖСКАЯ ОБЛАСТЬ                      <- a region line: the region, not part of the name
    ОТДЕЛ ОБРАЗОВАНИЯ                      <- an organisation noun in the nominative starts the name
    АДМИНИСТРАЦИИ МУНИЦИПАЛЬНОГО РАЙОНА
    "КОЗЕЛЬСКИЙ РАЙОН"
    (ИСПОЛНИТЕЛЬНО-РАСПОРЯДИТЕЛЬНОГО ОРГАНА)   <- parenthesised remarks are dropped

-> "Отдел образования администрации муниципального района «Козельский район»",
   region "Калужская область", municipality "Козельский район".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from normalizer.geo import Place, find_municipality, find_regions, genitive
from normalizer.morph import parses
from normalizer.orgs import org_name

_HEADS = Path(__file__).parent.parent / "data" / "issuer_heads.txt"
_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_NUMBERED = re.compile(r"[А-ЯЁа-яё]+\s+(?:\d|[IVXLC]+(?![A-Za-z]))")
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Issuer:
    """Who issued the document, with the places its letterhead names."""

    authority: str | None
    region: Place | None
    municipality: Place | None


@cache
def org_heads() -> frozenset[str]:
    """The nouns that open an issuing body's name (data/issuer_heads.txt)."""
    lines = _HEADS.read_text(encoding="utf-8").splitlines()
    return frozenset(x.strip() for x in lines if x.strip() and not x.startswith("#"))


def starts_org(text: str, case: str = "nomn") -> bool:
    """Whether `text` opens an organisation name in `case`: "ОТДЕЛ ...", "Муниципальное казенное
    учреждение ...", or in the genitive under a heading word: "МИНИСТЕРСТВА СПОРТА ..."; a noun
    numbered like a chapter ("Глава 1.") opens none."""
    if _NUMBERED.match(text):
        return False
    for word in _WORD.findall(text)[:4]:
        analyses = parses(word)
        if any(p.normal_form in org_heads() and {case, "sing"} <= p.tag.grammemes for p in analyses):
            return True
        if not any(p.tag.POS == "ADJF" and case in p.tag for p in analyses):
            return False
    return False


def _adjectives_only(text: str) -> bool:
    words = _WORD.findall(text)
    return bool(words) and all(any(p.tag.POS == "ADJF" and "nomn" in p.tag for p in parses(w)) for w in words)


def _join_adjectives(lines: list[str]) -> list[str]:
    """A line of adjectives alone ("МУНИЦИПАЛЬНОЕ КАЗЕННОЕ") joined with the noun on the next one."""
    out: list[str] = []
    for line in lines:
        if out and _adjectives_only(out[-1]):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def _region_only(text: str) -> Place | None:
    found = find_regions(text)
    if len(found) == 1 and not text.replace(found[0].raw, "").strip(' ,.«»"-'):
        return found[0]
    return None


def strip_region(authority: str) -> tuple[str, Place | None]:
    """Drop a region that closes a municipal body's name ("... района Белгородской области")."""
    found = find_regions(authority)
    if not found or authority[found[-1].end :].strip(" ,."):
        return authority, None
    rest = authority[: found[-1].start].strip(" ,")
    if find_municipality(rest) is None:
        return authority, None
    return rest, found[-1]


def _leading_region(text: str) -> tuple[Place, str] | None:
    """A region that opens a line run together with the name after it ("ЯРОСЛАВСКАЯ ОБЛАСТЬ
    МУНИЦИПАЛЬНОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ ..."): the region and the rest."""
    found = find_regions(text)
    if found and found[0].start == 0 and starts_org(text[found[0].end :].strip(" ,")):
        return found[0], text[found[0].end :].strip(" ,")
    return None


def _location_only(text: str) -> bool:
    """A line naming only where a body stands ("Знаменского муниципального округа Тамбовской области")."""
    place = find_municipality(text)
    if place is None or "«" in text or place.start > 0:
        return False
    rest = text[place.end :]
    for region in find_regions(rest):
        rest = rest.replace(region.raw, "")
    return not rest.strip(" ,.")


def _split_location(line: str, kept: list[str]) -> tuple[str, str]:
    """(name, place) when a quoted name is followed by where the body stands, on this line or
    alone on the next one: "... «Знаменская средняя общеобразовательная школа № 2»" +
    "Знаменского муниципального округа Тамбовской области"."""
    if kept and kept[-1].endswith(("»", '"')) and _location_only(line):
        return "", line
    close = line.rfind("»")
    if 0 < close < len(line) - 1 and _location_only(line[close + 1 :].strip(" ,")):
        return line[: close + 1], line[close + 1 :].strip(" ,")
    return line, ""


def read_issuer(letterhead: list[str]) -> Issuer:
    """Authority, region and municipality from the letterhead lines (top to bottom)."""
    lines = [_PARENTHESES.sub(" ", x).strip() for x in letterhead]
    lines = [x for x in lines if x]
    region: Place | None = None
    kept: list[str] = []
    location: Place | None = None
    for line in lines:
        place = _region_only(line)
        leading = _leading_region(line) if place is None else None
        if place is not None:
            region = region or place
        elif leading is not None:
            region = region or leading[0]
            kept.append(leading[1])
        else:
            name, tail = _split_location(line, kept)
            if tail:
                location = location or find_municipality(tail)
                regions = find_regions(tail)
                region = region or (regions[0] if regions else None)
            if name:
                kept.append(name)
    kept = _join_adjectives(kept)
    # a quoted line right after a name's first line is that name's proper part:
    # "МУНИЦИПАЛЬНОЕ КАЗЕННОЕ УЧРЕЖДЕНИЕ" + «УПРАВЛЕНИЕ ОБРАЗОВАНИЯ ...»
    starts: list[int] = []
    for i, line in enumerate(kept):
        quoted = line.startswith(("«", '"'))
        if starts_org(line.lstrip('«"')) and not (quoted and starts and starts[-1] == i - 1):
            starts.append(i)
    authority = None
    if starts:
        name = " ".join(kept[starts[-1] :])
        owners = [kept[i] for i in starts[:-1]]
        if owners and not find_municipality(org_name(name)):
            owner = genitive(org_name(" ".join(kept[starts[-2] : starts[-1]])))
            name = f"{name} {owner[:1].lower()}{owner[1:]}"
        authority, trailing = strip_region(org_name(name))
        region = region or trailing
    text = org_name(" ".join(kept)) if kept else ""
    municipality = location or (find_municipality(authority) if authority else None)
    municipality = municipality or (find_municipality(text) if text else None)
    if region is None:
        regions = find_regions(authority or text)
        region = regions[0] if regions else None
    return Issuer(authority, region, municipality)
