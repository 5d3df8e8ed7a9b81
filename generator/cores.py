"""How many cores this process may use, whether it can fork a copy of itself, and work beside one.

Load, render and the drawer spread work over processes; a forked copy starts with everything the
process has (no imports, nothing sent), which is what load and render need. Where fork is missing
(Windows, macOS' default), they work in one process.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from typing import Any, Callable, TypeVar

Here = TypeVar("Here")
There = TypeVar("There")


def cores() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Is there a second core, and can this process fork a copy of itself?"""
    return cores() > 1 and "fork" in multiprocessing.get_all_start_methods()


def beside(
    there: Callable[..., There], args: tuple[Any, ...], here: Callable[[], Here]
) -> tuple[Here, There]:
    """`here()` in this process while a forked copy of it runs `there(*args)`: both results.
    `there` is a function at the top level of a module, and `args` are sent (pickled); anything
    else it needs, it finds as this process had it when it forked. Only where can_fork()."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        later = pool.submit(there, *args)
        return here(), later.result()
