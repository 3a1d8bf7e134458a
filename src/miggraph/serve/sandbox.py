"""Query workers cannot open network connections: a seccomp filter refuses every socket but a Unix one.

The filter is installed in each worker process before it loads the graph, so whatever a query holds
(SERVICE written with escapes, hidden by comments, in a sub-query, through a variable) the query engine's
HTTP client gets "permission denied" from the kernel and no request leaves the process. The worker talks
to the server over a Unix socket pair, which stays allowed. The textual guard (guard.py) stays as a
courtesy that answers a plain SERVICE with a clear 400 before anything runs.
"""

from __future__ import annotations

import errno
import socket
import sys


class SandboxError(RuntimeError):
    """The network filter cannot be installed on this system."""


def deny_network() -> None:
    """Forbid this process (and its future children) to create any socket other than AF_UNIX; irrevocable."""
    if not sys.platform.startswith("linux"):
        raise SandboxError("query workers need Linux seccomp to be cut off from the network")
    try:
        import pyseccomp as sc
    except (ImportError, OSError) as exc:  # the package or libseccomp.so.2 is missing
        raise SandboxError(f"cannot load libseccomp ({exc}); install Debian's libseccomp2") from exc
    try:
        filt = sc.SyscallFilter(defaction=sc.ALLOW)
        filt.add_rule(sc.ERRNO(errno.EACCES), "socket", sc.Arg(0, sc.NE, socket.AF_UNIX))
        filt.add_rule(sc.ERRNO(errno.EACCES), "socketpair", sc.Arg(0, sc.NE, socket.AF_UNIX))
        for name in ("io_uring_setup", "io_uring_enter", "io_uring_register"):  # no socket calls around the filter
            filt.add_rule(sc.ERRNO(errno.ENOSYS), name)
        filt.load()
    except (OSError, RuntimeError, ValueError) as exc:
        raise SandboxError(f"cannot install the seccomp network filter: {exc}") from exc


def network_denied() -> bool:
    """True if this process cannot open an Internet socket (the filter is in place)."""
    try:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
    except PermissionError:
        return True
    return False
