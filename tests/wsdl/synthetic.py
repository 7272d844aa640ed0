"""A small WSDL of our own, shaped like the OCPP files, for exercising the generator."""

NAMESPACE = "urn://Example/Synthetic/"

SCHEMA_ITEMS = """
      <s:simpleType name="Code">
        <s:restriction base="s:string">
          <s:minLength value="2"/>
          <s:maxLength value="8"/>
          <s:pattern value="[A-Z]+"/>
        </s:restriction>
      </s:simpleType>
      <s:simpleType name="Fixed">
        <s:restriction base="s:string"><s:length value="4"/></s:restriction>
      </s:simpleType>
      <s:simpleType name="Percent">
        <s:restriction base="s:int">
          <s:minInclusive value="0"/>
          <s:maxInclusive value="100"/>
        </s:restriction>
      </s:simpleType>
      <s:simpleType name="Amount">
        <s:restriction base="s:decimal">
          <s:totalDigits value="8"/>
          <s:fractionDigits value="2"/>
          <s:minExclusive value="0"/>
        </s:restriction>
      </s:simpleType>
      <s:simpleType name="Colour">
        <s:restriction base="s:string">
          <s:enumeration value="Red.Dark"/>
          <s:enumeration value="green"/>
        </s:restriction>
      </s:simpleType>
      <s:complexType name="Reading">
        <s:sequence>
          <s:element name="at" type="s:dateTime"/>
          <s:element name="sample" maxOccurs="5">
            <s:complexType>
              <s:simpleContent>
                <s:extension base="s:decimal">
                  <s:attribute name="colour" type="tns:Colour"/>
                  <s:attribute name="code" type="tns:Code" use="required"/>
                </s:extension>
              </s:simpleContent>
            </s:complexType>
          </s:element>
        </s:sequence>
      </s:complexType>
      <s:complexType name="DoRequest">
        <s:sequence>
          <s:element name="code" type="tns:Code" minOccurs="1" maxOccurs="1"/>
          <s:element name="fixed" type="tns:Fixed" minOccurs="0"/>
          <s:element name="percent" type="tns:Percent" nillable="true"/>
          <s:element name="amount" type="tns:Amount" minOccurs="0" maxOccurs="unbounded"/>
          <s:element name="readings" type="tns:Reading" minOccurs="0" maxOccurs="unbounded"/>
          <s:element name="flag" type="s:boolean"/>
          <s:element name="day" type="s:date"/>
          <s:element name="big" type="s:long"/>
          <s:element name="ratio" type="s:double"/>
          <s:element name="link" type="s:anyURI"/>
        </s:sequence>
      </s:complexType>
      <s:complexType name="DoResponse"/>
      <s:complexType name="PingRequest"/>
      <s:complexType name="PingResponse">
        <s:sequence><s:element name="colour" type="tns:Colour"/></s:sequence>
      </s:complexType>
      <s:element name="chargeBoxIdentity" type="s:string"/>
      <s:element name="doRequest" type="tns:DoRequest"/>
      <s:element name="doResponse" type="tns:DoResponse"/>
      <s:element name="pingRequest" type="tns:PingRequest"/>
      <s:element name="pingResponse" type="tns:PingResponse"/>
"""


def _operation(name: str) -> tuple[str, str, str]:
    element = name[0].lower() + name[1:]
    messages = f"""
  <wsdl:message name="{name}Input"><wsdl:part name="parameters" element="tns:{element}Request"/></wsdl:message>
  <wsdl:message name="{name}Output"><wsdl:part name="parameters" element="tns:{element}Response"/></wsdl:message>"""
    port_type = f"""
    <wsdl:operation name="{name}">
      <wsdl:input message="tns:{name}Input" wsaw:Action="/{name}"/>
      <wsdl:output message="tns:{name}Output" wsaw:Action="/{name}Response"/>
    </wsdl:operation>"""
    binding = f"""
    <wsdl:operation name="{name}">
      <soap12:operation soapAction="/{name}" style="document"/>
      <wsdl:input>
        <soap12:header message="tns:Header" part="ChargeBoxIdentity" use="literal"/>
        <soap12:body use="literal"/>
      </wsdl:input>
      <wsdl:output><soap12:body use="literal"/></wsdl:output>
    </wsdl:operation>"""
    return messages, port_type, binding


def synthetic_wsdl(
    schema_items: str = SCHEMA_ITEMS, operations: tuple[str, ...] = ("Do", "Ping")
) -> str:
    parts = [_operation(op) for op in operations]
    return f"""<?xml version="1.0" encoding="utf-8"?>
<wsdl:definitions xmlns:s="http://www.w3.org/2001/XMLSchema"
    xmlns:soap12="http://schemas.xmlsoap.org/wsdl/soap12/"
    xmlns:tns="{NAMESPACE}" targetNamespace="{NAMESPACE}"
    xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/"
    xmlns:wsaw="http://www.w3.org/2006/05/addressing/wsdl"
    xmlns:wsp="http://schemas.xmlsoap.org/ws/2004/09/policy"
    xmlns:wsu="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd">
  <wsp:Policy wsu:Id="ServicePolicy">
    <wsp:ExactlyOne><wsp:All><wsaw:UsingAddressing/></wsp:All></wsp:ExactlyOne>
  </wsp:Policy>
  <wsdl:types>
    <s:schema targetNamespace="{NAMESPACE}" elementFormDefault="qualified">{schema_items}
    </s:schema>
  </wsdl:types>
  <wsdl:message name="Header"><wsdl:part name="ChargeBoxIdentity" element="tns:chargeBoxIdentity"/></wsdl:message>{"".join(p[0] for p in parts)}
  <wsdl:portType name="ExampleService">{"".join(p[1] for p in parts)}
  </wsdl:portType>
  <wsdl:binding name="ExampleServiceSoap" type="tns:ExampleService">
    <wsp:PolicyReference URI="#ServicePolicy"/>
    <soap12:binding transport="http://schemas.xmlsoap.org/soap/http"/>{"".join(p[2] for p in parts)}
  </wsdl:binding>
  <wsdl:service name="ExampleService">
    <wsdl:port name="ExampleServiceSoap12" binding="tns:ExampleServiceSoap">
      <soap12:address location="http://localhost/Example/"/>
    </wsdl:port>
  </wsdl:service>
</wsdl:definitions>
"""
