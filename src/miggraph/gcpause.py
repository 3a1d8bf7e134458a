"""Pausing Python's cyclic garbage collector while the graph is made, read and written.

The build makes millions of objects (terms, triples, index entries) that all stay, and next to no reference
cycles: each full pass of the collector walks every object alive and frees nothing, which at a million triples
took a large share of loading, extraction and the build as a whole.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


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
