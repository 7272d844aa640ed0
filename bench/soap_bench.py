"""SOAP Central System throughput: Heartbeat and MeterValues requests per second over HTTP,
with persistence, next to a raw aiohttp POST echo measured in the same run.

Run from the repository root::

    python bench/soap_bench.py                        # wrk if installed, ~2.5 min
    python bench/soap_bench.py -d 10 --load aiohttp   # the aiohttp client as load generator
    python bench/soap_bench.py --targets echo,compiled,compiled-nostore,compiled-stub,spyne

Every target is a server in its own process; the load generator (wrk, or an aiohttp
client in this process) drives each the same way: ``--concurrency`` keep-alive
connections, each sending its next request as soon as the previous one is answered, for
``--warmup`` seconds (not counted) and then ``--duration`` seconds. Envelopes are built
from templates: 50 chargers (BENCH-0..49, booted before the timed part), a unique
wsa:MessageID per request, and for MeterValues a unique timestamp per request (ten
sampledValues each), so no reading is ever deduplicated by storage.

Targets:

- ``echo``: a raw aiohttp POST handler returning the request body: the ceiling of this
  machine, client and event loop.
- ``compiled``: the gateway (``gateway.app.create_app``) with the compiled SOAP codec,
  persisting to SQLite in a temporary folder: every MeterValues row, last-seen, and every
  request and answer in the message log.
- ``spyne``: the same with ``soap.DEFAULT_CODEC = "spyne"`` (spyne's ServerBase parse and
  serialise around the awaited bridge): the before of the before/after.
- ``compiled-nostore``: a diagnostic, not a product: the gateway with ``SqlStore`` swapped
  for a few dicts, to tell the cost of storage from the rest.
- ``compiled-stub``: a diagnostic: the same, and ``CentralSystem.handle_payload`` answering
  from a table (no bridge either): the SOAP front door and aiohttp alone;
  ``spyne-stub``: the same with the spyne codec (the front door's own before/after).

Targets pass when the gateway's rate is at least 30% of the echo rate and its p99 is
under 20 ms (issue 3); the verdict is printed, not asserted.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import dataclasses
import logging
import os
import re
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

CHARGERS = 50
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
CS16 = "urn://Ocpp/Cs/2015/10/"
WSA = "http://www.w3.org/2005/08/addressing"
ALL_TARGETS = (
    "echo",
    "compiled",
    "compiled-pg",
    "spyne",
    "compiled-nostore",
    "compiled-stub",
    "spyne-stub",
)
# compiled-pg: the same gateway on PostgreSQL (this server, a schema made for the run).
POSTGRES_URL = os.environ.get(
    "OCPP_GATEWAY_BENCH_POSTGRES_URL", "postgresql+asyncpg://postgres@127.0.0.1:5432/test"
)
DEFAULT_TARGETS = ("echo", "compiled", "spyne")
KINDS = ("Heartbeat", "MeterValues")
TARGET_RATIO = 0.30
TARGET_P99_MS = 20.0
PATH = "/ocpp/soap/1.6"
BASE_TIME = 1_700_000_000  # the first MeterValues timestamp (2023-11-14), one ms apart after

# --- the envelopes -----------------------------------------------------------------------

_HEADER = (
    f'<s:Envelope xmlns:s="{SOAP12}" xmlns:o="{CS16}" xmlns:a="{WSA}"><s:Header>'
    "<o:chargeBoxIdentity>%s</o:chargeBoxIdentity><a:Action>/{action}</a:Action>"
    "<a:MessageID>urn:uuid:bench-%s</a:MessageID>"
    "<a:From><a:Address>http://192.0.2.1:8080/ocpp</a:Address></a:From>"
    "</s:Header><s:Body>{body}</s:Body></s:Envelope>"
)
_READINGS = (
    ("Energy.Active.Import.Register", None, "Wh", "123456"),
    ("Power.Active.Import", None, "W", "11040"),
    ("Current.Import", "L1", "A", "16.0"),
    ("Current.Import", "L2", "A", "15.9"),
    ("Current.Import", "L3", "A", "16.1"),
    ("Voltage", "L1-N", "V", "230.1"),
    ("Voltage", "L2-N", "V", "229.8"),
    ("Voltage", "L3-N", "V", "231.0"),
    ("Temperature", None, "Celsius", "31.5"),
    ("SoC", None, "Percent", "57"),
)


# Sampled values per MeterValues request (--readings): 10 by default, a three-phase
# charger's full set; many 1.2/1.5 chargers send only the energy register.
readings_per_request = len(_READINGS)


def template(kind: str) -> str:
    """A printf template: charger id, message id and (MeterValues) timestamp, in order."""
    if kind == "Heartbeat":
        body = "<o:heartbeatRequest/>"
    else:
        sampled = "".join(
            "<o:sampledValue>"
            f"<o:value>{value}</o:value><o:context>Sample.Periodic</o:context>"
            f"<o:measurand>{measurand}</o:measurand>"
            + (f"<o:phase>{phase}</o:phase>" if phase else "")
            + f"<o:location>Outlet</o:location><o:unit>{unit}</o:unit></o:sampledValue>"
            for measurand, phase, unit, value in _READINGS[:readings_per_request]
        )
        body = (
            "<o:meterValuesRequest><o:connectorId>1</o:connectorId>"
            f"<o:meterValue><o:timestamp>%s</o:timestamp>{sampled}</o:meterValue>"
            "</o:meterValuesRequest>"
        )
    return _HEADER.format(action=kind, body=body)


def timestamp(n: int) -> str:
    seconds, millis = divmod(n, 1000)
    return time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(BASE_TIME + seconds)) + f".{millis:03d}Z"


def envelope(kind: str, n: int) -> bytes:
    values: tuple[str, ...] = (f"BENCH-{n % CHARGERS}", str(n))
    if kind == "MeterValues":
        values += (timestamp(n),)
    return (template(kind) % values).encode()


def boot(charger: str) -> bytes:
    return (
        f'<s:Envelope xmlns:s="{SOAP12}" xmlns:o="{CS16}"><s:Header>'
        f"<o:chargeBoxIdentity>{charger}</o:chargeBoxIdentity></s:Header><s:Body>"
        "<o:bootNotificationRequest><o:chargePointVendor>Bench</o:chargePointVendor>"
        "<o:chargePointModel>B1</o:chargePointModel></o:bootNotificationRequest>"
        "</s:Body></s:Envelope>"
    ).encode()


def lua_script(kind: str) -> str:
    """The same envelopes from wrk (one thread: one counter, so every request is unique)."""
    stamp = (
        f'os.date("!%Y-%m-%dT%H:%M:%S", {BASE_TIME} + math.floor(n / 1000))'
        ' .. string.format(".%03dZ", n % 1000)'
    )
    extra = f", {stamp}" if kind == "MeterValues" else ""
    return f"""
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/soap+xml; charset=utf-8"
local template = [==[{template(kind)}]==]
local n = 0
request = function()
  n = n + 1
  local body = string.format(template, "BENCH-" .. (n % {CHARGERS}), tostring(n){extra})
  return wrk.format(nil, "{PATH}", nil, body)
