"""Keep the memory a comparison frees for the next one (glibc's malloc, tuned once per process).

A 1,000 x 1,000 comparison makes and drops some hundred matrices of megabytes. By default glibc
serves each from a fresh `mmap` and gives it back on `free`, so every comparison faults its pages
in anew (some 34,000 page faults per comparison); its threshold grows with what it sees, but
trimming the heap's top undoes it. `keep_freed_arrays` raises both thresholds once: blocks up to
`MMAP_THRESHOLD` come from the heap, and the heap keeps up to `TRIM_THRESHOLD` of freed memory at
its top for the next comparison, whose matrices then land on pages already mapped.
`settle_loaded` is what a server process does once it has loaded what it keeps for its life.
"""

from __future__ import annotations

import ctypes
import gc
import platform

M_TRIM_THRESHOLD = -1  # glibc's <malloc.h>
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 * 2**20  # glibc's largest (DEFAULT_MMAP_THRESHOLD_MAX on 64 bits)
TRIM_THRESHOLD = 256 * 10**6


def keep_freed_arrays() -> bool:
    """Set glibc's mmap and trim thresholds (`MMAP_THRESHOLD`, `TRIM_THRESHOLD`) for this process;
    whether they were set (False where the C library is not glibc: nothing is changed)."""
    if platform.libc_ver()[0] != "glibc":
        return False
    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD)) & bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD))


def settle_loaded() -> None:
    """For a long-lived process that has loaded what it keeps (models, dictionaries): keep that
    out of the garbage collector's walks (`gc.freeze`), and the memory comparisons free for the
    next one (`keep_freed_arrays`)."""
    gc.freeze()
    keep_freed_arrays()
