"""The app's server process, as `roadmap app` starts it: the heavy modules warmed (`ui.warm`),
then `streamlit run` with the same arguments in this process, so they load once per server
process rather than on some session's first page. Warming comes first, not beside the server in
a thread: a session's script importing the same modules meanwhile could meet them half
initialised. What is loaded by then stays for the process's life, so it is frozen out of the
garbage collector's reach (`gc.freeze`): a full collection walks only what pages and
comparisons made since; and the memory a comparison frees is kept for the next one
(`compare.heap.keep_freed_arrays`).

    python -m ui.serve ui/app.py --server.port=8501
"""

from __future__ import annotations

import sys

from streamlit.web import cli

from compare.heap import settle_loaded
from ui.warm import warm_logged


def main(arguments: list[str]) -> None:
    """Warm the modules, then run `streamlit run ARGUMENTS` in this process."""
    warm_logged()
    settle_loaded()
    cli.main(args=["run", *arguments], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
