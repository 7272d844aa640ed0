"""spyne service definitions generated from the official OCPP SOAP WSDL files.

``get_service(version, kind)`` returns the :class:`wsdl.spec.ServiceSpec` of one service;
``wsdl.serve.build_wsdl`` renders the WSDL document our server publishes for it.
"""

from __future__ import annotations

from importlib import import_module

from wsdl.catalog import KINDS, VERSIONS, source
from wsdl.spec import OperationSpec, ServiceSpec

__all__ = ["KINDS", "VERSIONS", "OperationSpec", "ServiceSpec", "get_service"]


def get_service(version: str, kind: str) -> ServiceSpec:
    """The generated service for OCPP ``version`` ("1.2", "1.5", "1.6") and ``kind``
    ("cs": CentralSystemService, "cp": ChargePointService)."""
    module = import_module(f"wsdl._generated.{source(version, kind).module}")
    spec: ServiceSpec = module.SERVICE
    return spec
