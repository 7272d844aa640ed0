"""How the simulated charger answers each ChargePointService operation, and what it does
afterwards (the follow-ups, run after the answer has been sent).

Requests and answers are plain dicts keyed by the element names of the charger's
version: 1.2 and 1.5 say ``Accepted``/``Rejected`` to UnlockConnector, 1.5 spells
``localAuthorisationList`` and answers SendLocalList with a ``hash``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ._central import CentralSystemLink
from ._state import ENERGY_PER_SAMPLE_WH, ChargerState, Connector, Reservation, Transaction

FollowUp = Callable[[], Awaitable[Any]]
Payload = dict[str, Any]
DEFAULT_LIMIT_A = Decimal("32.0")  # what GetCompositeSchedule reports without a profile


@dataclass(slots=True)
class Reply:
    fields: Payload
    follow_ups: list[FollowUp] = field(default_factory=list)


class Behaviour:
    def __init__(
        self,
        state: ChargerState,
        link: CentralSystemLink,
        identity: dict[str, str],
    ) -> None:
        self.state = state
        self.link = link
        self.identity = identity
        self.v16 = state.version == "1.6"
        self.overrides: dict[str, Payload] = {}
        self._handlers: dict[str, Callable[[Payload], Reply]] = {
            "CancelReservation": self.cancel_reservation,
            "ChangeAvailability": self.change_availability,
            "ChangeConfiguration": self.change_configuration,
            "ClearCache": self.clear_cache,
            "ClearChargingProfile": self.clear_charging_profile,
            "DataTransfer": self.data_transfer,
            "GetCompositeSchedule": self.get_composite_schedule,
            "GetConfiguration": self.get_configuration,
            "GetDiagnostics": self.get_diagnostics,
            "GetLocalListVersion": self.get_local_list_version,
            "RemoteStartTransaction": self.remote_start_transaction,
            "RemoteStopTransaction": self.remote_stop_transaction,
            "ReserveNow": self.reserve_now,
            "Reset": self.reset,
            "SendLocalList": self.send_local_list,
            "SetChargingProfile": self.set_charging_profile,
            "TriggerMessage": self.trigger_message,
            "UnlockConnector": self.unlock_connector,
            "UpdateFirmware": self.update_firmware,
        }

    def handle(self, operation: str, request: Payload) -> Reply:
        if operation in self.overrides:
            return Reply(dict(self.overrides[operation]))
        return self._handlers[operation](request)

    # --- the operations, alphabetically ------------------------------------------------

    def cancel_reservation(self, req: Payload) -> Reply:
        reservation = self.state.reservation(req["reservationId"])
        if reservation is None:
            return Reply({"status": "Rejected"})
        connector = self.state.connectors[reservation.connector_id]
        connector.reservation = None
        return self._accepted_and_report([connector])

    def change_availability(self, req: Payload) -> Reply:
        targets = self.state.targets(req["connectorId"])
        if not targets:
            return Reply({"status": "Rejected"})
        operative = req["type"] == "Operative"
        scheduled = False
        changed = []
        for connector in targets:
            connector.inoperative_after_transaction = False
            if connector.busy and not operative:
                connector.inoperative_after_transaction = True
                scheduled = True
            elif connector.operative != operative:
                connector.operative = operative
                changed.append(connector)
        reply = self._accepted_and_report(changed)
        reply.fields["status"] = "Scheduled" if scheduled else "Accepted"
        return reply

    def change_configuration(self, req: Payload) -> Reply:
        entry = self.state.configuration.get(req["key"])
        if entry is None:
            return Reply({"status": "NotSupported"})
        if entry.readonly:
            return Reply({"status": "Rejected"})
        entry.value = req["value"]
        return Reply({"status": "Accepted"})

    def clear_cache(self, req: Payload) -> Reply:
        self.state.auth_cache_cleared += 1
        return Reply({"status": "Accepted"})

    def clear_charging_profile(self, req: Payload) -> Reply:
        def matches(connector_id: int, profile: Payload) -> bool:
            if "id" in req:
                return bool(profile["chargingProfileId"] == req["id"])
            return all(
                req.get(key) is None or req[key] == value
                for key, value in (
                    ("connectorId", connector_id),
                    ("chargingProfilePurpose", profile["chargingProfilePurpose"]),
                    ("stackLevel", profile["stackLevel"]),
                )
            )

        profiles = self.state.charging_profiles
        gone = [pid for pid, (cid, profile) in profiles.items() if matches(cid, profile)]
        for pid in gone:
            del profiles[pid]
        return Reply({"status": "Accepted" if gone else "Unknown"})

    def data_transfer(self, req: Payload) -> Reply:
        if req["vendorId"] != self.identity["chargePointVendor"]:
            return Reply({"status": "UnknownVendorId"})
        answer: Payload = {"status": "Accepted"}
        if "data" in req:
            answer["data"] = req["data"]
        return Reply(answer)

    def get_composite_schedule(self, req: Payload) -> Reply:
        connector_id = req["connectorId"]
        if connector_id != 0 and connector_id not in self.state.connectors:
            return Reply({"status": "Rejected"})
        profiles = [
            p for cid, p in self.state.charging_profiles.values() if cid in (0, connector_id)
        ]
        if profiles:
            top = max(profiles, key=lambda p: int(p["stackLevel"]))
            schedule = {k: v for k, v in top["chargingSchedule"].items() if k != "startSchedule"}
        else:
            unit = req.get("chargingRateUnit", "A")
            period = {"startPeriod": 0, "limit": DEFAULT_LIMIT_A if unit == "A" else Decimal(22080)}
            schedule = {"chargingRateUnit": unit, "chargingSchedulePeriod": [period]}
        schedule["duration"] = req["duration"]
        return Reply(
            {
                "status": "Accepted",
                "connectorId": connector_id,
                "scheduleStart": _now(),
                "chargingSchedule": schedule,
            }
        )

    def get_configuration(self, req: Payload) -> Reply:
        config = self.state.configuration
        wanted = req.get("key") or list(config)
        known = [k for k in wanted if k in config]
        answer: Payload = {
            "configurationKey": [
                {"key": k, "readonly": config[k].readonly, "value": config[k].value} for k in known
            ]
        }
        unknown = [k for k in wanted if k not in config]
        if unknown:
            answer["unknownKey"] = unknown
        return Reply(answer)

    def get_diagnostics(self, req: Payload) -> Reply:
        name = f"{self.link.charge_box_id}-{_now():%Y%m%dT%H%M%S}.log"
        return Reply({"fileName": name}, [self._upload_diagnostics])

    def get_local_list_version(self, req: Payload) -> Reply:
        return Reply({"listVersion": self.state.local_list_version})

    def remote_start_transaction(self, req: Payload) -> Reply:
        id_tag = req["idTag"]
        connector_id = req.get("connectorId")
        if connector_id is None:
            connector = self.state.free_connector(id_tag)
        else:
            connector = self.state.connectors.get(connector_id)
        if connector is None or not connector.operative or connector.busy:
            return Reply({"status": "Rejected"})
        reservation = connector.reservation
        if reservation is not None and reservation.id_tag != id_tag:
            return Reply({"status": "Rejected"})
        connector.starting = id_tag
        profile = req.get("chargingProfile")
        if profile is not None:
            self.state.charging_profiles[profile["chargingProfileId"]] = (connector.id, profile)
        return Reply({"status": "Accepted"}, [lambda: self.start_transaction(connector, id_tag)])

    def remote_stop_transaction(self, req: Payload) -> Reply:
        tx = self.state.transaction(req["transactionId"])
        if tx is None:
            return Reply({"status": "Rejected"})
        connector = self.state.connectors[tx.connector_id]
        return Reply({"status": "Accepted"}, [lambda: self.stop_transaction(connector, "Remote")])

    def reserve_now(self, req: Payload) -> Reply:
        connector_id = req["connectorId"]
        if connector_id == 0:
            connector = self.state.free_connector(req["idTag"])
            if connector is None:
                return Reply({"status": "Occupied"})
        else:
            found = self.state.connectors.get(connector_id)
            if found is None:
                return Reply({"status": "Rejected"})
            connector = found
        previous = self.state.reservation(req["reservationId"])  # the same id replaces it
        if not connector.operative:
            return Reply({"status": "Unavailable"})
        if connector.busy or (connector.reservation not in (None, previous)):
            return Reply({"status": "Occupied"})
        if previous is not None:
            self.state.connectors[previous.connector_id].reservation = None
        connector.reservation = Reservation(
            req["reservationId"], connector.id, req["idTag"], req["expiryDate"]
        )
        return self._accepted_and_report([connector])

    def reset(self, req: Payload) -> Reply:
        return Reply({"status": "Accepted"}, [lambda: self.reboot(req["type"])])

    def send_local_list(self, req: Payload) -> Reply:
        state = self.state
        version = req["listVersion"]
        differential = req["updateType"] == "Differential"
        if differential and version <= state.local_list_version:
            return Reply({"status": "VersionMismatch"})
        if not differential:
            state.local_list = {}
        entries = req.get("localAuthorizationList" if self.v16 else "localAuthorisationList", [])
        for entry in entries:
            info = entry.get("idTagInfo")
            if info is None and differential:
                state.local_list.pop(entry["idTag"], None)
            else:
                state.local_list[entry["idTag"]] = info
        state.local_list_version = version
        answer: Payload = {"status": "Accepted"}
        if state.version == "1.5":
            tags = ",".join(sorted(state.local_list))
            answer["hash"] = hashlib.sha1(f"{version}:{tags}".encode()).hexdigest()
        return Reply(answer)

    def set_charging_profile(self, req: Payload) -> Reply:
        connector_id = req["connectorId"]
        profile = req["csChargingProfiles"]
        purpose = profile["chargingProfilePurpose"]
        connector = self.state.connectors.get(connector_id)
        if connector_id != 0 and connector is None:
            return Reply({"status": "Rejected"})
        if purpose == "TxProfile" and (connector is None or connector.transaction is None):
            return Reply({"status": "Rejected"})
        if purpose == "ChargePointMaxProfile" and connector_id != 0:
            return Reply({"status": "Rejected"})
        self.state.charging_profiles[profile["chargingProfileId"]] = (connector_id, profile)
        return Reply({"status": "Accepted"})

    def trigger_message(self, req: Payload) -> Reply:
        connector_id = req.get("connectorId")
        if connector_id is not None and connector_id not in self.state.connectors:
            return Reply({"status": "Rejected"})
        targets = self.state.targets(connector_id or 0)
        triggered: dict[str, FollowUp] = {
            "BootNotification": self.boot,
            "Heartbeat": self.link.heartbeat,
            "StatusNotification": lambda: self.report(targets, force=True),
            "MeterValues": lambda: self.sample(targets),
            "DiagnosticsStatusNotification": lambda: self.link.diagnostics_status("Idle"),
            "FirmwareStatusNotification": lambda: self.link.firmware_status("Idle"),
        }
        return Reply({"status": "Accepted"}, [triggered[req["requestedMessage"]]])

    def unlock_connector(self, req: Payload) -> Reply:
        connector = self.state.connectors.get(req["connectorId"])
        if connector is None:
            return Reply({"status": "UnlockFailed" if self.v16 else "Rejected"})
        follow_ups: list[FollowUp] = []
        if connector.transaction is not None:  # unlocking ends the transaction
            follow_ups.append(lambda: self.stop_transaction(connector, "UnlockCommand"))
        return Reply({"status": "Unlocked" if self.v16 else "Accepted"}, follow_ups)

    def update_firmware(self, req: Payload) -> Reply:
        return Reply({}, [self._install_firmware])

    # --- what follows an answer -------------------------------------------------------------

    async def boot(self) -> tuple[str, int]:
        status, interval = await self.link.boot(self.identity)
        self.state.boots += 1
        self.state.registration = status
        if interval > 0:  # as chargers do: the Central System's interval becomes the key's
            self.state.configuration["HeartbeatInterval"].value = str(interval)
        if status == "Accepted":
            await self.report(list(self.state.connectors.values()), force=True)
        return status, interval

    async def reboot(self, kind: str) -> None:
        reason = "HardReset" if kind == "Hard" else "SoftReset"
        for connector in self.state.connectors.values():
            if connector.transaction is not None:
                await self.stop_transaction(connector, reason, report=False)
        await self.boot()

    async def start_transaction(self, connector: Connector, id_tag: str) -> None:
        try:
            if self.v16:
                await self._set_status(connector, "Preparing")
            reservation = connector.reservation
            reservation_id = (
                reservation.id if reservation and reservation.id_tag == id_tag else None
            )
            tx_id, tag_status = await self.link.start_transaction(
                connector.id, id_tag, connector.meter_wh, reservation_id
            )
            if reservation_id is not None:
                connector.reservation = None
            connector.transaction = Transaction(
                tx_id, connector.id, id_tag, connector.meter_wh, _now()
            )
        except BaseException:
            connector.status = connector.idle_status()
            raise
        finally:
            connector.starting = None
        if tag_status != "Accepted":  # the Central System refused the tag: stop at once
            await self.stop_transaction(connector, "DeAuthorized")
            return
        await self._set_status(connector, "Charging")
        await self.sample([connector])

    async def stop_transaction(
        self, connector: Connector, reason: str, report: bool = True
    ) -> None:
        tx = connector.transaction
        if tx is None:
            return
        connector.transaction = None
        connector.meter_wh += ENERGY_PER_SAMPLE_WH
        if connector.inoperative_after_transaction:
            connector.operative = False
            connector.inoperative_after_transaction = False
        await self.link.stop_transaction(tx.id, None, connector.meter_wh, reason)
        if not report:
            connector.status = connector.idle_status()
            return
        if self.v16:
            await self._set_status(connector, "Finishing")
        await self._set_status(connector, connector.idle_status())

    async def sample(self, connectors: list[Connector]) -> None:
        for connector in connectors:
            tx = connector.transaction
            if tx is not None:
                connector.meter_wh += ENERGY_PER_SAMPLE_WH
            await self.link.meter_values(connector.id, tx.id if tx else None, connector.meter_wh)

    async def report(self, connectors: list[Connector], force: bool = False) -> None:
        for connector in connectors:
            await self.link.status(connector.id, connector.status, force=force)

    async def _set_status(self, connector: Connector, status: str) -> None:
        connector.status = status
        await self.link.status(connector.id, status)

    def _accepted_and_report(self, connectors: list[Connector]) -> Reply:
        for connector in connectors:
            if not connector.busy:
                connector.status = connector.idle_status()
        follow_ups: list[FollowUp] = [lambda: self.report(connectors)] if connectors else []
        return Reply({"status": "Accepted"}, follow_ups)

    async def _upload_diagnostics(self) -> None:
        if self.v16:
            await self.link.diagnostics_status("Uploading")
        await self.link.diagnostics_status("Uploaded")

    async def _install_firmware(self) -> None:
        steps = ["Downloading", "Downloaded", "Installing", "Installed"]
        for status in steps if self.v16 else ["Downloaded", "Installed"]:
            await self.link.firmware_status(status)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)
