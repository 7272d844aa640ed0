"""XML namespaces that appear in the OCPP SOAP WSDL files."""

XSD = "http://www.w3.org/2001/XMLSchema"
WSDL = "http://schemas.xmlsoap.org/wsdl/"
SOAP12_BINDING = "http://schemas.xmlsoap.org/wsdl/soap12/"
SOAP_HTTP_TRANSPORT = "http://schemas.xmlsoap.org/soap/http"
SOAP12_ENVELOPE = "http://www.w3.org/2003/05/soap-envelope"
WSAW = "http://www.w3.org/2006/05/addressing/wsdl"
WSA = "http://www.w3.org/2005/08/addressing"
WSP = "http://schemas.xmlsoap.org/ws/2004/09/policy"
WSU = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"


def clark(namespace: str, name: str) -> str:
    """``{namespace}name``, the notation lxml uses for qualified names."""
    return f"{{{namespace}}}{name}"
