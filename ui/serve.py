"""The app's server process, as `roadmap app` starts it: `streamlit run` with the same arguments,
with the heavy modules warmed in a background thread as the server starts (`ui.warm`), once per
server process rather than on some session's first page.

    python -m ui.serve ui/app.py --server.port=8501
"""

from __future__ import annotations

import sys

from streamlit.web import cli

from ui.warm import warm_in_background


def main(arguments: list[str]) -> None:
    """Run `streamlit run ARGUMENTS` in this process, warming the modules meanwhile."""
    warm_in_background()
    cli.main(args=["run", *arguments], prog_name="streamlit")


if __name__ == "__main__":
    main(sys.argv[1:])
