"""bridge.rules: the central system's decisions, over state handed in."""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import typing
from decimal import Decimal
from typing import Any

import pytest

from bridge import rules
from bridge.codec import decode
from bridge.commands import COMMAND_ACTIONS
from bridge.enums import (
    AuthorizationStatus,
    ChargePointStatus,
    CommandStatus,
    DataTransferStatus,
    Location,
    Measurand,
    Phase,
    ReadingContext,
    RegistrationStatus,
    UnitOfMeasure,
    UnknownChargerPolicy,
    ValueFormat,
)
from bridge.messages import IdTagInfo, MeterValue, MeterValues, SampledValue, StartTransaction
from bridge.messages import StopTransaction as Stop
from bridge.records import ChargerRecord, IdTagRecord, MeterRow, TransactionRecord
from bridge.rules import (
    COMMAND_TRANSITIONS,
    MAX_TRANSACTION_ID,
    BootDecision,
    StopDecision,
    authorize,
    can_move,
    data_transfer_status,
    decide_boot,
    decide_stop,
    energy_wh,
    may_send,
    meter_rows,
    outcome_of_result,
    start_key,
    status_for_legacy_occupied,
    usable_endpoint,
)

from .samples import CHARGER_SAMPLES

UTC = dt.UTC
NOW = dt.datetime(2024, 5, 1, 12, 0, tzinfo=UTC)
HEARTBEAT, RETRY = 300, 45

ACCEPTED = RegistrationStatus.ACCEPTED
PENDING = RegistrationStatus.PENDING
REJECTED = RegistrationStatus.REJECTED


def charger(status: RegistrationStatus) -> ChargerRecord:
    return ChargerRecord(id="CP-0042", registration_status=status)


# --- BootNotification ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stored", "policy", "expected"),
    [
        (None, UnknownChargerPolicy.ACCEPT, BootDecision(ACCEPTED, HEARTBEAT, True, True)),
        (None, UnknownChargerPolicy.PENDING, BootDecision(PENDING, RETRY, True, True)),
        # registered so an operator can approve it, but its reported identity is not kept
        (None, UnknownChargerPolicy.REJECT, BootDecision(REJECTED, RETRY, True, False)),
        (ACCEPTED, UnknownChargerPolicy.REJECT, BootDecision(ACCEPTED, HEARTBEAT, False, True)),
        (ACCEPTED, UnknownChargerPolicy.PENDING, BootDecision(ACCEPTED, HEARTBEAT, False, True)),
        (PENDING, UnknownChargerPolicy.ACCEPT, BootDecision(PENDING, RETRY, False, True)),
        (PENDING, UnknownChargerPolicy.REJECT, BootDecision(PENDING, RETRY, False, True)),
        # a known, Rejected charger gets its answer and writes nothing
        (REJECTED, UnknownChargerPolicy.ACCEPT, BootDecision(REJECTED, RETRY, False, False)),
        (REJECTED, UnknownChargerPolicy.PENDING, BootDecision(REJECTED, RETRY, False, False)),
    ],
)
def test_decide_boot(
    stored: RegistrationStatus | None, policy: UnknownChargerPolicy, expected: BootDecision
) -> None:
    record = None if stored is None else charger(stored)

    assert decide_boot(record, policy, HEARTBEAT, RETRY) == expected


@pytest.mark.parametrize(
    ("stored", "action", "allowed"),
    [
        (None, "BootNotification", True),
        (None, "Heartbeat", False),
        (None, "StatusNotification", False),
        (PENDING, "BootNotification", True),
        (PENDING, "Heartbeat", False),
        (PENDING, "Authorize", False),
        (REJECTED, "BootNotification", True),
        (REJECTED, "MeterValues", False),
        (ACCEPTED, "Heartbeat", True),
        (ACCEPTED, "StopTransaction", True),
        (ACCEPTED, "SecurityEventNotification", True),
    ],
)
def test_may_send(stored: RegistrationStatus | None, action: str, allowed: bool) -> None:
    record = None if stored is None else charger(stored)

    assert may_send(record, action) is allowed


