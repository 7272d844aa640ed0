"""The simulator's calls to its Central System, in the shape of the charger's version, through
a zeep client built from our generated CentralSystemService WSDL.

A charger has one request outstanding at a time (OCPP 1.6 section 4.1.1 and its SOAP
equivalents), so calls are serialised by a lock.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass
from typing import Any

from soap.commands import ServiceClient, SoapCaller, service_client

# 1.6 statuses a 1.2/1.5 charger cannot say: all of them mean a vehicle is plugged in.
_OCCUPIED = frozenset({"Preparing", "Charging", "SuspendedEV", "SuspendedEVSE", "Finishing"})
ENERGY_REGISTER = "Energy.Active.Import.Register"


@dataclass(frozen=True, slots=True)
class CentralCall:
    operation: str
    payload: dict[str, Any]
    answer: dict[str, Any]


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class CentralSystemLink:
    def __init__(
        self,
        caller: SoapCaller,
        version: str,
        url: str,
        charge_box_id: str,
        own_url: str,
        timeout: float,
    ) -> None:
        self.client: ServiceClient = service_client(version, "cs")
        self.version = version
        self.url = url
        self.charge_box_id = charge_box_id
        self.own_url = own_url
        self.timeout = timeout
        self.calls: list[CentralCall] = []
        self._caller = caller
        self._lock = asyncio.Lock()
        self._last_status: dict[int, str] = {}

    async def call(self, operation: str, payload: dict[str, Any]) -> dict[str, Any]:
        """Raises ``soap.commands.CallError`` when the Central System gives no answer."""
        async with self._lock:
            answer = await self._caller.call(
                self.client,
                operation,
                payload,
                endpoint=self.url,
                charge_box_id=self.charge_box_id,
                timeout=self.timeout,
                from_address=self.own_url,
            )
        self.calls.append(CentralCall(operation, payload, answer))
        return answer

    async def boot(self, identity: dict[str, str]) -> tuple[str, int]:
        """BootNotification: the registration status and the heartbeat interval."""
        self._last_status.clear()  # after a boot every connector's status is news
        answer = await self.call("BootNotification", dict(identity))
        interval = answer.get("interval", answer.get("heartbeatInterval", 0))
        return str(answer["status"]), int(interval)

    async def heartbeat(self) -> str:
        return str((await self.call("Heartbeat", {}))["currentTime"])

    async def status(
        self, connector_id: int, status: str, error_code: str = "NoError", force: bool = False
    ) -> None:
        """StatusNotification of a 1.6 status, unless it says what was said last (1.5's
        Occupied covers four 1.6 statuses) and ``force`` is false."""
        said = self._say_status(status)
        if not force and self._last_status.get(connector_id) == said:
            return
        payload: dict[str, Any] = {
            "connectorId": connector_id,
            "status": said,
            "errorCode": error_code,
        }
        if self.version != "1.2":
            payload["timestamp"] = utcnow()
        await self.call("StatusNotification", payload)
        self._last_status[connector_id] = said

    def _say_status(self, status: str) -> str:
        if self.version == "1.6":
            return status
        if status in _OCCUPIED or (self.version == "1.2" and status == "Reserved"):
            return "Occupied"
        return status

    async def start_transaction(
        self, connector_id: int, id_tag: str, meter_start: int, reservation_id: int | None
    ) -> tuple[int, str]:
        """StartTransaction: the transaction id and the idTag's status."""
        payload: dict[str, Any] = {
            "connectorId": connector_id,
            "idTag": id_tag,
            "timestamp": utcnow(),
            "meterStart": meter_start,
        }
        if reservation_id is not None and self.version != "1.2":
            payload["reservationId"] = reservation_id
        answer = await self.call("StartTransaction", payload)
        return int(answer["transactionId"]), str(answer["idTagInfo"]["status"])

    async def stop_transaction(
        self, transaction_id: int, id_tag: str | None, meter_stop: int, reason: str
    ) -> None:
        payload: dict[str, Any] = {
            "transactionId": transaction_id,
            "timestamp": utcnow(),
            "meterStop": meter_stop,
        }
        if id_tag is not None:
            payload["idTag"] = id_tag
        if self.version == "1.6":
            payload["reason"] = reason
        await self.call("StopTransaction", payload)

    async def meter_values(self, connector_id: int, transaction_id: int | None, wh: int) -> None:
        """One sample of the energy register, in Wh."""
        now = utcnow()
        payload: dict[str, Any] = {"connectorId": connector_id}
        if transaction_id is not None and self.version != "1.2":
            payload["transactionId"] = transaction_id
        reading = {"measurand": ENERGY_REGISTER, "unit": "Wh", "context": "Sample.Periodic"}
        if self.version == "1.6":
            sampled = {"value": str(wh), **reading}
            payload["meterValue"] = [{"timestamp": now, "sampledValue": [sampled]}]
        elif self.version == "1.5":
            # 1.5 readings are XML text with attributes; zeep names the text "_value_1"
            payload["values"] = [{"timestamp": now, "value": [{"_value_1": str(wh), **reading}]}]
        else:
            payload["values"] = [{"timestamp": now, "value": wh}]
        await self.call("MeterValues", payload)

    async def diagnostics_status(self, status: str) -> None:
        await self.call("DiagnosticsStatusNotification", {"status": status})

    async def firmware_status(self, status: str) -> None:
        await self.call("FirmwareStatusNotification", {"status": status})
