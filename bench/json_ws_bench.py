"""OCPP-J load benchmark: N concurrent chargers sending Heartbeat and MeterValues.

Run from the repository root::

    python bench/json_ws_bench.py                      # 1,000 and 5,000 chargers, ~2.5 min
    python bench/json_ws_bench.py -n 5000 -d 30        # one size, longer
    python bench/json_ws_bench.py --targets gateway,gateway-strict,ocpp-ws,ocpp-ws-sync,echo
    python bench/json_ws_bench.py -n 5000 --targets gateway --profile /tmp/prof

Each target is a server in its own process; the chargers are one client process (this
machine has 2 cores: one each). For each target and size it

1. starts the server and reads its RSS (``/proc/<pid>/status`` VmRSS);
2. opens N WebSockets and reads the RSS again: (after - before) / N is the RSS per idle
   connection;
3. boots every charger (BootNotification, not timed), then for ``--warmup`` + ``--duration``
   seconds every charger sends Heartbeat and MeterValues alternately, each as soon as
   the previous one is answered (closed loop, like real chargers: one call outstanding),
   and counts the answers of the timed part: messages per second, p50 and p99 latency
   (send to answer, as the charger sees it), errors (CALLERROR, bad or missing answer,
   a dropped connection) and how many connections are still open at the end;
4. reads the server's CPU time (``/proc``) when the timed part starts and ends: per
   answered message, the whole process's and the main thread's (the event loop; with
   SQLite, aiosqlite's thread is most of the rest), and, from ``gc.callbacks`` in the
   server, how much of it the garbage collector took (collections per generation and
   the objects it tracks are printed under the row). On a shared machine these move
   less than msgs/s does.

``--profile DIR`` runs py-spy on the server during the timed part (``--profile-targets``,
default ``gateway``) and writes its collapsed stacks (``--profile-format raw``) or a flame
graph there. py-spy takes CPU too: read speed from runs without it.

Targets:

- ``gateway``: ours (``gateway.app.create_app``), persisting to SQLite: every
  MeterValues' rows, last-seen, and every frame in the message log.
- ``gateway-strict``: the same with ``lenient=False`` (the ocpp library's JSON-schema
  validation on, off the executor); ``gateway-strict-executor``: in the executor.
- ``gateway-nostore``: a diagnostic, not a product: the same application with
  ``SqlStore`` swapped for a few dicts (:class:`_DictStore`), to tell the cost of
  json_ws and the bridge from the cost of storage.
- ``ocpp-ws``: the ocpp library's documented central system (its README and
  ``examples/v16/central_system.py``): ``websockets.serve`` and a ChargePoint subclass with
  ``@on`` handlers, library defaults (schema validation in the executor), no
  persistence. Its example also turns on INFO logging of every frame; that is left off.
- ``ocpp-ws-sync``: the same with ``ocpp.messages.ASYNC_VALIDATION = False``.
- ``echo``: a raw aiohttp WebSocket echo, the ceiling of this client and loop.

``--validation`` also measures the library's schema validation on and off the executor
(``--validation-only``: that alone, on a quiet machine).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import logging
import os
import resource
import signal
import socket
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

DEFAULT_SIZES = (1000, 5000)
DEFAULT_TARGETS = ("gateway", "ocpp-ws", "echo")
ALL_TARGETS = (
    "gateway",
    "gateway-strict",
    "gateway-strict-executor",
    "gateway-nostore",
    "ocpp-ws",
    "ocpp-ws-sync",
    "echo",
)
DEFAULT_DURATION = 10.0  # seconds timed
DEFAULT_WARMUP = 2.0  # seconds of load before timing starts
CONNECT_CONCURRENCY = 100  # handshakes in flight (listen backlogs are 100 to 128)
ANSWER_TIMEOUT = 30.0  # seconds before a charger counts an unanswered call as an error
START_TIMEOUT = 60.0  # seconds for a server or the client to report a phase done


def raise_fd_limit() -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def cpu_seconds(pid: int, tid: int | None = None) -> float:
    """User + system CPU time of a process (all its threads), or of one of its threads."""
    path = f"/proc/{pid}/task/{tid}/stat" if tid is not None else f"/proc/{pid}/stat"
    # The fields after the command name, which is in parentheses and may hold spaces.
    fields = Path(path).read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


# --- servers -----------------------------------------------------------------------------------


class _DictStore:
    """Just enough of bridge.Store in dicts for this benchmark's messages (gateway-nostore)."""

    def __init__(self, engine: Any) -> None:
        self.chargers: dict[str, Any] = {}

    async def close(self) -> None:
        pass

    async def get_charger(self, charger_id: str) -> Any:
        return self.chargers.get(charger_id)

    async def add_charger(
        self, charger_id: str, status: Any, *, password_hash: str | None = None, now: Any
    ) -> Any:
        from bridge import ChargerRecord

        record = ChargerRecord(id=charger_id, registration_status=status)
        self.chargers[charger_id] = record
        return record

    async def record_boot(self, *args: Any) -> None:
        pass

    async def record_contact(self, charger_id: str, transport: Any, version: Any, *a: Any) -> bool:
        import dataclasses

        record = self.chargers.get(charger_id)
        if record is not None:
            record = dataclasses.replace(record, transport=transport, version=version)
            self.chargers[charger_id] = record
        return False

    def touch(self, charger_id: str, now: Any) -> None:
        pass

    async def set_online(self, *args: Any) -> None:
        pass

    async def save_meter_values(self, rows: Any) -> int:
        return len(rows)

    def note_message(self, entry: Any) -> None:
        pass


