"""A long law (thousands of lines, hundreds of cited acts) is read in time linear in its length:
the linear joins and the once-counted quote depth give what the pairwise ones gave."""

from __future__ import annotations

import random
from functools import reduce

from extractor.structure.lines import join_all, join_lines
from extractor.structure.references import _QuoteDepth, find_references

WORDS = ["организационно-", "методического", "обра-", "зования", "«Об", "образовании»", "приказ", "от", ""]


def test_joining_all_lines_at_once_equals_joining_them_two_by_two() -> None:
    chance = random.Random(7)
    for _ in range(200):
        parts = [
            " ".join(chance.choices(WORDS, k=chance.randint(0, 40))) for _ in range(chance.randint(0, 30))
        ]
        assert join_all(parts) == reduce(join_lines, parts, "")


def test_quote_depth_counted_once_equals_counting_up_to_each_offset() -> None:
    text = "приказ «О плане «дорожной» карты» и »лишняя« кавычка « без пары"
    counted = _QuoteDepth(text)
    for end in range(len(text) + 1):
        depth = 0
        for ch in text[:end]:
            depth = depth + 1 if ch == "«" else max(depth - 1, 0) if ch == "»" else depth
        assert counted.at(end) == depth


def test_references_of_a_long_law_are_all_found_and_quoted_ones_are_not() -> None:
    cited = [f"приказом министерства образования от 0{k % 9 + 1}.02.2020 № {k}-п" for k in range(300)]
    quoted = "«О внесении изменений в приказ от 01.03.2019 № 77»"
    text = (" Статья текста закона без ссылок. " * 20).join([*cited, quoted])
    numbers = [r.number for r in find_references(text)]
    assert numbers == [f"{k}-п" for k in range(300)]