# --- Authorize -----------------------------------------------------------------------------

LATER = NOW + dt.timedelta(days=30)
EARLIER = NOW - dt.timedelta(seconds=1)


def tag(**kw: Any) -> IdTagRecord:
    return IdTagRecord(id_tag="04A2B3C4D5E6F7", **kw)


def parent(**kw: Any) -> IdTagRecord:
    return IdTagRecord(id_tag="FLEET-ACME", **kw)


A, B, E, I, C = (  # noqa: E741
    AuthorizationStatus.ACCEPTED,
    AuthorizationStatus.BLOCKED,
    AuthorizationStatus.EXPIRED,
    AuthorizationStatus.INVALID,
    AuthorizationStatus.CONCURRENT_TX,
)


@pytest.mark.parametrize(
    ("record", "parent_record", "open_tx", "expected"),
    [
        pytest.param(None, None, 0, IdTagInfo(status=I), id="unknown"),
        pytest.param(tag(), None, 0, IdTagInfo(status=A), id="accepted"),
        pytest.param(tag(blocked=True), None, 0, IdTagInfo(status=B), id="blocked"),
        pytest.param(tag(status=B), None, 0, IdTagInfo(status=B), id="stored-blocked"),
        pytest.param(tag(status=I), None, 0, IdTagInfo(status=I), id="stored-invalid"),
        pytest.param(
            tag(expiry_date=EARLIER),
            None,
            0,
            IdTagInfo(status=E, expiry_date=EARLIER),
            id="expired",
        ),
        pytest.param(
            tag(expiry_date=NOW), None, 0, IdTagInfo(status=E, expiry_date=NOW), id="expires-now"
        ),
        pytest.param(
            tag(expiry_date=LATER),
            None,
            0,
            IdTagInfo(status=A, expiry_date=LATER),
            id="expiry-returned",
        ),
        pytest.param(
            tag(
                expiry_date=dt.datetime(
                    2024, 5, 1, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
                )
            ),
            None,
            0,
            IdTagInfo(
                status=E,
                expiry_date=dt.datetime(
                    2024, 5, 1, 13, 30, tzinfo=dt.timezone(dt.timedelta(hours=2))
                ),
            ),
            id="expired-in-another-zone",
        ),
        pytest.param(
            tag(parent_id_tag="FLEET-ACME"),
            parent(),
            0,
            IdTagInfo(status=A, parent_id_tag="FLEET-ACME"),
            id="parent-returned",
        ),
        pytest.param(
            tag(parent_id_tag="FLEET-ACME"),
            parent(blocked=True),
            0,
            IdTagInfo(status=B, parent_id_tag="FLEET-ACME"),
            id="parent-blocked",
        ),
        pytest.param(
            tag(parent_id_tag="FLEET-ACME", expiry_date=LATER),
            parent(expiry_date=EARLIER),
            0,
            IdTagInfo(status=E, expiry_date=LATER, parent_id_tag="FLEET-ACME"),
            id="parent-expired",
        ),
        pytest.param(
            tag(parent_id_tag="FLEET-ACME"),
            parent(status=I),
            0,
            IdTagInfo(status=I, parent_id_tag="FLEET-ACME"),
            id="parent-invalid",
        ),
        pytest.param(
            tag(parent_id_tag="FLEET-ACME", blocked=True),
            parent(expiry_date=EARLIER),
            0,
            IdTagInfo(status=B, parent_id_tag="FLEET-ACME"),
            id="own-status-first",
        ),
        pytest.param(
            tag(max_active_transactions=1), None, 0, IdTagInfo(status=A), id="below-limit"
        ),
        pytest.param(tag(max_active_transactions=1), None, 1, IdTagInfo(status=C), id="at-limit"),
        pytest.param(
            tag(max_active_transactions=2), None, 3, IdTagInfo(status=C), id="above-limit"
        ),
        pytest.param(tag(), None, 99, IdTagInfo(status=A), id="no-limit"),
        pytest.param(
            tag(max_active_transactions=1, blocked=True),
            None,
            5,
            IdTagInfo(status=B),
            id="blocked-beats-concurrent",
        ),
        pytest.param(
            tag(max_active_transactions=1, parent_id_tag="FLEET-ACME"),
            parent(blocked=True),
            1,
            IdTagInfo(status=B, parent_id_tag="FLEET-ACME"),
            id="parent-blocked-beats-concurrent",
        ),
    ],
)
def test_authorize(
    record: IdTagRecord | None,
    parent_record: IdTagRecord | None,
    open_tx: int,
    expected: IdTagInfo,
) -> None:
    assert authorize(record, parent_record, open_tx, NOW) == expected