async def serve_gateway(
    port: int, db: Path, *, lenient: bool, executor: bool = False, store: bool = True
) -> None:
    from aiohttp import web

    import gateway.app
    import json_ws

    if not store:
        gateway.app.SqlStore = _DictStore  # type: ignore[misc, assignment]
    from bridge import UnknownChargerPolicy
    from gateway.app import create_app
    from gateway.settings import Settings
    from storage import upgrade_database

    json_ws.SCHEMA_VALIDATION_IN_EXECUTOR = executor
    url = f"sqlite+aiosqlite:///{db}"
    await upgrade_database(url)
    settings = Settings(
        host="127.0.0.1",
        port=port,
        database_url=url,
        unknown_chargers=UnknownChargerPolicy.ACCEPT,
        lenient=lenient,
        log_level="WARNING",
    )
    runner = web.AppRunner(create_app(settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
    await _ready_until_stopped()
    await runner.cleanup()


async def serve_ocpp_websockets(port: int, *, async_validation: bool) -> None:
    """The ocpp library's documented central system, minus its INFO logging."""
    import datetime as dt

    import ocpp.messages
    import websockets
    from ocpp.routing import on
    from ocpp.v16 import ChargePoint as cp
    from ocpp.v16 import call_result
    from ocpp.v16.enums import Action, RegistrationStatus

    ocpp.messages.ASYNC_VALIDATION = async_validation

    class ChargePoint(cp):
        @on(Action.boot_notification)
        def on_boot_notification(
            self, charge_point_vendor: str, charge_point_model: str, **kwargs: Any
        ) -> Any:
            return call_result.BootNotification(
                current_time=dt.datetime.now(dt.UTC).isoformat(),
                interval=10,
                status=RegistrationStatus.accepted,
            )

        @on(Action.heartbeat)
        def on_heartbeat(self) -> Any:
            return call_result.Heartbeat(current_time=dt.datetime.now(dt.UTC).isoformat())

        @on(Action.meter_values)
        def on_meter_values(self, connector_id: int, meter_value: Any, **kwargs: Any) -> Any:
            return call_result.MeterValues()

    async def on_connect(websocket: Any) -> None:
        if websocket.subprotocol is None:
            await websocket.close()
            return
        charge_point_id = websocket.request.path.strip("/")
        charge_point = ChargePoint(charge_point_id, websocket)
        with contextlib.suppress(websockets.ConnectionClosed):
            await charge_point.start()

    async with websockets.serve(
        on_connect, "127.0.0.1", port, subprotocols=[websockets.Subprotocol("ocpp1.6")]
    ):
        await _ready_until_stopped()


async def serve_echo(port: int) -> None:
    from aiohttp import WSMsgType, web

    async def echo(request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse(protocols=("ocpp1.6",), compress=False)
        await ws.prepare(request)
        async for msg in ws:
            if msg.type is WSMsgType.TEXT:
                await ws.send_str(msg.data)
        return ws

    app = web.Application()
    app.router.add_get("/{path:.*}", echo)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port, backlog=1024).start()
    await _ready_until_stopped()
    await runner.cleanup()


async def _ready_until_stopped() -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    gc_times = _time_collections()
    loop.add_signal_handler(
        signal.SIGUSR1, lambda: print("GC " + json.dumps(_gc_snapshot(gc_times)), flush=True)
    )
    print("READY", flush=True)
    await stop.wait()


def _time_collections() -> dict[str, list[float]]:
    """Collections and seconds spent in them so far, per generation, as the garbage
    collector runs (``gc.callbacks``): the server prints them on SIGUSR1."""
    import gc

    times: dict[str, list[float]] = {str(generation): [0, 0.0] for generation in range(3)}
    started = [0.0]

    def callback(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            started[0] = time.perf_counter()
        else:
            entry = times[str(info["generation"])]
            entry[0] += 1
            entry[1] += time.perf_counter() - started[0]

    gc.callbacks.append(callback)
    return times


def _gc_snapshot(times: dict[str, list[float]]) -> dict[str, Any]:
    """The collections so far, and the objects the collector tracks now: young, middle,
    old and frozen."""
    import gc

    tracked = [len(gc.get_objects(g)) for g in range(3)] + [gc.get_freeze_count()]
    return {**times, "tracked": tracked}


def run_server(target: str, port: int, db: Path) -> None:
    raise_fd_limit()
    logging.basicConfig(level=logging.WARNING)
    if target.startswith("gateway"):
        lenient = target in ("gateway", "gateway-nostore")
        executor, store = target.endswith("executor"), target != "gateway-nostore"
        asyncio.run(serve_gateway(port, db, lenient=lenient, executor=executor, store=store))
    elif target in ("ocpp-ws", "ocpp-ws-sync"):
        asyncio.run(serve_ocpp_websockets(port, async_validation=target == "ocpp-ws"))
    elif target == "echo":
        asyncio.run(serve_echo(port))
    else:
        raise SystemExit(f"unknown target {target!r}")


# --- the chargers ----------------------------------------------------------------------------

BOOT = '[2,"boot-{i}","BootNotification",{{"chargePointVendor":"Bench","chargePointModel":"J"}}]'
HEARTBEAT = '[2,"{i}-{seq}","Heartbeat",{{}}]'
METER_VALUES = (
    '[2,"{i}-{seq}","MeterValues",{{"connectorId":1,"meterValue":[{{"timestamp":"{ts}",'
    '"sampledValue":[{{"value":"{wh}","measurand":"Energy.Active.Import.Register","unit":"Wh"}},'
    '{{"value":"7360","measurand":"Power.Active.Import","unit":"W"}},'
    '{{"value":"32.0","measurand":"Current.Import","unit":"A","phase":"L1"}}]}}]}}]'
)


class Tally:
    def __init__(self) -> None:
        self.latencies: list[float] = []
        self.answered = 0
        self.errors: dict[str, int] = {}
        self.timing = False

    def error(self, kind: str) -> None:
        self.errors[kind] = self.errors.get(kind, 0) + 1


async def _connect(session: Any, url: str, gate: asyncio.Semaphore) -> Any:
    import aiohttp

    async with gate:
        for attempt in range(5):
            try:
                return await session.ws_connect(
                    url, protocols=("ocpp1.6",), autoping=True, compress=0, max_msg_size=0
                )
            except (aiohttp.ClientError, OSError):
                await asyncio.sleep(0.2 * (attempt + 1))
        return None


async def _call(ws: Any, frame: str, unique_id: str, tally: Tally) -> bool:
    import aiohttp

    started = time.perf_counter()
    try:
        await ws.send_str(frame)
        msg = await ws.receive(timeout=ANSWER_TIMEOUT)
    except (TimeoutError, ConnectionError):
        tally.error("no answer")
        return False
    if msg.type is not aiohttp.WSMsgType.TEXT:
        tally.error("connection closed")
        return False
    elapsed = time.perf_counter() - started
    reply = json.loads(msg.data)
    if reply[1] != unique_id or reply[0] == 4:
        tally.error(f"CALLERROR {reply[2]}" if reply[0] == 4 else "wrong answer")
        return True
    if tally.timing:
        tally.answered += 1
        tally.latencies.append(elapsed)
    return True


async def _charger(ws: Any, i: int, stop_at: float, tally: Tally) -> None:
    loop = asyncio.get_running_loop()
    seq = 0
    while loop.time() < stop_at:
        seq += 1
        unique_id = f"{i}-{seq}"
        if seq % 2:
            frame = HEARTBEAT.format(i=i, seq=seq)
        else:
            ts = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
            frame = METER_VALUES.format(i=i, seq=seq, ts=ts, wh=1_000_000 + seq)
        if not await _call(ws, frame, unique_id, tally):
            return


async def run_load(port: int, n: int, warmup: float, duration: float) -> None:
    import aiohttp

    raise_fd_limit()
    loop = asyncio.get_running_loop()
    connector = aiohttp.TCPConnector(limit=0, force_close=False)
    async with aiohttp.ClientSession(connector=connector) as session:
        gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
        started = time.perf_counter()
        sockets = await asyncio.gather(
            *(
                _connect(session, f"http://127.0.0.1:{port}/ocpp/BENCH{i:05d}", gate)
                for i in range(n)
            )
        )
        connected = [ws for ws in sockets if ws is not None]
        print(f"CONNECTED {len(connected)} {time.perf_counter() - started:.1f}", flush=True)
        await loop.run_in_executor(None, sys.stdin.readline)  # the RSS is read meanwhile

        tally = Tally()
        boot_gate = asyncio.Semaphore(CONNECT_CONCURRENCY)

        async def boot(i: int, ws: Any) -> None:
            async with boot_gate:
                await _call(ws, BOOT.format(i=i), f"boot-{i}", tally)

        await asyncio.gather(*(boot(i, ws) for i, ws in enumerate(connected)))
        boot_errors = dict(tally.errors)

        stop_at = loop.time() + warmup + duration
        chargers = [
            asyncio.create_task(_charger(ws, i, stop_at, tally)) for i, ws in enumerate(connected)
        ]
        await asyncio.sleep(warmup)
        tally.timing, timed_from = True, time.perf_counter()
        print("TIMING", flush=True)  # the server's CPU time is read now and at TIMED
        await asyncio.sleep(duration)
        tally.timing, timed = False, time.perf_counter() - timed_from
        print("TIMED", flush=True)
        await asyncio.gather(*chargers)
        held = sum(1 for ws in connected if not ws.closed)
        latencies = sorted(tally.latencies)
        result = {
            "connections": n,
            "connected": len(connected),
            "held": held,
            "answered": tally.answered,
            "msgs_per_s": tally.answered / timed,
            "p50_ms": _percentile(latencies, 0.50) * 1000,
            "p99_ms": _percentile(latencies, 0.99) * 1000,
            "boot_errors": boot_errors,
            "errors": {
                k: v - boot_errors.get(k, 0)
                for k, v in tally.errors.items()
                if v - boot_errors.get(k, 0)
            },
        }
        print("RESULT " + json.dumps(result), flush=True)
        await asyncio.gather(*(ws.close() for ws in connected), return_exceptions=True)


def _percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


# --- the orchestra ------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def _line(stream: asyncio.StreamReader, prefix: str, what: str) -> str:
    while True:
        raw = await asyncio.wait_for(stream.readline(), START_TIMEOUT)
        if not raw:
            raise RuntimeError(f"{what} ended before printing {prefix}")
        line = raw.decode().strip()
        if line.startswith(prefix):
            return line[len(prefix) :].strip()


async def measure(target: str, n: int, args: argparse.Namespace, work: Path) -> dict[str, Any]:
    port = _free_port()
    log_file = work / f"{target}-{n}.log"
    with log_file.open("wb") as server_log:
        server = await asyncio.create_subprocess_exec(
            sys.executable, __file__, "serve", target, "--port", str(port),
            "--db", str(work / f"{target}-{n}.db"),
            stdout=asyncio.subprocess.PIPE, stderr=server_log, cwd=REPO,
        )  # fmt: skip
        assert server.stdout is not None
        try:
            await _line(server.stdout, "READY", f"{target} server")
            await asyncio.sleep(0.5)
            rss_before = rss_kib(server.pid)
            client = await asyncio.create_subprocess_exec(
                sys.executable, __file__, "load", "--port", str(port), "-n", str(n),
                "--warmup", str(args.warmup), "--duration", str(args.duration),
                stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE, cwd=REPO,
            )  # fmt: skip
            assert client.stdout is not None and client.stdin is not None
            connected = await _line(client.stdout, "CONNECTED", "the client")
            await asyncio.sleep(1.0)  # let the server settle
            rss_idle = rss_kib(server.pid)
            client.stdin.write(b"GO\n")
            await client.stdin.drain()
            await _line(client.stdout, "TIMING", "the client")
            cpu_from = cpu_seconds(server.pid), cpu_seconds(server.pid, server.pid)
            gc_from = await _gc_figures(server)
            profiler = await _start_profiler(server.pid, target, n, args)
            await _line(client.stdout, "TIMED", "the client")
            cpu_to = cpu_seconds(server.pid), cpu_seconds(server.pid, server.pid)
            gc_to = await _gc_figures(server)
            result: dict[str, Any] = json.loads(await _line(client.stdout, "RESULT", "the client"))
            if profiler is not None:
                await asyncio.wait_for(profiler.wait(), START_TIMEOUT)
            await asyncio.wait_for(client.wait(), START_TIMEOUT)
            result["rss_loaded_kib"] = rss_kib(server.pid)
        finally:
            if server.returncode is None:
                server.terminate()
                try:
                    await asyncio.wait_for(server.wait(), START_TIMEOUT)
                except TimeoutError:
                    server.kill()
    answered = max(result["answered"], 1)
    result.update(
        target=target,
        # Server CPU time per answered message in the timed part: the whole process, and
        # its main thread alone (the event loop; aiosqlite's thread is the rest).
        cpu_us_per_msg=(cpu_to[0] - cpu_from[0]) / answered * 1e6,
        loop_cpu_us_per_msg=(cpu_to[1] - cpu_from[1]) / answered * 1e6,
        # The garbage collector's share of that: collections (per generation) and time.
        **_gc_share(gc_from, gc_to, answered),
        rss_before_kib=rss_before,
        rss_idle_kib=rss_idle,
        rss_per_idle_connection_kib=(rss_idle - rss_before) / max(int(connected.split()[0]), 1),
        connect_s=float(connected.split()[1]),
    )
    return result


async def _gc_figures(server: asyncio.subprocess.Process) -> dict[str, Any] | None:
    """The server's collections so far (it prints them on SIGUSR1); None if it does not
    answer in a few seconds, so a slow answer costs the figure, not the run."""
    assert server.stdout is not None
    server.send_signal(signal.SIGUSR1)
    try:
        return dict(json.loads(await asyncio.wait_for(_line(server.stdout, "GC", "server"), 10)))
    except TimeoutError:
        return None


def _gc_share(
    before: dict[str, Any] | None, after: dict[str, Any] | None, answered: int
) -> dict[str, Any]:
    if before is None or after is None:
        return {"gc_collections": None, "gc_seconds": None, "gc_tracked": None}
    return {
        "gc_collections": {g: after[g][0] - before[g][0] for g in "012"},
        "gc_seconds": {g: round(after[g][1] - before[g][1], 3) for g in "012"},
        "gc_tracked": after["tracked"],
        "gc_us_per_msg": sum(after[g][1] - before[g][1] for g in "012") / answered * 1e6,
    }


async def _start_profiler(
    pid: int, target: str, n: int, args: argparse.Namespace
) -> asyncio.subprocess.Process | None:
    """py-spy on the server for the timed part (``--profile DIR``), sampling without
    pausing it. The profiler takes CPU too: judge speed from runs without it."""
    if args.profile is None or target not in args.profile_targets.split(","):
        return None
    out = Path(args.profile)  # made by main()
    py_spy = Path(sys.executable).with_name("py-spy")
    return await asyncio.create_subprocess_exec(
        str(py_spy), "record", "--nonblocking", "--threads", "--format", args.profile_format,
        "--duration", str(max(int(args.duration) - 1, 1)), "--pid", str(pid),
        "--output", str(out / f"{target}-{n}.{args.profile_format.replace('flamegraph', 'svg')}"),
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def _row(r: dict[str, Any]) -> str:
    errors = sum(r["errors"].values()) + sum(r["boot_errors"].values())
    return (
        f"{r['target']:<23} {r['connections']:>6} {r['held']:>6} {r['msgs_per_s']:>9,.0f} "
        f"{r['p50_ms']:>8.1f} {r['p99_ms']:>8.1f} {r['rss_per_idle_connection_kib']:>10.1f} "
        f"{r['rss_loaded_kib'] / 1024:>9.0f} {errors:>6} "
        f"{r['cpu_us_per_msg']:>9.0f} {r['loop_cpu_us_per_msg']:>9.0f} {r.get('gc_us_per_msg', float('nan')):>7.0f}"
    )


async def orchestrate(args: argparse.Namespace) -> list[dict[str, Any]]:
    raise_fd_limit()
    if args.validation_only:
        await measure_validation()
        return []
    targets = args.targets.split(",")
    print(
        f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; "
        f"{args.warmup:g} s warm-up + {args.duration:g} s timed per run; closed loop, "
        "Heartbeat and MeterValues (3 sampled values) alternately"
    )
    header = (
        f"{'target':<23} {'chargers':>6} {'held':>6} {'msgs/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'KiB/idle':>10} {'RSS MiB':>9} {'errors':>6} {'CPU us/msg':>9} {'loop us':>9} {'gc us':>7}"
    )
    results = []
    with tempfile.TemporaryDirectory(prefix="json-ws-bench-") as tmp:
        work = Path(tmp)
        for n in args.connections:
            print()
            print(header)
            by_target: dict[str, dict[str, Any]] = {}
            for target in targets:
                result = await measure(target, n, args, work)
                by_target[target] = result
                results.append(result)
                print(_row(result), flush=True)
                print(
                    f"{'':<23} collections per generation: {result['gc_collections']}, "
                    f"seconds: {result['gc_seconds']}, tracked objects (young, middle, old, "
                    f"frozen): {result['gc_tracked']}"
                )
                if result["errors"] or result["boot_errors"]:
                    print(f"{'':<23} errors: {result['errors']} at boot: {result['boot_errors']}")
            if "gateway" in by_target and "ocpp-ws" in by_target:
                ratio = by_target["gateway"]["msgs_per_s"] / by_target["ocpp-ws"]["msgs_per_s"]
                print(f"gateway / ocpp-ws: {ratio:.2f}x msgs/s (target: >= 1.5x)")
    if args.validation:
        await measure_validation()
    return results


# --- schema validation on and off the executor ---------------------------------------------


async def measure_validation() -> None:
    """The library's validate_payload, in the executor (ASYNC_VALIDATION, its default) and
    on the loop: time per message one at a time and in a batch at once (100; 10 of the
    largest), and the longest the loop stalls (a ticker's worst lateness) in the batch."""
    import ocpp.messages
    from ocpp.messages import Call, validate_payload

    sampled = [
        {"value": "1000", "measurand": "Energy.Active.Import.Register", "unit": "Wh"},
        {"value": "7360", "measurand": "Power.Active.Import", "unit": "W"},
        {"value": "32.0", "measurand": "Current.Import", "unit": "A", "phase": "L1"},
    ]
    # Just under the default json_max_frame_bytes (256 KiB): the worst a charger can send.
    big = [{"timestamp": "2024-05-01T10:00:00Z", "sampledValue": sampled * 10}] * 110
    payloads = {
        "Heartbeat": ("Heartbeat", {}),
        "MeterValues (3 values)": (
            "MeterValues",
            {
                "connectorId": 1,
                "meterValue": [{"timestamp": "2024-05-01T10:00:00Z", "sampledValue": sampled}],
            },
        ),
        f"MeterValues ({len(json.dumps(big)) // 1024} KiB)": (
            "MeterValues",
            {"connectorId": 1, "meterValue": big},
        ),
    }
    print()
    print("ocpp library schema validation (ocpp.messages.validate_payload)")
    print(
        f"{'payload':<26} {'executor':<9} {'1 at a time':>12} {'in a batch':>21} {'loop stall':>11}"
    )
    for name, (action, payload) in payloads.items():
        repeat = 20 if "KiB" in name else 2000
        for in_executor in (True, False):
            ocpp.messages.ASYNC_VALIDATION = in_executor
            call = Call("1", action, payload)
            await validate_payload(call, "1.6")  # load the schema
            started = time.perf_counter()
            for _ in range(repeat):
                await validate_payload(call, "1.6")
            one = (time.perf_counter() - started) / repeat
            stop = asyncio.Event()
            stall = asyncio.create_task(_worst_stall(stop))
            await asyncio.sleep(0.01)
            batch = 100 if "KiB" not in name else 10
            started = time.perf_counter()
            await asyncio.gather(*(validate_payload(call, "1.6") for _ in range(batch)))
            many = (time.perf_counter() - started) / batch
            stop.set()
            worst = await stall
            print(
                f"{name:<26} {'yes' if in_executor else 'no':<9} {one * 1e6:>10.0f}us "
                f"{many * 1e6:>10.0f}us each of {batch:<3} {worst * 1e3:>9.1f}ms"
            )


async def _worst_stall(stop: asyncio.Event) -> float:
    """The worst lateness of a 1 ms ticker on this loop until ``stop`` is set."""
    loop = asyncio.get_running_loop()
    worst = 0.0
    while not stop.is_set():
        before = loop.time()
        await asyncio.sleep(0.001)
        worst = max(worst, loop.time() - before - 0.001)
    return worst


# --- command line ------------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="role")
    serve = sub.add_parser("serve", help="(internal) run one target server")
    serve.add_argument("target", choices=ALL_TARGETS)
    serve.add_argument("--port", type=int, required=True)
    serve.add_argument("--db", type=Path, required=True)
    load = sub.add_parser("load", help="(internal) run the chargers")
    load.add_argument("--port", type=int, required=True)
    load.add_argument("-n", type=int, required=True)
    load.add_argument("--warmup", type=float, default=DEFAULT_WARMUP)
    load.add_argument("--duration", type=float, default=DEFAULT_DURATION)
    parser.add_argument(
        "-n", "--connections", type=int, nargs="+", default=list(DEFAULT_SIZES),
        help="concurrent chargers per run (default: 1000 5000)",
    )  # fmt: skip
    parser.add_argument("-d", "--duration", type=float, default=DEFAULT_DURATION)
    parser.add_argument("--warmup", type=float, default=DEFAULT_WARMUP)
    parser.add_argument(
        "--targets", default=",".join(DEFAULT_TARGETS), help=f"of {', '.join(ALL_TARGETS)}"
    )
    parser.add_argument("--validation", action="store_true", help="measure schema validation too")
    parser.add_argument(
        "--validation-only", action="store_true", help="measure schema validation, nothing else"
    )
    parser.add_argument("--json", help="write every result to this file")
    parser.add_argument(
        "--profile", metavar="DIR", help="run py-spy on the server for the timed part, into DIR"
    )
    parser.add_argument(
        "--profile-targets", default="gateway", help="targets to profile (comma-separated)"
    )
    parser.add_argument(
        "--profile-format", default="raw", choices=("raw", "flamegraph", "speedscope"),
        help="py-spy's output: raw (collapsed stacks, the default), flamegraph or speedscope",
    )  # fmt: skip
    args = parser.parse_args()
    if args.role == "serve":
        run_server(args.target, args.port, args.db)
        return 0
    if args.role == "load":
        asyncio.run(run_load(args.port, args.n, args.warmup, args.duration))
        return 0
    if args.profile is not None:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    results = asyncio.run(orchestrate(args))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
