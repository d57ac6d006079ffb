"""Imported by the fork server of `extractor.isolation`: loads once what every extraction
needs (the readers, the dictionaries loaded on first use), so that its children share it."""

from extractor.isolation import warm_up

warm_up()