# --- StartTransaction: the retry key -------------------------------------------------------

START = decode(StartTransaction, CHARGER_SAMPLES["StartTransaction"][0]).value


def test_start_key_is_stable_for_a_retry() -> None:
    retry = decode(StartTransaction, dict(CHARGER_SAMPLES["StartTransaction"][0])).value

    key = start_key("CP-0042", START)

    assert key == start_key("CP-0042", retry)
    assert len(key) == 64 and int(key, 16) >= 0  # a sha256 hex digest


@pytest.mark.parametrize(
    "zone", [dt.timezone(dt.timedelta(hours=2)), dt.timezone(dt.timedelta(hours=-5, minutes=-30))]
)
def test_start_key_ignores_the_time_zone_of_the_same_instant(zone: dt.tzinfo) -> None:
    same_instant = dataclasses.replace(START, timestamp=START.timestamp.astimezone(zone))

    assert start_key("CP-0042", same_instant) == start_key("CP-0042", START)


@pytest.mark.parametrize(
    ("charger_id", "changes"),
    [
        ("CP-0043", {}),
        ("CP-0042", {"connector_id": 2}),
        ("CP-0042", {"id_tag": "04A2B3C4D5E6F8"}),
        ("CP-0042", {"meter_start": 12346}),
        ("CP-0042", {"timestamp": START.timestamp + dt.timedelta(milliseconds=1)}),
    ],
)
def test_start_key_differs_when_any_identifying_field_does(
    charger_id: str, changes: dict[str, Any]
) -> None:
    other = dataclasses.replace(START, **changes)

    assert start_key(charger_id, other) != start_key("CP-0042", START)


def test_start_key_leaves_out_the_reservation() -> None:
    # As documented: a retry is the same charger, connector, idTag, meterStart and timestamp.
    other = dataclasses.replace(START, reservation_id=None)

    assert start_key("CP-0042", other) == start_key("CP-0042", START)


def test_max_transaction_id_is_xs_int() -> None:
    assert MAX_TRANSACTION_ID == 2_147_483_647


# --- StopTransaction -----------------------------------------------------------------------

T_START = dt.datetime(2024, 5, 1, 10, 15, 30, tzinfo=UTC)
T_STOP = dt.datetime(2024, 5, 1, 11, 45, tzinfo=UTC)


def stop(transaction_id: int = 1042, meter_stop: int = 15810, at: dt.datetime = T_STOP) -> Stop:
    return Stop(transaction_id=transaction_id, meter_stop=meter_stop, timestamp=at)


def tx(**kw: Any) -> TransactionRecord:
    fields: dict[str, Any] = {
        "id": 1042,
        "charger_id": "CP-0042",
        "connector_id": 1,
        "id_tag": "04A2B3C4D5E6F7",
        "meter_start": 12345,
        "start_timestamp": T_START,
    }
    return TransactionRecord(**{**fields, **kw})


@pytest.mark.parametrize("reported", [0, -1, 2**63 - 1, 2**31, 77])
def test_decide_stop_unknown_ids_are_answered_and_flagged(reported: int) -> None:
    assert decide_stop("CP-0042", stop(reported), None) == StopDecision(
        None, (f"unknown_transaction:{reported}",)
    )


