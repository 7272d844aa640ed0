"""Commands to different chargers run at the same time; to one charger, one at a time and in
the order they were submitted (OCPP: one outstanding request per charger)."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from aiohttp import web
from lxml import etree

from bridge import CommandStatus
from tests.soap.commands.helpers import Captured, Gateway, StandInFactory, soap_response
from wsdl.namespaces import SOAP12_ENVELOPE

CP16 = "urn://Ocpp/Cp/2015/10/"
HOLD = 0.3  # seconds each stand-in charger takes to answer


@dataclass(frozen=True)
class Span:
    charger: str
    tag: str
    start: float
    end: float


async def test_commands_overlap_across_chargers_and_queue_per_charger(
    gateway: Gateway, stand_in: StandInFactory
) -> None:
    spans: list[Span] = []

    async def slow_charger(request: web.Request, captured: Captured) -> web.StreamResponse:
        envelope = etree.fromstring(captured.body)
        charger = envelope.findtext(f"{{{SOAP12_ENVELOPE}}}Header/{{{CP16}}}chargeBoxIdentity")
        key = envelope.findtext(f".//{{{CP16}}}key")
        await asyncio.sleep(HOLD)
        spans.append(Span(str(charger), str(key), captured.at, asyncio.get_running_loop().time()))
        body = (
            f'<c:changeConfigurationResponse xmlns:c="{CP16}">'
            "<c:status>Accepted</c:status></c:changeConfigurationResponse>"
        )
        return soap_response(body)

    a = await stand_in(slow_charger)
    b = await stand_in(slow_charger)
    await gateway.register("CP-A", "1.6", a.url)
    await gateway.register("CP-B", "1.6", b.url)

    loop = asyncio.get_running_loop()
    started = loop.time()
    records = []
    for n in range(3):
        for charger in ("CP-A", "CP-B"):
            payload = {"key": f"K{n}", "value": str(n)}
            records.append(await gateway.commands.submit(charger, "ChangeConfiguration", payload))
    finals = await asyncio.gather(*(gateway.commands.wait(r, 10) for r in records))
    elapsed = loop.time() - started

    assert [f.status for f in finals] == [CommandStatus.ACCEPTED] * 6
    for charger in ("CP-A", "CP-B"):
        own = [s for s in spans if s.charger == charger]
        assert [s.tag for s in own] == ["K0", "K1", "K2"]  # in submission order
        for earlier, later in itertools.pairwise(own):
            assert later.start >= earlier.end - 0.01  # never two at once
    first_a, first_b = (next(s for s in spans if s.charger == c) for c in ("CP-A", "CP-B"))
    assert first_a.start < first_b.end and first_b.start < first_a.end  # side by side
    assert elapsed < 6 * HOLD  # three rounds of two chargers at once, not six in a row
