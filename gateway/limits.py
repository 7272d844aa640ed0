"""The open-files limit, raised at startup.

Every OCPP-J charger holds a connection, and so a file descriptor, for as long as it is
online; each SOAP request holds one while it lasts. Linux starts a process with a soft
limit of 1,024 open files (systemd services too) and a hard limit far above it. At the
soft limit the next chargers are refused: the database cannot open a connection (503),
and a new socket cannot be accepted (asyncio only logs that). ``serve`` raises the soft
limit to the hard one, as Go's runtime does for every program and nginx does with
``worker_rlimit_nofile``; only the hard limit (``LimitNOFILE=`` in a systemd unit,
``ulimit -Hn``) then bounds the fleet.
"""

from __future__ import annotations

import logging
from typing import Final

try:
    import resource
except ImportError:  # Windows: no such limit
    resource = None  # type: ignore[assignment]

log = logging.getLogger("ocpp_gateway")

# Below this, the startup log warns that the limit, not the gateway, bounds the fleet.
FEW_OPEN_FILES: Final = 4096


def raise_open_files_limit() -> tuple[int, int] | None:
    """Raise the soft limit on open files to the hard limit: (before, after), or None
    where the platform has no such limit. A limit that cannot be raised is left as it was."""
    if resource is None:
        return None
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == hard:
        return soft, soft
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    except (ValueError, OSError):  # macOS refuses an unlimited soft limit, say
        return soft, soft
    return soft, hard


def log_open_files_limit(limits: tuple[int, int] | None) -> None:
    if limits is None:
        return
    before, after = limits
    if after == resource.RLIM_INFINITY:
        log.info("open files: unlimited")
        return
    raised = f" (raised from {before})" if after != before else ""
    log.info("open files: up to %d%s", after, raised)
    if after < FEW_OPEN_FILES:
        log.warning(
            "at most %d open files: about as many chargers can be connected at once; "
            "raise the hard limit (LimitNOFILE= in a systemd unit, ulimit -Hn) for more",
            after,
        )