@pytest.mark.parametrize(
    ("message", "record", "expected"),
    [
        pytest.param(stop(), tx(), StopDecision(1042, ()), id="open"),
        pytest.param(
            stop(),
            tx(charger_id="CP-0099"),
            StopDecision(None, ("transaction_of_other_charger:1042",)),
            id="other-charger",
        ),
        pytest.param(
            stop(meter_stop=12000),
            tx(),
            StopDecision(1042, ("meter_stop_below_start",)),
            id="meter-below-start",
        ),
        pytest.param(stop(meter_stop=12345), tx(), StopDecision(1042, ()), id="meter-unchanged"),
        pytest.param(
            stop(meter_stop=0), tx(meter_start=None), StopDecision(1042, ()), id="no-start"
        ),
        pytest.param(
            stop(),
            tx(stop_timestamp=T_STOP, meter_stop=15810),
            StopDecision(None, ("stop_retry",)),
            id="retry",
        ),
        pytest.param(
            stop(at=T_STOP.astimezone(dt.timezone(dt.timedelta(hours=2)))),
            tx(stop_timestamp=T_STOP, meter_stop=15810),
            StopDecision(None, ("stop_retry",)),
            id="retry-other-zone",
        ),
        pytest.param(
            stop(meter_stop=15900),
            tx(stop_timestamp=T_STOP, meter_stop=15810),
            StopDecision(None, ("already_stopped",)),
            id="conflict-meter",
        ),
        pytest.param(
            stop(at=T_STOP + dt.timedelta(minutes=5)),
            tx(stop_timestamp=T_STOP, meter_stop=15810),
            StopDecision(None, ("already_stopped",)),
            id="conflict-time",
        ),
    ],
)
def test_decide_stop(message: Stop, record: TransactionRecord, expected: StopDecision) -> None:
    assert decide_stop("CP-0042", message, record) == expected


# --- StatusNotification --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("open_tx", "status"),
    [(True, ChargePointStatus.CHARGING), (False, ChargePointStatus.PREPARING)],
)
def test_status_for_legacy_occupied(open_tx: bool, status: ChargePointStatus) -> None:
    assert status_for_legacy_occupied(open_tx) is status


# --- MeterValues ---------------------------------------------------------------------------

M, U = Measurand, UnitOfMeasure


@pytest.mark.parametrize(
    ("measurand", "unit", "value", "wh"),
    [
        (None, None, "12345", Decimal(12345)),  # OCPP's defaults: import register, Wh
        (M.ENERGY_ACTIVE_IMPORT_REGISTER, U.WH, "12.5", Decimal("12.5")),
        (M.ENERGY_ACTIVE_IMPORT_REGISTER, U.KWH, "12.345", Decimal(12345)),
        (None, U.KWH, " 1.5 ", Decimal(1500)),
        (M.ENERGY_ACTIVE_EXPORT_REGISTER, U.KWH, "1", Decimal(1000)),
        (M.ENERGY_ACTIVE_IMPORT_INTERVAL, None, "250", Decimal(250)),
        (M.ENERGY_ACTIVE_EXPORT_INTERVAL, U.WH, "0", Decimal(0)),
        # not active energy
        (M.POWER_ACTIVE_IMPORT, U.W, "7400", None),
        (M.ENERGY_REACTIVE_IMPORT_REGISTER, U.VARH, "12", None),
        (M.ENERGY_REACTIVE_EXPORT_REGISTER, None, "12", None),
        (M.VOLTAGE, U.V, "230", None),
        (M.CURRENT_IMPORT, U.A, "16", None),
        (M.SOC, U.PERCENT, "80", None),
        (M.TEMPERATURE, U.CELSIUS, "31", None),
        # active energy, but not in Wh or kWh
        (M.ENERGY_ACTIVE_IMPORT_REGISTER, U.W, "12", None),
        (None, U.KVARH, "12", None),
        # unreadable
        (None, None, "", None),
        (None, None, "abc", None),
        (None, None, "12,5", None),
        (None, None, "NaN", None),
        (None, None, "sNaN", None),
        (None, None, "Infinity", None),
        (None, U.KWH, "1e999999", None),  # a Decimal overflow, not a crash
        (None, None, "MIIBszCCARwCAQAw", None),  # a SignedData blob
    ],
)
def test_energy_wh(
    measurand: Measurand | None, unit: UnitOfMeasure | None, value: str, wh: Decimal | None
) -> None:
    assert energy_wh(measurand, unit, value) == wh


