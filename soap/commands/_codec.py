"""zeep clients built from the WSDLs the project generates: they write our requests and read
the answers. No I/O here; zeep's work is a few hundred microseconds of CPU per message,
done inline on the event loop (commands are rare, and a charger's messages small).

Payloads are plain dicts keyed by the element names of the service's own version (what
``bridge.versions`` produces); answers come back the same way, JSON-shaped: absent
elements left out, date-times as ISO 8601 strings in UTC, decimals as numbers.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from typing import Any

import zeep
import zeep.exceptions
from lxml import etree
from zeep.helpers import serialize_object
from zeep.loader import parse_xml
from zeep.wsdl.bindings.soap import Soap12Binding

from bridge.codec import format_timestamp
from wsdl import VERSIONS, get_service
from wsdl.namespaces import SOAP12_ENVELOPE
from wsdl.serve import build_wsdl
from wsdl.spec import OperationSpec, ServiceSpec

from . import _addressing
from ._errors import BadAnswer, BadRequest, SoapFault
from ._http import Answer

# Answers are read strictly and without DTDs or entities (a charger is not trusted).
# Not leniently: zeep's non-strict mode puts every element after an unexpected one into
# ``_raw_elements``, so a vendor element first in GetConfiguration.conf would silently read
# as an empty configuration. An answer that does not fit is an error showing what it was.
ZEEP_SETTINGS = zeep.Settings(strict=True, forbid_dtd=True, forbid_entities=True)


@dataclass(frozen=True, slots=True)
class Request:
    body: bytes
    headers: dict[str, str]
    message_id: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


@dataclass(frozen=True, slots=True)
class ServiceClient:
    """One OCPP SOAP service (a version's ChargePointService or CentralSystemService)."""

    spec: ServiceSpec
    zeep: zeep.Client

    @property
    def version(self) -> str:
        return self.spec.version

    def operation(self, name: str) -> OperationSpec:
        op = self.spec.operations.get(name)
        if op is None:
            raise BadRequest(f"{name} does not exist in OCPP {self.version}")
        return op

    def request(
        self,
        operation: str,
        payload: Mapping[str, Any],
        *,
        charge_box_id: str,
        to: str,
        from_address: str | None = None,
        reply_to: str | None = None,
    ) -> Request:
        """The SOAP 1.2 envelope for ``operation``, with the chargeBoxIdentity header and
        each WS-Addressing header exactly once."""
        op = self.operation(operation)
        try:
            envelope = self.zeep.create_message(
                self.zeep.service,
                operation,
                _soapheaders={self.spec.header_part: charge_box_id},
                **payload,
            )
        except (TypeError, ValueError, zeep.exceptions.Error) as exc:
            raise BadRequest(f"cannot write {operation} for OCPP {self.version}: {exc}") from exc
        message_id = _addressing.complete(
            envelope, to=to, from_address=from_address, reply_to=reply_to
        )
        _addressing.check_once(envelope, [self.spec.header_element])
        body = etree.tostring(envelope, xml_declaration=True, encoding="utf-8")
        content_type = f'application/soap+xml; charset=utf-8; action="{op.soap_action}"'
        return Request(body, {"Content-Type": content_type}, message_id)

    def read_answer(self, operation: str, answer: Answer) -> dict[str, Any]:
        """The operation's response as a dict, or the :class:`BadAnswer` it amounts to."""
        op = self.operation(operation)
        document = self._parse(answer)
        body = document.find(f"{{{SOAP12_ENVELOPE}}}Body")
        if body is None:
            raise BadAnswer(f"HTTP {answer.status}: a SOAP envelope without a Body")
        if body.find(f"{{{SOAP12_ENVELOPE}}}Fault") is not None:
            raise self._fault(document)
        if answer.status != 200:
            raise BadAnswer(f"HTTP {answer.status}: {answer.snippet()}")
        children = [child for child in body if isinstance(child.tag, str)]
        if len(children) != 1 or children[0].tag != op.response_element:
            found = ", ".join(str(etree.QName(c).localname) for c in children) or "nothing"
            raise BadAnswer(f"expected {etree.QName(op.response_element).localname}, got {found}")
        try:
            value = self.zeep.get_element(op.response_element).parse(
                children[0], self.zeep.wsdl.types
            )
        except (TypeError, ValueError, zeep.exceptions.Error) as exc:
            raise BadAnswer(f"invalid {etree.QName(op.response_element).localname}: {exc}") from exc
        if value is None:  # an empty response element (UpdateFirmware, StatusNotification...)
            return {}
        plain = _json_shape(serialize_object(value, dict))
        return plain if isinstance(plain, dict) else {}

    def _parse(self, answer: Answer) -> etree._Element:
        if not answer.body.strip():
            raise BadAnswer(f"HTTP {answer.status}: an empty answer")
        content: Any = answer.body  # zeep says str; lxml needs bytes to honour the encoding
        try:
            document: etree._Element = parse_xml(
                content, self.zeep.transport, settings=ZEEP_SETTINGS
            )
        except zeep.exceptions.Error as exc:
            raise BadAnswer(f"HTTP {answer.status}, not XML ({exc}): {answer.snippet()}") from exc
        if document.tag != f"{{{SOAP12_ENVELOPE}}}Envelope":
            raise BadAnswer(f"HTTP {answer.status}, not a SOAP 1.2 envelope: {answer.snippet()}")
        return document

    def _fault(self, document: etree._Element) -> SoapFault:
        binding = self.zeep.wsdl.bindings[f"{{{self.spec.namespace}}}{self.spec.binding}"]
        assert isinstance(binding, Soap12Binding)
        try:
            binding.process_error(document, None)
        except zeep.exceptions.Fault as fault:
            subcodes = tuple(str(etree.QName(s).localname) for s in fault.subcodes or ())
            return SoapFault(str(fault.code), str(fault.message), subcodes)
        except (AttributeError, ValueError, zeep.exceptions.Error) as exc:  # a malformed Fault
            return SoapFault("unreadable", f"a SOAP Fault zeep could not read: {exc}")
        return SoapFault("unknown", "a SOAP Fault")


def _json_shape(value: Any) -> Any:
    if isinstance(value, dict):  # zeep gives None for an absent element, [] for a list
        return {k: _json_shape(v) for k, v in value.items() if v is not None and v != []}
    if isinstance(value, list):
        return [_json_shape(v) for v in value]
    if isinstance(value, dt.datetime):
        return format_timestamp(value)
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


@cache
def service_client(version: str, kind: str) -> ServiceClient:
    """The client of one service, built once per process from our generated WSDL."""
    spec = get_service(version, kind)
    document = build_wsdl(version, kind, spec.default_address)
    return ServiceClient(spec, zeep.Client(wsdl=io.BytesIO(document), settings=ZEEP_SETTINGS))


def charge_point_clients() -> dict[str, ServiceClient]:
    """The ChargePointService client of every version (building them if need be)."""
    return {version: service_client(version, "cp") for version in VERSIONS}
