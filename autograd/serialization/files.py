"""Atomic writes for ``save``: a temporary file named after its owner, flushed, then renamed.

A temporary file is named ``.<target>.<host>-<pid>-<random>.tmp`` in the target's directory. A
process killed while writing leaves at most that one file behind, and the next ``save`` into the
same directory removes every such file whose process no longer runs on this host (the pid is
checked with signal 0; a file from another host, or one whose pid is alive or may be alive, is
left alone: a shared directory never loses a file another process is still writing).
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import socket

# A short tag of this host: pids mean nothing across hosts sharing a directory.
HOST = hashlib.sha1(socket.gethostname().encode("utf-8", "replace")).hexdigest()[:8]
TEMP = re.compile(r"^\..+\.(?P<host>[0-9a-f]{8})-(?P<pid>[0-9]{1,10})-[0-9a-f]{12}\.tmp$")


def temp_path(directory: str, base: str) -> str:
    """A fresh temporary file name for writing ``base`` in ``directory``, carrying our pid."""
    return os.path.join(directory, f".{base}.{HOST}-{os.getpid()}-{secrets.token_hex(6)}.tmp")


def _alive(pid: int) -> bool:
    """Whether a process with this pid may exist here (errs on the side of "yes")."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (OSError, OverflowError, ValueError):
        return True  # not ours to signal (EPERM), or not a pid this OS knows: keep the file
    return True


def remove_stale_temps(directory: str) -> list[str]:
    """Delete the temporary files of earlier saves in ``directory`` whose writer is gone.

    Returns the names removed. Only POSIX can tell whether a pid is alive; elsewhere nothing is
    removed.
    """
    if os.name != "posix":
        return []
    try:
        names = os.listdir(directory)
    except OSError:
        return []
    removed = []
    me = os.getpid()
    for name in names:
        m = TEMP.match(name)
        if m is None or m["host"] != HOST:
            continue
        pid = int(m["pid"])
        if pid <= 0 or pid == me or _alive(pid):  # pid 0 would signal our process group
            continue
        try:
            os.unlink(os.path.join(directory, name))
        except OSError:
            continue  # another process removed it first, or it is not ours to remove
        removed.append(name)
    return removed


def write_atomic(path: str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, durably."""
    directory = os.path.dirname(os.path.abspath(path))
    base = os.path.basename(path)
    remove_stale_temps(directory)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    while True:
        tmp = temp_path(directory, base)
        try:
            fd = os.open(tmp, flags, 0o666)  # the umask applies, as for a plain open()
            break
        except FileExistsError:
            continue
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise
    try:  # make the rename itself durable (not possible on every platform)
        dfd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dfd)
    except OSError:
        pass
    finally:
        os.close(dfd)
