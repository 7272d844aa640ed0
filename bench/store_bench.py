"""Throughput of storage's hot writes: group commit against one commit per call.

    python bench/store_bench.py                      # SQLite file and local PostgreSQL
    python bench/store_bench.py --backends sqlite --callers 50 --seconds 5

Each of ``--callers`` concurrent tasks stands for a charger connection that awaits its
write before answering (as the front doors do): calls/s is messages answered per
second (MeterValues: ``--rows`` sampled values each, rows/s; heartbeat: record_contact;
get_charger: the read the bridge does for every message; message_log: a request and its
answer, as the front doors log every exchange, of ``--message-bytes`` and 400 bytes).
CPU µs/call is this process's CPU time (all threads) per call: steadier than calls/s
while other work shares the machine.

"group commit" is the store as the gateway runs it: meter values then go to the hot
writer of their backend (``storage/_hot.py``: a thread on SQLite, one statement per
batch on PostgreSQL), the other writes to the group committer. "per call" is
``SqlStore(group_commit=False)``: a transaction for every call.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import sys
import tempfile
import time
import uuid
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import storage
from bridge.enums import Direction, OcppVersion, RegistrationStatus, Transport
from bridge.records import MessageLogEntry, MeterRow

DEFAULT_POSTGRES_URL = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
START = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)


def rows_for(charger: str, call: int, per_call: int) -> list[MeterRow]:
    at = START + dt.timedelta(seconds=call)
    return [
        MeterRow(
            charger_id=charger,
            connector_id=1,
            transaction_id=1,
            timestamp=at,
            value=str(call * 10 + i),
            context="Sample.Periodic",
            format="Raw",
            measurand="Energy.Active.Import.Register",
            phase=None,
            location="Outlet",
            unit="Wh",
            energy_wh=Decimal(call * 10 + i),
            fingerprint=uuid.uuid4().hex,
        )
        for i in range(per_call)
    ]


def exchange(charger: str, call: int, size: int) -> list[MessageLogEntry]:
    at = START + dt.timedelta(seconds=call)
    return [
        MessageLogEntry(
            charger_id=charger,
            direction=direction,
            transport=Transport.SOAP,
            action="MeterValues",
            message="x" * length,
            timestamp=at,
        )
        for direction, length in ((Direction.IN, size), (Direction.OUT, 400))
    ]


async def run(
    url: str,
    *,
    synchronous: str,
    group_commit: bool,
    workload: str,
    callers: int,
    seconds: float,
    per_call: int,
    message_bytes: int,
) -> tuple[float, float, int, float]:
    engine = storage.create_engine(url, sqlite_synchronous=synchronous)
    await storage.upgrade_database(engine)
    store = storage.SqlStore(engine, group_commit=group_commit)
    chargers = [f"CP-{i}" for i in range(callers)]
    for charger in chargers:
        await store.add_charger(charger, RegistrationStatus.ACCEPTED, now=START)
    calls = 0
    deadline = time.perf_counter() + seconds

    async def caller(charger: str) -> None:
        nonlocal calls
        n = 0
        while time.perf_counter() < deadline:
            n += 1
            if workload == "meter_values":
                await store.save_meter_values(rows_for(charger, n, per_call))
            elif workload == "message_log":
                await store.log_messages(exchange(charger, n, message_bytes))
            elif workload == "heartbeat":
                at = START + dt.timedelta(seconds=n)
                await store.record_contact(charger, Transport.JSON, OcppVersion.V16, at)
            else:  # get_charger: a read, done for every message by the bridge
                await store.get_charger(charger)
            calls += 1

    started, cpu_started = time.perf_counter(), time.process_time()
    await asyncio.gather(*(caller(c) for c in chargers))
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    commits = store.group_commits
    await store.close()
    await engine.dispose()
    return calls / elapsed, calls * per_call / elapsed, commits, cpu / calls * 1e6


async def postgres_schema(server: str, schema: str, create: bool) -> None:
    engine = storage.create_engine(server)
    async with engine.begin() as connection:
        if create:
            await connection.exec_driver_sql(f'CREATE SCHEMA "{schema}"')
        else:
            await connection.exec_driver_sql(f'DROP SCHEMA "{schema}" CASCADE')
    await engine.dispose()


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backends", default="sqlite,sqlite-full,postgresql")
    parser.add_argument("--workloads", default="meter_values,message_log,heartbeat,get_charger")
    parser.add_argument("--callers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--rows", type=int, default=4, help="sampled values per MeterValues")
    parser.add_argument("--message-bytes", type=int, default=2500, help="a logged request")
    parser.add_argument("--modes", default="per-call,group", help="per-call, group or both")
    parser.add_argument(
        "--postgres",
        default=os.environ.get("OCPP_GATEWAY_TEST_POSTGRES_URL", DEFAULT_POSTGRES_URL),
    )
    args = parser.parse_args()
    print(f"{args.callers} concurrent callers, {args.seconds:g} s per run, {os.cpu_count()} CPUs")
    print(
        f"{'backend':<12} {'workload':<13} {'mode':<13} {'calls/s':>9} {'rows/s':>9} "
        f"{'CPU µs/call':>11} commits"
    )
    modes = [mode == "group" for mode in args.modes.split(",")]
    for backend in args.backends.split(","):
        for workload in args.workloads.split(","):
            per_call = {"meter_values": args.rows, "message_log": 2}.get(workload, 1)
            for group_commit in modes if workload != "get_charger" else (True,):
                schema = f"bench_{uuid.uuid4().hex[:12]}"
                with tempfile.TemporaryDirectory() as folder:
                    if backend.startswith("sqlite"):
                        url = f"sqlite:///{folder}/bench.db"
                    else:
                        await postgres_schema(args.postgres, schema, create=True)
                        url = f"{args.postgres}?search_path={schema}"
                    try:
                        calls, rows, commits, cpu_us = await run(
                            url,
                            synchronous="FULL" if backend == "sqlite-full" else "NORMAL",
                            group_commit=group_commit,
                            workload=workload,
                            callers=args.callers,
                            seconds=args.seconds,
                            per_call=per_call,
                            message_bytes=args.message_bytes,
                        )
                    finally:
                        if backend == "postgresql":
                            await postgres_schema(args.postgres, schema, create=False)
                mode = "read" if workload == "get_charger" else "per call"
                mode = "group commit" if group_commit and mode != "read" else mode
                print(
                    f"{backend:<12} {workload:<13} {mode:<13} {calls:>9.0f} {rows:>9.0f} "
                    f"{cpu_us:>11.0f} {commits if mode == 'group commit' else '-'}"
                )


if __name__ == "__main__":
    asyncio.run(main())
