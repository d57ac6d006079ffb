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

from normalizer.geo import Place, find_municipality, find_regions, genitive
from normalizer.morph import parses
from normalizer.orgs import org_name

ORG_HEADS = {
    "отдел",
    "управление",
    "комитет",
    "департамент",
    "министерство",
    "администрация",
    "учреждение",
    "центр",
    "служба",
    "агентство",
    "инспекция",
    "орган",
}
_WORD = re.compile(r"[А-ЯЁа-яё]+(?:-[А-ЯЁа-яё]+)*")
_PARENTHESES = re.compile(r"\([^()]*\)")


@dataclass(frozen=True)
class Issuer:
    """Who issued the document, with the places its letterhead names."""

    authority: str | None
    region: Place | None
    municipality: Place | None


def _starts_org(text: str) -> bool:
    """Whether `text` opens an organisation name: "ОТДЕЛ ...", "Муниципальное казенное учреждение ..."."""
    for word in _WORD.findall(text)[:4]:
        analyses = parses(word)
        if any(p.normal_form in ORG_HEADS and {"nomn", "sing"} <= p.tag.grammemes for p in analyses):
            return True
        if not any(p.tag.POS == "ADJF" and "nomn" in p.tag for p in analyses):
            return False
    return False


def _region_only(text: str) -> Place | None:
    found = find_regions(text)
    if len(found) == 1 and not text.replace(found[0].raw, "").strip(' ,.«»"-'):
        return found[0]
    return None


def _strip_region(authority: str) -> tuple[str, Place | None]:
    """Drop a region that closes a municipal body's name ("... района Белгородской области")."""
    found = find_regions(authority)
    if not found or authority[found[-1].end :].strip(" ,."):
        return authority, None
    rest = authority[: found[-1].start].strip(" ,")
    if find_municipality(rest) is None:
        return authority, None
    return rest, found[-1]


def read_issuer(letterhead: list[str]) -> Issuer:
    """Authority, region and municipality from the letterhead lines (top to bottom)."""
    lines = [_PARENTHESES.sub(" ", x).strip() for x in letterhead]
    lines = [x for x in lines if x]
    region: Place | None = None
    kept: list[str] = []
    for line in lines:
        place = _region_only(line)
        if place is not None:
            region = region or place
        else:
            kept.append(line)
    starts = [i for i, line in enumerate(kept) if _starts_org(line)]
    authority = None
    if starts:
        name = " ".join(kept[starts[-1] :])
        owners = [kept[i] for i in starts[:-1]]
        if owners and not find_municipality(org_name(name)):
            owner = genitive(org_name(" ".join(kept[starts[-2] : starts[-1]])))
            name = f"{name} {owner[:1].lower()}{owner[1:]}"
        authority, trailing = _strip_region(org_name(name))
        region = region or trailing
    text = org_name(" ".join(kept)) if kept else ""
    municipality = find_municipality(authority) if authority else None
    municipality = municipality or (find_municipality(text) if text else None)
    if region is None:
        regions = find_regions(authority or text)
        region = regions[0] if regions else None
    return Issuer(authority, region, municipality)
