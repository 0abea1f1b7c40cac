"""Imported by the process pool's forkserver: :func:`sim.stack.warm.warm_kernels` once, so its workers start warm.

``multiprocessing`` imports a forkserver's preload modules by name and stops the server on
any error but an ``ImportError``, so a failure here is logged and the pool starts as before
(its workers then load each kernel at their first call).
"""

from __future__ import annotations

import logging

from sim.stack.warm import warm_kernels

try:
    warm_kernels()
except Exception:  # noqa: BLE001 - the pool must start anyway; a cold worker only loses time
    logging.getLogger(__name__).exception("warming the compiled kernels in the forkserver failed")
