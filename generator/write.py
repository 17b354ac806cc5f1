"""Write: files into a folder, touching only what changed; publish a built site.

A file is written through a temporary file and a rename, so a reader (or a
server watching the folder) never sees half a file, and a file whose bytes are
unchanged is not touched at all: a watching server rebuilds once per change,
and static hosts' caches stay valid.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import filecmp
import os
import shutil
import stat
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path


@dataclass
class WriteResult:
    written: int
    unchanged: int
    removed: int

    def __str__(self) -> str:
        return f"{self.written} files written, {self.unchanged} unchanged, {self.removed} removed"


def _hidden(rel: str) -> bool:
    return any(part.startswith(".") for part in rel.split("/"))


#: From this many new files on, write_tree creates them from several threads.
PARALLEL_WRITES = 200


def _create(job: tuple[Path, bytes]) -> None:
    path, data = job
    with open(path, "xb") as out:
        out.write(data)


def write_tree(files: dict[str, bytes | Path], folder: Path, *, prune: bool = True, watched: bool = True) -> WriteResult:
    """Make `folder` hold exactly `files` (relative path -> bytes, or a file to copy).

    With `prune`, other files in the folder are removed (hidden ones are kept)
    and folders left empty go too. `watched`: something may read the folder
    while it is written (a server), so every file is written through a
    temporary file and a rename; otherwise (a folder only this build uses, under
    its lock) a new file is written in place, which is several times faster.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = {folder}
    unchanged = removed = 0
    new: list[tuple[Path, bytes]] = []
    changed: list[tuple[Path, bytes]] = []
    for rel, data in sorted(files.items()):
        path = folder / rel
        if isinstance(data, Path):
            data = data.read_bytes()
        try:
            st = os.lstat(path)
        except FileNotFoundError:
            st = None
        if st is not None and stat.S_ISREG(st.st_mode) and st.st_size == len(data) and path.read_bytes() == data:
            unchanged += 1
            continue
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        (new if st is None and not watched else changed).append((path, data))
    # Creating a file is mostly the file system's time, not Python's: several
    # threads at once take about half as long for thousands of new pages.
    if len(new) >= PARALLEL_WRITES:
        with ThreadPoolExecutor(max_workers=4) as pool:
            list(pool.map(_create, new))
    else:
        for job in new:
            _create(job)
    for path, data in changed:
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(data)
        os.replace(tmp, path)
    written = len(new) + len(changed)
    if prune:
        for path in sorted(folder.rglob("*"), reverse=True):
            rel = path.relative_to(folder).as_posix()
            if _hidden(rel):
                continue
            if (path.is_file() or path.is_symlink()) and rel not in files:
                path.unlink()
                removed += 1
            elif path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
                path.rmdir()
    return WriteResult(written, unchanged, removed)


# ----------------------------------------------------------------------------- publishing
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish(built: Path, out: Path) -> WriteResult:
    """Put a freshly built site at `out`, whole or not at all.

    The new tree is assembled beside `out`: files identical to the published
    ones are hard links to them (same file, same modification time), the rest
    are moved in. Then the two folders are swapped by rename, so `out` is at
    every moment either the old site or the new one, never a mix; an
    interrupted publish leaves the old site and at most a '.<name>.new' folder,
    which the next publish removes.
    """
    built, out = Path(built), Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.with_name(f".{out.name}.new")
    old = out.with_name(f".{out.name}.old")
    for leftover in (staging, old):
        if leftover.exists():
            shutil.rmtree(leftover)
    if not out.exists() and old.exists():
        old.rename(out)
    written = unchanged = removed = 0
    for path in sorted(built.rglob("*")):
        rel = path.relative_to(built)
        target = staging / rel
        if path.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        current = out / rel
        if current.is_file() and not current.is_symlink() and filecmp.cmp(current, path, shallow=False):
            os.link(current, target)
            unchanged += 1
        else:
            shutil.copy2(path, target)
            written += 1
    staging.mkdir(parents=True, exist_ok=True)
    if out.exists():
        removed = sum(1 for p in out.rglob("*") if p.is_file() and not (staging / p.relative_to(out)).exists())
        if not _exchange(staging, out):
            out.rename(old)
            staging.rename(out)
        else:
            staging.rename(old)
        shutil.rmtree(old, ignore_errors=True)
    else:
        staging.rename(out)
    return WriteResult(written, unchanged, removed)
