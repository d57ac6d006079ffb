"""Document text with the people, units and deadlines the normalizer finds marked, as displaCy's
entity view with Russian labels (the «Текст документа» tab)."""

from __future__ import annotations

from functools import cache

import spacy
from spacy import displacy
from spacy.language import Language

from normalizer.spacy_entities import LABELS

COLORS = {"Лицо": "#f9d98c", "Организация": "#a8d5f2", "Срок": "#c5e8b7"}


@cache
def _pipeline() -> Language:
    nlp = spacy.blank("ru")
    nlp.add_pipe("roadmap_entities")
    return nlp


def marked_html(text: str) -> str:
    """`text` as HTML (escaped by displaCy) with its entities marked under Russian labels."""
    doc = _pipeline()(text)
    ents = [{"start": e.start_char, "end": e.end_char, "label": LABELS[e.label_]} for e in doc.ents]
    return displacy.render(
        {"text": doc.text, "ents": ents}, style="ent", manual=True, options={"colors": COLORS}, page=False
    )
