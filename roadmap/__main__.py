"""`python -m roadmap`: the same command line as the `roadmap` script."""

from roadmap.cli import app

app(prog_name="roadmap")
