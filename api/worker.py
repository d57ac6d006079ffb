"""The API of one server process, and what a long-lived server process does once it is loaded.

`roadmap serve --workers N` has uvicorn start N processes; each calls `app_from_environment`
and serves the store named by `$ROADMAP_DB_URL` (the command sets it). Requests are spread
over the processes by the operating system, so N searches run side by side instead of taking
turns at one interpreter lock.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys

from fastapi import FastAPI

from api.routes import create_app
from compare.heap import settle_loaded
from extractor.isolation import warm_up
from store import open_store


def settle_long_lived() -> None:
    """Load what every extraction needs before the first request (so the first uploads, which
    may come at once, find it loaded), then settle what is loaded for the server's life
    (`compare.heap.settle_loaded`)."""
    warm_up()
    settle_loaded()


def app_from_environment() -> FastAPI:
    """The API over the store at `$ROADMAP_DB_URL`, for one of `roadmap serve`'s processes,
    which ends when the process watching it does (else, that one killed, it would go on
    answering on the port)."""
    end_with_parent()
    app = create_app(open_store())
    settle_long_lived()
    return app


def end_with_parent() -> None:
    """Have the kernel send this process SIGTERM when its parent ends (Linux; elsewhere nothing)."""
    if not sys.platform.startswith("linux"):
        return
    started_by = multiprocessing.parent_process()
    parent = started_by.pid if started_by is not None else os.getppid()
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_PDEATHSIG)")
    if os.getppid() != parent:  # the parent ended before the request took hold (or before this ran)
        os.kill(os.getpid(), signal.SIGTERM)


PR_SET_PDEATHSIG = 1
