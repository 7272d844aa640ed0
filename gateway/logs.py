"""Log records are written by a thread of their own, never by the event loop.

A handler that writes to stderr blocks its caller while the reader is behind: a full pipe,
a stalled log shipper, a terminal scrolled back. On the event loop that stops every
charger. Here the loop only puts the record on a bounded queue (the standard library's
``QueueHandler``/``QueueListener``); a thread writes it out. When the queue is full the
record is dropped and counted, and the writer says how many were lost once it catches
up: an operator loses log lines, chargers lose nothing.
"""

from __future__ import annotations

import logging
import queue
from logging.handlers import QueueHandler, QueueListener
from typing import Final, TextIO

FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# Records waiting for the writer at most: a few seconds of a busy gateway's INFO lines.
MAX_QUEUED: Final = 10_000

log = logging.getLogger("ocpp_gateway")


class _DroppingQueueHandler(QueueHandler):
    def __init__(self, records: queue.Queue[logging.LogRecord]) -> None:
        super().__init__(records)
        self.dropped = 0

    def enqueue(self, record: logging.LogRecord) -> None:
        try:
            self.queue.put_nowait(record)
        except queue.Full:
            self.dropped += 1  # read by the writer thread: a lost update costs one count


class _Writer(logging.StreamHandler[TextIO]):
    """stderr, and first a line for the records dropped since the last one written."""

    def __init__(self, source: _DroppingQueueHandler) -> None:
        super().__init__()
        self._source = source
        self._reported = 0

    def handle(self, record: logging.LogRecord) -> bool:
        dropped = self._source.dropped
        if dropped != self._reported:
            lost = dropped - self._reported
            self._reported = dropped
            super().handle(
                log.makeRecord(
                    log.name, logging.WARNING, __file__, 0,
                    "%d log records dropped: the log output did not keep up", (lost,), None,
                )
            )  # fmt: skip
        return super().handle(record)


def configure(level: str) -> QueueListener | None:
    """Log at ``level`` through a writer thread; stop the returned listener to flush.
    Like ``logging.basicConfig``, does nothing when the root logger has handlers (a test
    runner's, an embedding application's)."""
    root = logging.getLogger()
    if root.handlers:
        return None
    records: queue.Queue[logging.LogRecord] = queue.Queue(MAX_QUEUED)
    handler = _DroppingQueueHandler(records)
    writer = _Writer(handler)
    writer.setFormatter(logging.Formatter(FORMAT))
    root.addHandler(handler)
    root.setLevel(level.upper())
    listener = QueueListener(records, writer)
    listener.start()
    return listener
