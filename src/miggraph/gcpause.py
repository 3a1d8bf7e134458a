"""Pausing Python's cyclic garbage collector while the graph is made, read and written; and giving back the
memory a stage has let go.

The build makes millions of objects (terms, triples, index entries) that all stay, and next to no reference
cycles: each full pass of the collector walks every object alive and frees nothing, which at a million triples
took a large share of loading, extraction and the build as a whole.

What pyoxigraph and large bytes objects free goes back to the C allocator, which keeps it for later use rather
than return it to the system: after validation let its store go, a build of a million triples still held about
0.4 GB it no longer used. `give_back_freed_memory` asks the allocator to return it (glibc's malloc_trim).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import gc
from collections.abc import Iterator
from functools import cache


@contextlib.contextmanager
def cyclic_gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off meanwhile, and back on afterwards if it was on (nested uses keep it off)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


@cache
def _malloc_trim() -> ctypes._CFuncPtr | None:
    """glibc's malloc_trim, or None where the C library has none."""
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None
    except (OSError, AttributeError):
        return None


def give_back_freed_memory() -> bool:
    """Return to the system the memory the C allocator holds free (where the C library can); whether it could."""
    trim = _malloc_trim()
    if trim is None:
        return False
    trim(0)
    return True