MV_AT_T1 = CHARGER_SAMPLES["MeterValues"][0]


def rows_of(payload: dict[str, Any], flags: tuple[str, ...] = ()) -> list[MeterRow]:
    message = decode(MeterValues, payload).value
    return meter_rows(
        "CP-0042", message.connector_id, message.transaction_id, message.meter_value, flags
    )


def test_meter_rows_one_per_sampled_value_with_every_attribute() -> None:
    rows = rows_of(MV_AT_T1, flags=("naive_timestamp:meterValue[0].timestamp",))

    assert [dataclasses.replace(r, fingerprint="") for r in rows] == [
        MeterRow(
            charger_id="CP-0042",
            connector_id=1,
            transaction_id=1042,
            timestamp=dt.datetime(2024, 5, 1, 10, 30, 30, tzinfo=UTC),
            value=value,
            context=context,
            format=fmt,
            measurand=measurand,
            phase=phase,
            location=location,
            unit=unit,
            energy_wh=wh,
            fingerprint="",
            flags=("naive_timestamp:meterValue[0].timestamp",),
        )
        for value, context, fmt, measurand, phase, location, unit, wh in [
            (
                "12.345",
                "Sample.Periodic",
                None,
                "Energy.Active.Import.Register",
                None,
                None,
                "kWh",
                Decimal(12345),
            ),
            ("230.4", "Sample.Periodic", "Raw", "Voltage", "L1-N", "Outlet", "V", None),
            ("16.1", None, None, "Current.Import", "L1", None, "A", None),
        ]
    ]
    assert len({r.fingerprint for r in rows}) == 3


def reading(value: str = "15810", **kw: Any) -> SampledValue:
    fields: dict[str, Any] = {
        "context": ReadingContext.SAMPLE_CLOCK,
        "measurand": M.ENERGY_ACTIVE_IMPORT_REGISTER,
        "location": Location.OUTLET,
        "unit": U.WH,
    }
    return SampledValue(value=value, **{**fields, **kw})


AT = dt.datetime(2024, 5, 1, 11, 0, tzinfo=UTC)


def fingerprint(
    sv: SampledValue,
    *,
    at: dt.datetime = AT,
    charger_id: str = "CP-0042",
    connector: int = 1,
    transaction: int | None = 1042,
    others: tuple[SampledValue, ...] = (),
    flags: tuple[str, ...] = (),
) -> str:
    message = (MeterValue(timestamp=at, sampled_value=(*others, sv)),)
    return meter_rows(charger_id, connector, transaction, message, flags)[-1].fingerprint


def test_a_re_sent_reading_has_the_same_fingerprint_in_any_message() -> None:
    first = fingerprint(reading())

    # the charger rebooted and re-sent it with other readings, other flags, another zone
    again = fingerprint(
        reading(),
        at=AT.astimezone(dt.timezone(dt.timedelta(hours=2))),
        others=(reading("230", measurand=M.VOLTAGE, unit=U.V),),
        flags=("object_for_array:meterValue",),
    )

    assert again == first


def test_the_fingerprint_is_the_stored_formula() -> None:
    # Fingerprints in the database were made this way: a new way would store a re-sent
    # reading twice. The first 32 hex digits of the SHA-256 of the fields joined by U+001F.
    sv = reading(phase=Phase.L1)
    fields: tuple[str, ...] = ("CP-0042", "1", "1042", "2024-05-01T11:00:00+00:00", "15810")
    fields += ("Sample.Clock", "", "Energy.Active.Import.Register", "L1", "Outlet", "Wh")

    assert fingerprint(sv) == hashlib.sha256("\x1f".join(fields).encode()).hexdigest()[:32]
    assert fingerprint(sv) == "669cb24927a4d8a9f6239a8fcb11a9e7"


