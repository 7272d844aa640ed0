"""Our served WSDL is equivalent to the official one, service by service."""

import io
import re
from pathlib import Path
from typing import Any

import pytest
import zeep
from lxml import etree

from wsdl import get_service
from wsdl.canonical import canonical_wsdl, differences
from wsdl.catalog import SOURCES, Source
from wsdl.serve import build_wsdl, build_wsdl_for, spyne_wsdl

IDS = [s.module for s in SOURCES]


def _ours(src: Source, address: str | None = None) -> bytes:
    spec = get_service(src.version, src.kind)
    return build_wsdl(src.version, src.kind, address or spec.default_address)


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_served_wsdl_is_equivalent_to_the_official_one(official_dir: Path, src: Source) -> None:
    official = canonical_wsdl((official_dir / src.filename).read_bytes())
    assert differences(official, canonical_wsdl(_ours(src))) == []


@pytest.mark.parametrize("src", SOURCES, ids=IDS)
def test_zeep_reads_the_same_operations(official_dir: Path, src: Source) -> None:
    def operations(client: zeep.Client) -> dict[str, tuple[Any, ...]]:
        return {
            name: (
                op.input.signature(),
                op.output.signature(as_output=True),
                op.soapaction,
                op.abstract.wsa_action,
            )
            for name, op in client.service._binding._operations.items()
        }

    official = zeep.Client(wsdl=str(official_dir / src.filename))
    ours = zeep.Client(wsdl=io.BytesIO(_ours(src)))
    assert type(ours.service._binding).__name__ == "Soap12Binding"
    assert operations(ours) == operations(official)
    assert list(get_service(src.version, src.kind).operations) == list(operations(official))


def test_address_is_the_only_thing_that_varies() -> None:
    src = SOURCES[-1]
    first = canonical_wsdl(_ours(src, "https://a.example/ocpp"))
    second = canonical_wsdl(_ours(src, "https://b.example/ocpp"))
    assert [d.split(":")[0] for d in differences(first, second)] == [
        "/services/ChargePointService/children/port[ChargePointServiceSoap12]"
        "/children/address[0]/attrs/location"
    ]


def test_build_is_deterministic() -> None:
    spec = get_service("1.5", "cs")
    assert build_wsdl_for(spec, "http://x/") == build_wsdl_for(spec, "http://x/")


def test_spyne_alone_would_not_do(official_dir: Path) -> None:
    """Why serve.py rewrites everything but the schema: spyne's raw WSDL is not equivalent."""
    spec = get_service("1.6", "cs")
    raw = canonical_wsdl(spyne_wsdl(spec, spec.default_address))
    found = differences(
        canonical_wsdl(official_dir.joinpath(SOURCES[4].filename).read_bytes()), raw
    )
    assert "/policies/ServicePolicy: only in first" in found
    assert "/bindings/CentralSystemServiceSoap: only in first" in found


# --- the comparison can fail ------------------------------------------------------------

MUTATIONS = {
    "enumeration": ('<s:enumeration value="Blocked"/>', '<s:enumeration value="Blocked2"/>'),
    "minOccurs": (
        '<s:element name="parentIdTag" type="tns:IdToken" minOccurs="0"',
        '<s:element name="parentIdTag" type="tns:IdToken" minOccurs="1"',
    ),
    "maxLength": ('<s:maxLength value="20"/>', '<s:maxLength value="21"/>'),
    "soapAction": ('soapAction="/Heartbeat"', 'soapAction="Heartbeat"'),
    "wsaAction": ('wsaw:Action="/HeartbeatResponse"', 'wsaw:Action="/Heartbeat"'),
    "attribute": ('<s:attribute name="unit"', '<s:attribute name="units"'),
    "header": ('part="ChargeBoxIdentity" use="literal"', 'part="chargeBoxIdentity" use="literal"'),
    "namespace": (
        'targetNamespace="urn://Ocpp/Cs/2012/06/"',
        'targetNamespace="urn://Ocpp/Cs/2012/07/"',
    ),
    "policy": ("<wsaw:UsingAddressing/>", ""),
}


@pytest.mark.parametrize("mutation", MUTATIONS, ids=list(MUTATIONS))
def test_a_mutated_document_is_detected(official_dir: Path, mutation: str) -> None:
    original = (official_dir / SOURCES[2].filename).read_text(encoding="utf-8")
    old, new = MUTATIONS[mutation]
    assert old in original
    mutated = original.replace(old, new, 1).encode()
    assert differences(canonical_wsdl(original.encode()), canonical_wsdl(mutated)) != []


def test_reordered_sequence_is_detected() -> None:
    ours = etree.fromstring(_ours(SOURCES[2]))
    sequence = ours.find(".//{*}complexType[@name='IdTagInfo']/{*}sequence")
    assert sequence is not None
    sequence.append(sequence[0])  # move the first element to the end
    assert differences(canonical_wsdl(_ours(SOURCES[2])), canonical_wsdl(ours)) != []


def test_formatting_and_prefixes_do_not_matter() -> None:
    text = _ours(SOURCES[0]).decode()
    renamed = re.sub(r'(?<=[<"/])s:', "xsd:", text).replace("xmlns:s=", "xmlns:xsd=")
    renamed = renamed.replace("  ", "\t")
    assert renamed.count("xsd:") > 100
    assert differences(canonical_wsdl(text.encode()), canonical_wsdl(renamed.encode())) == []
