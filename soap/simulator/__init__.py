"""A SOAP charge point simulator (OCPP 1.2, 1.5 and 1.6), for the tests and load tools.

``SoapChargePoint`` hosts the version's spyne ChargePointService on a loopback port,
answers every command like a charger would (and changes its state), and calls its
Central System through a zeep client of our generated CentralSystemService WSDL, with
wsa:From set to its own address.

Modules: ``_charge_point`` (the server and the public face), ``_behaviour`` (each
operation's answer and follow-ups), ``_state`` (what the charger remembers),
``_central`` (calls to the Central System), ``_spyne`` (spyne parse/serialise),
``_schema`` (checks against the official schema and the SOAP headers).
"""

from __future__ import annotations

from ._central import CentralCall
from ._charge_point import Received, SoapChargePoint
from ._schema import official_schema
from ._state import ChargerState, Connector

__all__ = [
    "CentralCall",
    "ChargerState",
    "Connector",
    "Received",
    "SoapChargePoint",
    "official_schema",
]
