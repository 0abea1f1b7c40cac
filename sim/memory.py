"""Keep freed memory in the process for the next run, instead of handing it back to the system.

A stacked call of 20 runs of 1,000 people allocates arrays of 20,000 persons (160 KB each)
and a 2.4 MB history, and frees them when it returns. glibc hands blocks over 128 KiB back to
the system when they are freed (``mmap``/``munmap``) and trims the top of its heap past a
threshold that starts low, so the next call's arrays are new pages again: about 2,000 page
faults a call, each a trap and a page of zeros (measured: ``ru_minflt`` per call in
``docs/performance.md``). Raising the two thresholds keeps that memory for the next call: 20
page faults a call. Only the process's own allocator changes; results do not.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import functools
import sys

M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (glibc malloc.h)
TRIM_THRESHOLD_BYTES = 256 * 2**20  # free memory at the heap's top kept before trimming it
MMAP_THRESHOLD_BYTES = 32 * 2**20  # blocks at least this large still get their own mapping (glibc's own ceiling)


@functools.cache
def keep_freed_memory() -> bool:
    """Raise glibc's trim and mmap thresholds once in this process (see the module).

    Returns:
        Whether both were set: False where the C library is not glibc (macOS, Windows, musl),
        which keeps its own behaviour.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
    except (OSError, AttributeError):
        return False
    mallopt.argtypes, mallopt.restype = (ctypes.c_int, ctypes.c_int), ctypes.c_int
    return bool(mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)) & bool(mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES))