@pytest.mark.parametrize(
    "changed",
    [
        {"sv": reading("15811")},
        {"sv": reading(context=ReadingContext.SAMPLE_PERIODIC)},
        {"sv": reading(context=None)},
        {"sv": reading(format=ValueFormat.RAW)},
        {"sv": reading(measurand=M.ENERGY_ACTIVE_EXPORT_REGISTER)},
        {"sv": reading(phase=Phase.L1)},
        {"sv": reading(location=Location.INLET)},
        {"sv": reading(location=None)},
        {"sv": reading(unit=U.KWH)},
        {"at": AT + dt.timedelta(seconds=1)},
        {"charger_id": "CP-0043"},
        {"connector": 2},
        {"transaction": None},
        {"transaction": 1043},
    ],
)
def test_a_different_reading_has_a_different_fingerprint(changed: dict[str, Any]) -> None:
    sv = changed.pop("sv", reading())

    assert fingerprint(sv, **changed) != fingerprint(reading())


def test_signed_data_is_never_read_as_energy() -> None:
    # an encoding that happens to be all digits must not become a Wh figure
    signed = SampledValue(value="3032303430353031", format=ValueFormat.SIGNED_DATA)
    raw = SampledValue(value="3032303430353031", format=ValueFormat.RAW)

    rows = meter_rows("CP-0042", 1, None, (MeterValue(timestamp=AT, sampled_value=(signed, raw)),))

    assert [r.energy_wh for r in rows] == [None, Decimal("3032303430353031")]
    assert [r.format for r in rows] == ["SignedData", "Raw"]


# --- DataTransfer --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("vendor", "status"),
    [
        ("com.keba", DataTransferStatus.ACCEPTED),
        ("com.KEBA", DataTransferStatus.UNKNOWN_VENDOR_ID),
        ("com.abb", DataTransferStatus.UNKNOWN_VENDOR_ID),
    ],
)
def test_data_transfer_status(vendor: str, status: DataTransferStatus) -> None:
    assert data_transfer_status(vendor, frozenset({"com.keba", "org.openchargealliance"})) is status


# --- SOAP callback endpoint ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "usable"),
    [
        (None, None),
        ("", None),
        ("   ", None),
        ("http://www.w3.org/2005/08/addressing/anonymous", None),
        ("http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous", None),
        ("http://www.w3.org/2005/08/addressing/none", None),
        (" http://www.w3.org/2005/08/addressing/anonymous ", None),
        ("http://:8082/", None),  # the modem has no address yet
        ("http://10.0.0.5:8080/cp", "http://10.0.0.5:8080/cp"),
        ("https://cp0042.example.com/ocpp/", "https://cp0042.example.com/ocpp/"),
        ("http://[fe80::1]:8080/", "http://[fe80::1]:8080/"),
        (" http://10.0.0.5:8080/cp\n", "http://10.0.0.5:8080/cp"),
        ("garbage", None),
        ("10.0.0.5:8080", None),
        ("ftp://10.0.0.5/", None),
        ("urn:uuid:6b29fc40-ca47-1067-b31d-00dd010662da", None),
        ("http://[::1", None),  # unclosed bracket: urlsplit raises
        ("http://10.0.0.5:99999/", None),
        ("http://10.0.0.5:port/", None),
    ],
)
def test_usable_endpoint(address: str | None, usable: str | None) -> None:
    assert usable_endpoint(address) == usable


