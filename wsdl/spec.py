"""Plain descriptions of a SOAP service, filled in by the generated modules."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class OperationSpec:
    """One WSDL operation. Element names are in Clark notation: ``{namespace}name``."""

    name: str
    request_element: str
    response_element: str
    request_model: type[Any]
    response_model: type[Any]
    soap_action: str
    wsa_input_action: str
    wsa_output_action: str | None  # OCPP 1.2 declares no response Action


@dataclass(frozen=True)
class ServiceSpec:
    """One official OCPP SOAP service (a portType with its single SOAP 1.2 binding)."""

    version: str
    kind: str  # "cs" (CentralSystemService) or "cp" (ChargePointService)
    namespace: str
    service_name: str
    port_type: str
    binding: str
    port: str
    default_address: str
    policy_id: str
    header_message: str
    header_part: str
    header_element: str  # Clark notation; xs:string
    service_class: type[Any]  # the spyne ServiceBase subclass
    operations: dict[str, OperationSpec]
    anonymous_types: frozenset[str]  # spyne type names the official schema declares inline
    types: tuple[type[Any], ...]  # the models of all named schema types, in the official order
    source_file: str
    source_sha256: str
    _by_request: dict[str, OperationSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_request = {op.request_element: op for op in self.operations.values()}
        object.__setattr__(self, "_by_request", by_request)

    def operation_for_request(self, element: str) -> OperationSpec | None:
        """The operation whose request body element is ``element`` (Clark notation)."""
        return self._by_request.get(element)
