"""Split a stage's work over the machine's cores, where that is safe and pays.

The generator's stages are pure Python, so threads would not run at the same
time. Instead, a large stage is cut into chunks: the process forks one child
per extra chunk, works on the first chunk itself, and reads the children's
results back (pickled, through a pipe). The children share everything the
stage has already loaded (fork copies it), so only results travel.

It falls back to one process when forking is not available (not Linux or
macOS), not safe (other threads are running, as under `serve`, where a fork
could copy a lock another thread holds), or not worth it (little work, one
core). A child that fails passes its exception back; a child that dies leaves
its chunk to be done again here. Results come back in the order of the chunks,
so the output does not depend on how the work was split.
"""
from __future__ import annotations

import os
import pickle
import threading
from typing import Callable, Sequence, TypeVar

T = TypeVar("T")
R = TypeVar("R")

#: Below this many units of work, forking costs more than it saves.
MIN_WORK = 400


def workers() -> int:
    """How many processes a stage may use here (at most 4)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(4, cores))


def _can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1 and os.environ.get("NEXTROUND_PROCESSES") != "1"


def split(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    """`items` in `parts` consecutive runs of nearly equal length (none empty)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        out.append(items[start:end])
        start = end
    return out


def map_chunks(work: Callable[[Sequence[T]], R], items: Sequence[T]) -> list[R]:
    """[work(chunk) for chunk in split(items, n)], computed in up to n processes."""
    n = workers() if len(items) >= MIN_WORK and _can_fork() else 1
    chunks = split(items, n)
    if len(chunks) <= 1:
        return [work(items)]
    children = []
    for chunk in chunks[1:]:
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: do its chunk, send the result, leave without cleanup
            os.close(read)
            status = 0
            try:
                try:
                    data = pickle.dumps((True, work(chunk)), protocol=pickle.HIGHEST_PROTOCOL)
                except BaseException as exc:  # noqa: BLE001 (handed to the parent as it is)
                    data = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
                with os.fdopen(write, "wb") as out:
                    out.write(data)
            except BaseException:  # noqa: BLE001
                status = 1
            finally:
                os._exit(status)
        os.close(write)
        children.append((pid, read, chunk))
    results = [work(chunks[0])]
    error = None
    for pid, read, chunk in children:
        with os.fdopen(read, "rb") as pipe:
            data = pipe.read()
        os.waitpid(pid, 0)
        try:
            ok, value = pickle.loads(data)
        except Exception:  # the child died before it could answer: do its part here
            ok, value = True, work(chunk)
        if not ok:
            error = error or value
        results.append(value)
    if error is not None:
        raise error
    return results
