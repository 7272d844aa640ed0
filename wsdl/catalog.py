"""The six official OCPP SOAP WSDL files and the generated module for each."""

from typing import Literal, NamedTuple

Version = Literal["1.2", "1.5", "1.6"]
Kind = Literal["cs", "cp"]

VERSIONS: tuple[Version, ...] = ("1.2", "1.5", "1.6")
KINDS: tuple[Kind, ...] = ("cs", "cp")


class Source(NamedTuple):
    version: Version
    kind: Kind
    filename: str

    @property
    def module(self) -> str:
        """Name of the generated module inside ``wsdl._generated``, e.g. ``cs16``."""
        return f"{self.kind}{self.version.replace('.', '')}"


SOURCES: tuple[Source, ...] = (
    Source("1.2", "cs", "ocpp_centralsystemservice_1.2_final.wsdl"),
    Source("1.2", "cp", "ocpp_chargepointservice_1.2_final.wsdl"),
    Source("1.5", "cs", "ocpp_centralsystemservice_1.5_final.wsdl"),
    Source("1.5", "cp", "ocpp_chargepointservice_1.5_final.wsdl"),
    Source("1.6", "cs", "OCPP_CentralSystemService_1.6.wsdl"),
    Source("1.6", "cp", "OCPP_ChargePointService_1.6.wsdl"),
)


def source(version: str, kind: str) -> Source:
    for src in SOURCES:
        if src.version == version and src.kind == kind:
            return src
    raise KeyError(f"no OCPP WSDL for version={version!r} service={kind!r}")
