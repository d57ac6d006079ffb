"""`heap.keep_freed_arrays`: on glibc, large arrays freed and made again land on pages already
mapped; elsewhere it changes nothing and says so."""

from __future__ import annotations

import platform
import resource

import numpy as np
import pytest

from compare import heap

SIZE = 16 * 2**20  # bytes: above glibc's default mmap threshold, under the one set
COUNT = 4  # arrays alive at once, as a comparison's matrices are


def _faults_of_new_arrays() -> int:
    """Minor page faults while `COUNT` arrays of `SIZE` are made, filled and dropped (by
    default glibc maps and unmaps them anew each time: some 2,000 faults)."""
    before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    arrays = [np.ones(SIZE // 8) for _ in range(COUNT)]
    del arrays
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="glibc's malloc only")
def test_a_freed_array_is_kept_for_the_next_one() -> None:
    assert heap.keep_freed_arrays()
    _faults_of_new_arrays()  # the heap grows once
    pages = COUNT * SIZE // resource.getpagesize()
    assert _faults_of_new_arrays() < pages // 100


def test_without_glibc_nothing_is_set(monkeypatch) -> None:
    monkeypatch.setattr(platform, "libc_ver", lambda: ("", ""))
    assert heap.keep_freed_arrays() is False
