"""The `roadmap` command line.

It drives every stage (extract, and later compare, ingest, batch, serve), so it lives in a
room of its own above them instead of inside any one stage.
"""