end
"""


# --- the servers (run in child processes: ``--serve <target>``) ------------------------------


STUB_ANSWERS: dict[str, dict[str, Any]] = {
    "BootNotification": {
        "status": "Accepted",
        "currentTime": "2024-01-01T00:00:00.000Z",
        "interval": 300,
    },
    "Heartbeat": {"currentTime": "2024-01-01T00:00:00.000Z"},
    "MeterValues": {},
}


class _DictStore:
    """Just enough of bridge.Store in dicts for Boot, Heartbeat and MeterValues."""

    def __init__(self, engine: Any) -> None:
        from storage import SqlStore

        self.chargers: dict[str, Any] = {}
        self.rows = 0
        self._sql = SqlStore(engine)  # for the API's reads only (an empty database)

    async def close(self) -> None:
        await self._sql.close()

    async def get_charger(self, charger_id: str) -> Any:
        return self.chargers.get(charger_id)

    async def add_charger(
        self, charger_id: str, status: Any, *, password_hash: Any = None, now: Any
    ) -> Any:
        from bridge import ChargerRecord

        self.chargers[charger_id] = ChargerRecord(id=charger_id, registration_status=status)
        return self.chargers[charger_id]

    async def record_boot(self, *args: Any) -> None:
        pass

    async def record_contact(
        self, charger_id: str, transport: Any, version: Any, now: Any, endpoint: Any = None
    ) -> bool:
        record = self.chargers.get(charger_id)
        if record is not None:
            self.chargers[charger_id] = dataclasses.replace(
                record,
                transport=transport,
                version=version,
                soap_endpoint=endpoint or record.soap_endpoint,
            )
        return False

    async def set_online(self, charger_id: str, online: bool, now: Any) -> None:
        record = self.chargers.get(charger_id)
        if record is not None:
            self.chargers[charger_id] = dataclasses.replace(record, online=online)

    def touch(self, charger_id: str, now: Any) -> None:
        pass

    async def save_meter_values(self, rows: Any) -> int:
        self.rows += len(rows)
        return len(rows)

    def note_message(self, entry: Any) -> None:
        pass

    async def read(self, work: Any) -> Any:  # the API's own reads (webhooks at startup)
        return await self._sql.read(work)


def serve(target: str, port: int, database: str) -> None:
    from aiohttp import web

    logging.basicConfig(level=logging.WARNING)
    if target == "echo":

        async def echo(request: web.Request) -> web.Response:
            return web.Response(body=await request.read(), content_type="application/soap+xml")

        app = web.Application()
        app.router.add_post("/{path:.*}", echo)
        web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)
        return

    import gateway.app
    import soap
    import storage
    from bridge import CentralSystem, UnknownChargerPolicy
    from gateway.settings import Settings

    soap.DEFAULT_CODEC = "spyne" if target.startswith("spyne") else "compiled"
    if target in ("compiled-nostore", "compiled-stub", "spyne-stub"):
        gateway.app.SqlStore = _DictStore  # type: ignore[misc,assignment]
    if target.endswith("-stub"):

        async def stub(
            self: Any, contact: Any, action: str, payload: Any, flags: Any = ()
        ) -> dict[str, Any]:
            return STUB_ANSWERS[action]

        CentralSystem.handle_payload = stub  # type: ignore[method-assign]
    asyncio.run(storage.upgrade_database(database))
    settings = Settings(
        database_url=database,
        port=port,
        unknown_chargers=UnknownChargerPolicy.ACCEPT,
        log_level="WARNING",
    )
    app = gateway.app.create_app(settings)
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


# --- measuring ------------------------------------------------------------------------------


@dataclasses.dataclass
class Result:
    target: str
    kind: str
    rate: float
    p50_ms: float
    p99_ms: float
    errors: int
    server_cpu: float  # cores used by the server process (all threads) while timed
    load_cpu: float  # cores used by the load generator while timed
    # Server CPU per request, us: the event loop's thread, then each other busy thread
    # (storage's writer and checkpoint threads, aiosqlite's), busiest first.
    thread_us: tuple[float, ...] = ()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def thread_cpu_seconds(pid: int) -> dict[int, float]:
    """CPU seconds of each thread of ``pid`` (the main thread's id is ``pid``)."""
    seconds = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        with contextlib.suppress(OSError):
            fields = (task / "stat").read_text().rpartition(")")[2].split()
            seconds[int(task.name)] = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return seconds


def per_request_us(
    pid: int, before: dict[int, float], after: dict[int, float], requests: float
) -> tuple[float, ...]:
    spent = {tid: after[tid] - before.get(tid, 0.0) for tid in after}
    loop = spent.pop(pid, 0.0)
    others = sorted((s for s in spent.values() if s > 0.0), reverse=True)
    return tuple(s / requests * 1e6 for s in [loop, *others] if requests)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@contextlib.contextmanager
def server(target: str, workdir: Path) -> Iterator[tuple[int, subprocess.Popen[bytes], str]]:
    port = free_port()
    database = f"sqlite+aiosqlite:///{workdir / f'{target}.db'}"
    schema = None
    if target == "compiled-pg":
        schema = f"soap_bench_{os.getpid()}"
        _postgres(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE; CREATE SCHEMA "{schema}"')
        database = f"{POSTGRES_URL}?search_path={schema}"
    log = (workdir / f"{target}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, __file__, "--serve", target, "--port", str(port), "--database", database],
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=REPO,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), 0.2):
                break
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{target} did not start; see {log.name}")
            time.sleep(0.1)
        yield port, process, database
    finally:
        process.send_signal(signal.SIGINT)  # aiohttp's run_app: a graceful stop
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()
        if schema is not None:
            _postgres(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


async def prepare(port: int, target: str) -> None:
    """Boot every charger and check that each message kind is answered, not faulted."""
    import aiohttp

    url = f"http://127.0.0.1:{port}{PATH}"
    headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
    async with aiohttp.ClientSession() as session:
        for i in range(CHARGERS):
            async with session.post(url, data=boot(f"BENCH-{i}"), headers=headers) as response:
                await response.read()
        for kind in KINDS:
            async with session.post(url, data=envelope(kind, 0), headers=headers) as response:
                text = await response.text()
                expected = (
                    "<s:Envelope" if target == "echo" else f"{kind[0].lower()}{kind[1:]}Response"
                )
                if response.status != 200 or expected not in text:
                    raise RuntimeError(
                        f"{target} answered {kind} with {response.status}: {text[:300]}"
                    )


_WRK_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


def _wrk_ms(output: str, percentile: str) -> float:
    found = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.M)
    if found is None:
        raise RuntimeError(f"no {percentile}% latency in wrk's output:\n{output}")
    return float(found.group(1)) * _WRK_UNITS[found.group(2)]


def run_wrk(
    port: int, kind: str, seconds: float, concurrency: int, workdir: Path
) -> tuple[str, float]:
    script = workdir / f"{kind}.lua"
    script.write_text(lua_script(kind))
    command = [
        "wrk", "-t1", f"-c{concurrency}", f"-d{max(1, round(seconds))}s", "--latency",
        "-s", str(script), f"http://127.0.0.1:{port}/",
    ]  # fmt: skip
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read().decode()
    _, _, usage = os.wait4(process.pid, 0)
    process.returncode = 0
    return output, usage.ru_utime + usage.ru_stime


async def run_aiohttp(
    port: int, kind: str, seconds: float, concurrency: int, record: bool
) -> tuple[list[float], int]:
    import aiohttp

    url = f"http://127.0.0.1:{port}{PATH}"
    headers = {"Content-Type": "application/soap+xml; charset=utf-8"}
    latencies: list[float] = []
    errors = 0
    counter = int(time.time() * 1000) % 10_000_000 * 100  # unique across runs
    connector = aiohttp.TCPConnector(limit=concurrency)
    async with aiohttp.ClientSession(connector=connector) as session:
        end = time.perf_counter() + seconds

        async def worker() -> None:
            nonlocal counter, errors
            while time.perf_counter() < end:
                counter += 1
                body = envelope(kind, counter)
                start = time.perf_counter()
                async with session.post(url, data=body, headers=headers) as response:
                    await response.read()
                    ok = response.status == 200
                if record:
                    latencies.append(time.perf_counter() - start)
                    errors += not ok

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return latencies, errors


def measure(
    target: str, kind: str, port: int, pid: int, args: argparse.Namespace, workdir: Path
) -> Result:
    if args.load == "wrk":
        run_wrk(port, kind, args.warmup, args.concurrency, workdir)
        before, threads_before = cpu_seconds(pid), thread_cpu_seconds(pid)
        output, load_cpu = run_wrk(port, kind, args.duration, args.concurrency, workdir)
        server_cpu = cpu_seconds(pid) - before
        threads_after = thread_cpu_seconds(pid)
        rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))  # type: ignore[union-attr]
        if "requests in" not in output:
            raise RuntimeError(f"wrk failed:\n{output}")
        errors = sum(int(m) for m in re.findall(r"Non-2xx or 3xx responses: (\d+)", output))
        errors += sum(int(m) for m in re.findall(r"(?:connect|read|write|timeout) (\d+)", output))
        threads = per_request_us(pid, threads_before, threads_after, rate * args.duration)
        return Result(
            target, kind, rate, _wrk_ms(output, "50"), _wrk_ms(output, "99"), errors,
            server_cpu / args.duration, load_cpu / args.duration, threads,
        )  # fmt: skip
    asyncio.run(run_aiohttp(port, kind, args.warmup, args.concurrency, record=False))
    before, load_before = cpu_seconds(pid), time.process_time()
    started = time.perf_counter()
    latencies, errors = asyncio.run(
        run_aiohttp(port, kind, args.duration, args.concurrency, record=True)
    )
    elapsed = time.perf_counter() - started
    server_cpu, load_cpu = cpu_seconds(pid) - before, time.process_time() - load_before
    latencies.sort()
    return Result(
        target, kind, len(latencies) / elapsed,
        latencies[len(latencies) // 2] * 1e3, latencies[int(len(latencies) * 0.99)] * 1e3,
        errors, server_cpu / elapsed, load_cpu / elapsed,
    )  # fmt: skip


def _postgres(sql: str, fetch: bool = False) -> Any:
    import asyncpg

    async def run() -> Any:
        dsn = POSTGRES_URL.replace("postgresql+asyncpg://", "postgresql://")
        connection = await asyncpg.connect(dsn)
        try:
            return await (connection.fetchval(sql) if fetch else connection.execute(sql))
        finally:
            await connection.close()

    return asyncio.run(run())


def persisted(database: str) -> str:
    if database.startswith("postgresql"):
        schema = database.rpartition("search_path=")[2]
        counts = {
            table: _postgres(f'SELECT count(*) FROM "{schema}".{table}', fetch=True)
            for table in ("meter_values", "message_log")
        }
        return ", ".join(f"{count} {table} rows" for table, count in counts.items())
    path = database.partition(":///")[2]
    with contextlib.closing(sqlite3.connect(path)) as db:
        counts = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("meter_values", "message_log")
        }
    return ", ".join(f"{count} {table} rows" for table, count in counts.items())