def test_usable_endpoint_remembers_a_bounded_number_of_addresses() -> None:
    rules._usable_endpoint.cache_clear()
    for i in range(rules.ENDPOINT_CACHE_SIZE + 10):
        assert usable_endpoint(f"http://10.0.{i // 256}.{i % 256}:8080/") is not None
    info = rules._usable_endpoint.cache_info()
    assert info.currsize == info.maxsize == rules.ENDPOINT_CACHE_SIZE

    # a remembered verdict is the same as a new one, whitespace and all
    assert usable_endpoint(" http://10.0.0.5:8080/cp\n") == "http://10.0.0.5:8080/cp"
    assert usable_endpoint(" http://10.0.0.5:8080/cp\n") == "http://10.0.0.5:8080/cp"
    assert usable_endpoint("http://:8082/") is None
    assert usable_endpoint("http://:8082/") is None


# --- commands ------------------------------------------------------------------------------

S = CommandStatus
FINAL = [S.ACCEPTED, S.REJECTED, S.ERROR, S.TIMEOUT, S.UNREACHABLE, S.OFFLINE, S.NOT_SUPPORTED]


def test_which_statuses_are_final() -> None:
    assert [s for s in S if s.is_final] == FINAL
    assert set(COMMAND_TRANSITIONS) == set(S)


@pytest.mark.parametrize(
    ("current", "new", "allowed"),
    [
        (S.PENDING, S.SENT, True),
        (S.PENDING, S.OFFLINE, True),  # refused before it was sent
        (S.PENDING, S.NOT_SUPPORTED, True),
        (S.PENDING, S.ERROR, True),
        (S.PENDING, S.PENDING, False),
        (S.SENT, S.ACCEPTED, True),
        (S.SENT, S.REJECTED, True),
        (S.SENT, S.TIMEOUT, True),
        (S.SENT, S.UNREACHABLE, True),
        (S.SENT, S.SENT, False),
        (S.SENT, S.PENDING, False),
        (S.ACCEPTED, S.REJECTED, False),
        (S.TIMEOUT, S.ACCEPTED, False),  # a late answer does not reopen a timed-out command
        (S.ERROR, S.SENT, False),
    ],
)
def test_can_move(current: CommandStatus, new: CommandStatus, allowed: bool) -> None:
    assert can_move(current, new) is allowed


@pytest.mark.parametrize("final", FINAL)
def test_a_final_status_never_moves(final: CommandStatus) -> None:
    assert [s for s in S if can_move(final, s)] == []


def test_every_final_status_is_reachable_from_sent_and_from_pending() -> None:
    for final in FINAL:
        assert can_move(S.SENT, final)
        assert can_move(S.PENDING, final)


# The command answers that mean the charger did what it was asked.
DID_IT = {"Accepted", "Scheduled", "RebootRequired", "Unlocked"}


def _result_statuses() -> list[Any]:
    """Every status value of every command's answer."""
    cases = []
    for action, (_, result_cls) in COMMAND_ACTIONS.items():
        status = typing.get_type_hints(result_cls).get("status")
        if status is None:
            continue
        assert issubclass(status, enum.Enum)
        cases += [pytest.param(action, m.value, id=f"{action}-{m.value}") for m in status]
    return cases


@pytest.mark.parametrize(("action", "status"), _result_statuses())
def test_outcome_of_every_command_answer(action: str, status: str) -> None:
    expected = S.ACCEPTED if status in DID_IT else S.REJECTED

    assert outcome_of_result({"status": status}) is expected


@pytest.mark.parametrize(
    ("result", "outcome"),
    [
        ({}, S.ACCEPTED),  # UpdateFirmware.conf is empty
        ({"configurationKey": [], "unknownKey": ["Foo"]}, S.ACCEPTED),
        ({"listVersion": -1}, S.ACCEPTED),
        ({"fileName": "diag.tar.gz"}, S.ACCEPTED),
        ({"status": "Accepted", "data": "x"}, S.ACCEPTED),
        ({"status": "UnknownVendorId"}, S.REJECTED),
    ],
)
def test_outcome_of_answers(result: dict[str, object], outcome: CommandStatus) -> None:
    assert outcome_of_result(result) is outcome
