"""The event loop never waits for the log's reader (gateway/logs.py): the real process,
its output a pipe that nobody reads for a while."""

from __future__ import annotations

import http.client
import subprocess
import threading
from pathlib import Path

from tests.live import live_gateway
from wsdl.namespaces import SOAP12_ENVELOPE

# Each is refused with a Fault that the gateway logs at INFO (~150 bytes a line): far
# more than the 64 KiB a pipe holds, far fewer than the records the queue holds.
REQUESTS = 2_000
HEARTBEAT = (
    f'<s:Envelope xmlns:s="{SOAP12_ENVELOPE}" xmlns:o="urn://Ocpp/Cs/2015/10/"><s:Header>'
    "<o:chargeBoxIdentity>NOBODY</o:chargeBoxIdentity></s:Header><s:Body>"
    "<o:heartbeatRequest/></s:Body></s:Envelope>"
).encode()


def test_a_log_reader_that_stops_reading_does_not_stop_the_gateway(tmp_path: Path) -> None:
    with live_gateway(tmp_path, output=subprocess.PIPE) as gateway:
        connection = http.client.HTTPConnection("127.0.0.1", gateway.port, timeout=10)
        statuses = set()
        for _ in range(REQUESTS):  # a blocking write to stderr would hang this at ~450
            connection.request("POST", "/ocpp/soap/1.6", HEARTBEAT)
            response = connection.getresponse()
            response.read()
            statuses.add(response.status)
        connection.close()
        assert statuses == {400}  # SecurityError: an unknown charger

        out = gateway.process.stdout
        assert out is not None
        read: list[bytes] = []
        reader = threading.Thread(target=lambda: read.append(out.read()), daemon=True)
        reader.start()  # the reader comes back; SIGTERM follows, and the queue is written
    reader.join(timeout=30)
    out.close()
    text = b"".join(read).decode()
    assert text.count("SOAP fault to NOBODY (Heartbeat): Sender") == REQUESTS
    assert "log records dropped" not in text  # nothing lost: the queue held them all
    assert "Traceback" not in text