# --- the report ---------------------------------------------------------------------------------


def report(results: list[Result], notes: list[str], args: argparse.Namespace) -> None:
    echo = {r.kind: r.rate for r in results if r.target == "echo"}
    print()
    print(f"MeterValues: {args.readings} sampled value(s) per request")
    print(f"load generator: {args.load}, {args.concurrency} connections, "
          f"{args.warmup:g} s warm-up + {args.duration:g} s timed, {os.cpu_count()} cores")  # fmt: skip
    print(f"{'target':18} {'message':12} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
          f"{'vs echo':>8} {'errors':>7} {'server':>7} {'loadgen':>8}  "
          "server CPU us/req: loop + other threads")  # fmt: skip
    for r in results:
        ratio = f"{r.rate / echo[r.kind]:.0%}" if r.kind in echo else "-"
        threads = " + ".join(f"{us:.0f}" for us in r.thread_us if us >= 1) or "-"
        print(f"{r.target:18} {r.kind:12} {r.rate:9.0f} {r.p50_ms:8.2f} {r.p99_ms:8.2f} "
              f"{ratio:>8} {r.errors:7d} {r.server_cpu:6.2f}c {r.load_cpu:7.2f}c  "
              f"{threads}")  # fmt: skip
    for r in results:
        if r.target in ("compiled", "compiled-pg") and r.kind in echo:
            ok = r.rate >= TARGET_RATIO * echo[r.kind] and r.p99_ms < TARGET_P99_MS
            print(f"target ({TARGET_RATIO:.0%} of echo, p99 < {TARGET_P99_MS:g} ms), {r.target} {r.kind}: "
                  f"{'met' if ok else 'NOT met'}")  # fmt: skip
    for note in notes:
        print(note)
    busiest = max((r.load_cpu for r in results), default=0.0)
    if busiest > 0.9:
        print(f"note: the load generator used up to {busiest:.2f} cores: it is (close to) the "
              "bottleneck, and the echo rate is its ceiling rather than the server's")  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.partition("\n\n")[0] if __doc__ else None)
    parser.add_argument("-d", "--duration", type=float, default=10.0, help="timed seconds per run")
    parser.add_argument("-w", "--warmup", type=float, default=3.0, help="untimed seconds first")
    parser.add_argument("-c", "--concurrency", type=int, default=50)
    parser.add_argument(
        "--readings",
        type=int,
        choices=range(1, len(_READINGS) + 1),
        default=len(_READINGS),
        metavar=f"1..{len(_READINGS)}",
        help="sampled values per MeterValues request",
    )
    parser.add_argument(
        "--load", choices=("wrk", "aiohttp"), default="wrk" if shutil.which("wrk") else "aiohttp"
    )
    parser.add_argument(
        "--targets", default=",".join(DEFAULT_TARGETS), help=f"of {', '.join(ALL_TARGETS)}"
    )
    parser.add_argument("--serve", choices=ALL_TARGETS, help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--database", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    global readings_per_request
    readings_per_request = args.readings
    if args.serve:
        serve(args.serve, args.port, args.database)
        return 0
    targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(targets) - set(ALL_TARGETS)
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    results: list[Result] = []
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="soap-bench-") as tmp:
        workdir = Path(tmp)
        for target in targets:
            with server(target, workdir) as (port, process, database):
                asyncio.run(prepare(port, target))
                for kind in KINDS:
                    result = measure(target, kind, port, process.pid, args, workdir)
                    results.append(result)
                    print(
                        f"{target:18} {kind:12} {result.rate:9.0f} req/s  p99 {result.p99_ms:.2f} ms",
                        flush=True,
                    )
                if target in ("compiled", "compiled-pg", "spyne"):
                    notes.append(f"{target}: persisted {persisted(database)}")
    report(results, notes, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
