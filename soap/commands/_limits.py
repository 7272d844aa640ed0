"""How long one SOAP call may take, and how a connection that could not be made is retried."""

from __future__ import annotations

from dataclasses import dataclass

from gateway.settings import (
    DEFAULT_SOAP_CONNECT_RETRIES,
    DEFAULT_SOAP_CONNECT_TIMEOUT,
    DEFAULT_SOAP_TOTAL_TIMEOUT,
    Settings,
)

DEFAULT_BACKOFF = 0.5  # seconds before the first retry of a failed connection; doubles each time
DEFAULT_MAX_BACKOFF = 4.0  # the longest pause between two connection attempts
DEFAULT_MAX_ANSWER_BYTES = 1024 * 1024  # an OCPP answer is a few KiB; a bigger one is refused


@dataclass(frozen=True, slots=True, kw_only=True)
class CallLimits:
    """Timeouts and retries of one call. ``total_timeout`` bounds one attempt; the caller's
    own deadline (the command timeout) bounds all attempts and pauses together."""

    connect_timeout: float = DEFAULT_SOAP_CONNECT_TIMEOUT
    total_timeout: float = DEFAULT_SOAP_TOTAL_TIMEOUT
    connect_retries: int = DEFAULT_SOAP_CONNECT_RETRIES
    backoff: float = DEFAULT_BACKOFF
    max_backoff: float = DEFAULT_MAX_BACKOFF
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES

    def __post_init__(self) -> None:
        if self.connect_timeout <= 0 or self.total_timeout <= 0:
            raise ValueError("SOAP timeouts must be positive")
        if self.connect_retries < 0 or self.backoff < 0 or self.max_backoff < 0:
            raise ValueError("SOAP retries and backoff must not be negative")
        if self.max_answer_bytes <= 0:
            raise ValueError("max_answer_bytes must be positive")

    @classmethod
    def from_settings(cls, settings: Settings) -> CallLimits:
        return cls(
            connect_timeout=settings.soap_connect_timeout,
            total_timeout=settings.soap_total_timeout,
            connect_retries=settings.soap_connect_retries,
        )

    def pause_before_retry(self, retry: int) -> float:
        """Seconds to wait before retry number ``retry`` (1 for the first)."""
        return float(min(self.backoff * 2 ** (retry - 1), self.max_backoff))
