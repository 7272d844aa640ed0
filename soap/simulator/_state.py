"""What the simulated charger remembers. Statuses are OCPP 1.6 words; the link to the
Central System says them in the charger's own version."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

ENERGY_PER_SAMPLE_WH = 250  # what the meter advances between two samples of a transaction


@dataclass(slots=True)
class Transaction:
    id: int
    connector_id: int
    id_tag: str
    meter_start: int
    started_at: dt.datetime


@dataclass(slots=True)
class Reservation:
    id: int
    connector_id: int
    id_tag: str
    expiry: dt.datetime


@dataclass(slots=True)
class Connector:
    id: int
    status: str = "Available"
    operative: bool = True
    meter_wh: int = 0
    transaction: Transaction | None = None
    reservation: Reservation | None = None
    starting: str | None = None  # the idTag of a remote start not yet confirmed
    inoperative_after_transaction: bool = False  # a ChangeAvailability answered Scheduled

    @property
    def busy(self) -> bool:
        return self.transaction is not None or self.starting is not None

    def idle_status(self) -> str:
        if not self.operative:
            return "Unavailable"
        return "Reserved" if self.reservation is not None else "Available"


@dataclass(slots=True)
class ConfigValue:
    value: str
    readonly: bool = False


def default_configuration(version: str, connectors: int) -> dict[str, ConfigValue]:
    keys = {
        "HeartbeatInterval": ConfigValue("300"),
        "ConnectionTimeOut": ConfigValue("60"),
        "MeterValueSampleInterval": ConfigValue("60"),
        "NumberOfConnectors": ConfigValue(str(connectors), readonly=True),
        "AuthorizeRemoteTxRequests": ConfigValue("false"),
        "LocalAuthListEnabled": ConfigValue("true"),
        "LocalAuthListMaxLength": ConfigValue("100", readonly=True),
    }
    if version == "1.6":
        profiles = "Core,FirmwareManagement,LocalAuthListManagement,Reservation,SmartCharging,RemoteTrigger"
        keys["SupportedFeatureProfiles"] = ConfigValue(profiles, readonly=True)
        keys["ChargeProfileMaxStackLevel"] = ConfigValue("10", readonly=True)
    return keys


@dataclass(slots=True)
class ChargerState:
    version: str
    connectors: dict[int, Connector]
    configuration: dict[str, ConfigValue]
    local_list_version: int = 0
    local_list: dict[str, dict[str, Any] | None] = field(default_factory=dict)
    charging_profiles: dict[int, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    auth_cache_cleared: int = 0
    boots: int = 0
    registration: str | None = None  # the status of the last BootNotification answer

    @classmethod
    def new(cls, version: str, connectors: int) -> ChargerState:
        return cls(
            version=version,
            connectors={n: Connector(n, meter_wh=10_000 * n) for n in range(1, connectors + 1)},
            configuration=default_configuration(version, connectors),
        )

    def targets(self, connector_id: int) -> list[Connector]:
        """Connector 0 is the whole charger."""
        if connector_id == 0:
            return list(self.connectors.values())
        connector = self.connectors.get(connector_id)
        return [] if connector is None else [connector]

    def transaction(self, transaction_id: int) -> Transaction | None:
        for connector in self.connectors.values():
            tx = connector.transaction
            if tx is not None and tx.id == transaction_id:
                return tx
        return None

    def reservation(self, reservation_id: int) -> Reservation | None:
        for connector in self.connectors.values():
            r = connector.reservation
            if r is not None and r.id == reservation_id:
                return r
        return None

    def free_connector(self, id_tag: str) -> Connector | None:
        """Where a remote start without connectorId goes: reserved for this tag, else free."""
        usable = [c for c in self.connectors.values() if c.operative and not c.busy]
        for connector in usable:
            if connector.reservation is not None and connector.reservation.id_tag == id_tag:
                return connector
        return next((c for c in usable if c.reservation is None), None)
