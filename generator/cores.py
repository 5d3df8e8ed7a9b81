"""How many cores this process may use, and whether it can fork a copy of itself to use another.

Load, render and the drawer spread work over processes; a forked copy starts with everything the
process has (no imports, nothing sent), which is what load and render need. Where fork is missing
(Windows, macOS' default), they work in one process.
"""

from __future__ import annotations

import multiprocessing
import os


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Is there a second core, and can this process fork a copy of itself?"""
    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods()
