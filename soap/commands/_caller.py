"""One SOAP request/response exchange: zeep writes and reads, aiohttp carries."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import aiohttp

from ._codec import Request, ServiceClient
from ._http import Attempt, post
from ._limits import CallLimits


@dataclass(frozen=True, slots=True)
class Exchange:
    """What one attempt put on the wire, and what came back: for the message log."""

    operation: str
    request: Request
    attempt: Attempt


ExchangeLog = Callable[[Exchange], None]


class SoapCaller:
    """Calls operations of any OCPP SOAP service over one aiohttp session (made by
    :func:`soap.commands.new_session`). Raises a :class:`CallError` for every failure."""

    def __init__(self, session: aiohttp.ClientSession, limits: CallLimits | None = None) -> None:
        self.session = session
        self.limits = limits or CallLimits()

    async def call(
        self,
        client: ServiceClient,
        operation: str,
        payload: Mapping[str, Any],
        *,
        endpoint: str,
        charge_box_id: str,
        timeout: float,
        from_address: str | None = None,
        reply_to: str | None = None,
        log: ExchangeLog | None = None,
    ) -> dict[str, Any]:
        """The operation's answer as a dict keyed by its element names, within ``timeout``
        seconds (every attempt and pause included)."""
        deadline = asyncio.get_running_loop().time() + timeout
        request = client.request(
            operation,
            payload,
            charge_box_id=charge_box_id,
            to=endpoint,
            from_address=from_address,
            reply_to=reply_to,
        )

        def observe(attempt: Attempt) -> None:
            if log is not None:
                log(Exchange(operation, request, attempt))

        answer = await post(
            self.session, endpoint, request.body, request.headers, self.limits, deadline, observe
        )
        return client.read_answer(operation, answer)
