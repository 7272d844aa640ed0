"""How the meter_values indexes age: insert cost as the table grows, for the index layout
of migration 0004 (a unique index on (charger, fingerprint): hash order) against that of
0005 (one unique index on (charger, timestamp, fingerprint): time order).

Not a test. Both databases are built by the real migrations and written with the real
INSERT statement and PRAGMAs (storage/_telemetry.py, storage/_engine.py), in batches of
25 MeterValues of 10 readings from 50 chargers, as group commit writes them::

    python bench/meter_index_bench.py --rows 2000000
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import hashlib
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import storage  # noqa: E402
from storage._engine import (  # noqa: E402
    SQLITE_CACHE_KIB,
    SQLITE_SYNCHRONOUS,
    SQLITE_WAL_AUTOCHECKPOINT_PAGES,
)
from storage._telemetry import _METER_INSERT  # noqa: E402
from storage._types import sqlite_datetime  # noqa: E402

CHARGERS = 50
READINGS = 10  # sampled values per MeterValues
BATCH = 25  # MeterValues per commit
START = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
# The 0004 layout's conflict target; 0005's is the one storage uses now.
OLD_INSERT = _METER_INSERT.sqlite.replace(
    '("charger_id", "timestamp", "fingerprint")', '("charger_id", "fingerprint")'
)


def build(path: Path, revision: str) -> sqlite3.Connection:
    url = f"sqlite+aiosqlite:///{path}"
    asyncio.run(storage.upgrade_database(url, revision))
    db = sqlite3.connect(path, isolation_level=None)
    for pragma in (
        "journal_mode=WAL",
        f"synchronous={SQLITE_SYNCHRONOUS}",
        f"cache_size=-{SQLITE_CACHE_KIB}",
        f"wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES}",
    ):
        db.execute(f"PRAGMA {pragma}")
    db.executemany(
        "INSERT INTO chargers (id, registration_status, created_at, online, auth_required,"
        " allowed_ips) VALUES (?, 'Accepted', '2026-01-01 00:00:00.000000', 0, 0, '[]')",
        [(f"CP-{n}",) for n in range(CHARGERS)],
    )
    return db


def batch(number: int) -> list[tuple[object, ...]]:
    """One group commit's rows: BATCH MeterValues, each READINGS readings of one charger,
    every charger's clock a second further each round."""
    rows: list[tuple[object, ...]] = []
    for i in range(BATCH):
        message = number * BATCH + i
        charger = f"CP-{message % CHARGERS}"
        at = sqlite_datetime(START + dt.timedelta(seconds=message // CHARGERS))
        for reading in range(READINGS):
            value = str(message * 10 + reading)
            fingerprint = hashlib.sha256(f"{charger}|{at}|{reading}|{value}".encode()).hexdigest()
            rows.append(
                (charger, 1, None, at, value, "Sample.Periodic", None,
                 f"M{reading}", None, None, "Wh", value, fingerprint[:32], "[]")
            )  # fmt: skip
    return rows


def run(db: sqlite3.Connection, insert: str, total: int, report_every: int) -> list[float]:
    """µs per row for each ``report_every`` rows written."""
    per_row, written, spent, number = [], 0, 0.0, 0
    while written < total:
        rows = batch(number)
        number += 1
        began = time.perf_counter()
        db.execute("BEGIN")
        db.executemany(insert, rows)
        db.execute("COMMIT")
        spent += time.perf_counter() - began
        written += len(rows)
        if written % report_every < len(rows):
            per_row.append(spent / report_every * 1e6)
            spent = 0.0
    return per_row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--every", type=int, default=200_000, help="rows between figures")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        layouts = {
            "0004 (charger, fingerprint)": (build(Path(folder, "old.db"), "0004"), OLD_INSERT),
            "0005 (charger, timestamp, fingerprint)": (
                build(Path(folder, "new.db"), "head"),
                _METER_INSERT.sqlite,
            ),
        }
        results = {
            name: run(db, insert, args.rows, args.every) for name, (db, insert) in layouts.items()
        }
    print(f"µs per meter row inserted, {READINGS} readings x {BATCH} MeterValues per commit, "
          f"{CHARGERS} chargers; one figure per {args.every:,} rows")  # fmt: skip
    marks = [f"{(i + 1) * args.every // 1000:,}k" for i in range(args.rows // args.every)]
    print(f"{'layout':42}" + "".join(f"{m:>9}" for m in marks))
    for name, figures in results.items():
        print(f"{name:42}" + "".join(f"{f:9.1f}" for f in figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
