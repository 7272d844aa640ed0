"""Render a :class:`wsdl.reader.WsdlDoc` as the source of a spyne service module."""

from __future__ import annotations

from collections.abc import Iterable

from wsdl.catalog import Source
from wsdl.namespaces import XSD
from wsdl.pyrender import LINE_LENGTH, Call, Expr, Pair, Seq, render
from wsdl.reader import (
    ComplexTypeDef,
    OperationDef,
    SimpleTypeDef,
    TypeRef,
    UnsupportedWsdl,
    WsdlDoc,
)

# XSD built-in type -> spyne primitive
BUILTINS = {
    "string": "Unicode",
    "int": "Integer32",
    "long": "Integer64",
    "integer": "Integer",
    "decimal": "Decimal",
    "double": "Double",
    "boolean": "Boolean",
    "dateTime": "DateTime",
    "date": "Date",
    "time": "Time",
    "anyURI": "AnyUri",
}

# XSD facet -> spyne customisation keyword
FACET_KWARGS = {
    "minLength": "min_len",
    "maxLength": "max_len",
    "pattern": "pattern",
    "totalDigits": "total_digits",
    "fractionDigits": "fraction_digits",
    "minInclusive": "ge",
    "maxInclusive": "le",
    "minExclusive": "gt",
    "maxExclusive": "lt",
}
NUMERIC_BASES = {"int": "int", "long": "int", "integer": "int", "decimal": "D", "double": "float"}

TEXT_FIELD = "value"  # spyne member holding the character data of a simpleContent type
MODULE_NAMES = {"TNS", "OPERATIONS", "SERVICE", "D"}
FIELD_HELPERS = {"element", "attribute", "text", "bind_empty_request"}


def _string(value: str) -> str:
    """A Python string literal in ruff's preferred (double) quotes."""
    text = repr(value)
    if text.startswith("'") and '"' not in value:
        text = '"' + text[1:-1].replace("\\'", "'") + '"'
    return text


def _clark(namespace: str, name: str) -> str:
    return _string(f"{{{namespace}}}{name}")


class _Module:
    def __init__(self, doc: WsdlDoc, src: Source, sha256: str) -> None:
        self.doc = doc
        self.src = src
        self.sha256 = sha256
        self.imports: set[str] = {"ComplexModel", "MethodContext", "ServiceBase", "rpc"}
        self.simple = {t.name: t for t in doc.simple_types}
        self.complex = {t.name: t for t in doc.complex_types}
        self.elements = dict(doc.elements)
        self.service_class = doc.port_type
        self.header_class = doc.header_element[0].upper() + doc.header_element[1:]
        self.uses_decimal = False
        self.fields: set[str] = {"element"}
        self._check()

    def _check(self) -> None:
        names = [*self.simple, *self.complex, self.service_class, self.header_class]
        taken = set(BUILTINS.values()) | MODULE_NAMES | FIELD_HELPERS
        taken |= {"ComplexModel", "MethodContext", "ServiceBase", "rpc"}
        taken |= {"OperationSpec", "ServiceSpec"}
        clashes = sorted(n for n in names if n in taken or not n.isidentifier())
        if clashes or len(set(names)) != len(names):
            raise UnsupportedWsdl(f"type names clash with generated Python names: {clashes}")
        if self.doc.header_type != TypeRef(XSD, "string"):
            raise UnsupportedWsdl("the chargeBoxIdentity header must be an xs:string")
        used = {self.doc.header_element}
        for op in self.doc.operations:
            used |= {op.input_element, op.output_element}
            for element in (op.input_element, op.output_element):
                if self.elements[element].name not in self.complex:
                    raise UnsupportedWsdl(f"{op.name}: {element} is not of a complex type")
        if used != set(self.elements):
            raise UnsupportedWsdl("global elements other than messages and the header")

    def type_expr(self, ref: TypeRef) -> str:
        if ref.builtin:
            if ref.name not in BUILTINS:
                raise UnsupportedWsdl(f"XSD type {ref.name} is not supported")
            self.imports.add(BUILTINS[ref.name])
            return BUILTINS[ref.name]
        if ref.namespace != self.doc.namespace:
            raise UnsupportedWsdl(f"type {ref} is outside the target namespace")
        if ref.name not in self.simple and ref.name not in self.complex:
            raise UnsupportedWsdl(f"type {ref.name} is not declared")
        return ref.name

    def simple_type(self, st: SimpleTypeDef) -> list[str]:
        if not st.base.builtin:
            raise UnsupportedWsdl(f"{st.name}: only restrictions of XSD built-in types")
        base = self.type_expr(st.base)
        kwargs: list[tuple[str, Expr]] = [
            ("type_name", _string(st.name)),
            ("__namespace__", "TNS"),
        ]
        for facet, value in st.facets:
            kwargs.extend(self.facet(st, facet, value))
        if st.enumeration:
            kwargs.append(("values", Seq("[]", tuple(_string(v) for v in st.enumeration))))
        return render(Call(base, (), tuple(kwargs)), head=f"{st.name} = ")

    def facet(self, st: SimpleTypeDef, facet: str, value: str) -> list[tuple[str, Expr]]:
        if facet == "length":
            return [("min_len", str(int(value))), ("max_len", str(int(value)))]
        if facet == "pattern":
            return [("pattern", _string(value))]
        if facet in ("minInclusive", "maxInclusive", "minExclusive", "maxExclusive"):
            kind = NUMERIC_BASES.get(st.base.name)
            if kind is None:
                raise UnsupportedWsdl(f"{st.name}: range facets on {st.base.name}")
            if kind == "D":
                self.uses_decimal = True
                return [(FACET_KWARGS[facet], f"D({_string(value)})")]
            return [(FACET_KWARGS[facet], repr(int(value) if kind == "int" else float(value)))]
        return [(FACET_KWARGS[facet], str(int(value)))]

    def complex_type(self, ct: ComplexTypeDef) -> list[str]:
        members: list[Expr] = []
        if ct.text_base is not None:
            if any(a.name == TEXT_FIELD for a in ct.attributes):
                raise UnsupportedWsdl(f"{ct.name}: attribute named {TEXT_FIELD!r}")
            self.fields.add("text")
            members.append(
                Seq("()", (_string(TEXT_FIELD), Call("text", (self.type_expr(ct.text_base),))))
            )
        for el in ct.elements:
            kwargs: list[tuple[str, Expr]] = []
            if el.min_occurs != 1:
                kwargs.append(("min_occurs", str(el.min_occurs)))
            if el.max_occurs != 1:
                max_occurs = '"unbounded"' if el.max_occurs is None else str(el.max_occurs)
                kwargs.append(("max_occurs", max_occurs))
            if el.nillable:
                kwargs.append(("nillable", "True"))
            field = Call("element", (self.type_expr(el.type),), tuple(kwargs))
            members.append(Seq("()", (_string(el.name), field)))
        for at in ct.attributes:
            self.fields.add("attribute")
            kwargs = [("use", _string(at.use))] if at.use else []
            field = Call("attribute", (self.type_expr(at.type),), tuple(kwargs))
            members.append(Seq("()", (_string(at.name), field)))
        lines = [f"class {ct.name}(ComplexModel):"]
        if ct.anonymous:
            lines.append('    """Declared inline in the official schema; the name is ours."""')
            lines.append("")
        lines.append("    __namespace__ = TNS")
        lines.append(f"    __type_name__ = {_string(ct.name)}")
        if members:  # an empty type needs no _type_info at all
            lines.extend(render(Seq("[]", tuple(members)), 1, "_type_info = "))
        return lines

    def complex_order(self) -> list[ComplexTypeDef]:
        """Complex types in schema order, each after the complex types it refers to."""
        done: dict[str, ComplexTypeDef] = {}

        def visit(ct: ComplexTypeDef, path: tuple[str, ...]) -> None:
            if ct.name in done:
                return
            if ct.name in path:
                raise UnsupportedWsdl(f"recursive types: {' -> '.join((*path, ct.name))}")
            for el in ct.elements:
                if not el.type.builtin and el.type.name in self.complex:
                    visit(self.complex[el.type.name], (*path, ct.name))
            done[ct.name] = ct

        for ct in self.doc.complex_types:
            visit(ct, ())
        return list(done.values())

    def model(self, element: str) -> str:
        return self.type_expr(self.elements[element])

    def method(self, op: OperationDef) -> list[str]:
        ns = self.doc.namespace
        request, response = self.model(op.input_element), self.model(op.output_element)
        empty_request = not self._has_members(request)
        decorator = Call(
            "rpc",
            () if empty_request else (request,),
            (
                ("_returns", response),
                ("_body_style", '"bare"'),
                ("_in_message_name", _clark(ns, op.input_element)),
                ("_out_message_name", _clark(ns, op.output_element)),
                ("_in_header", Seq("()", (self.header_class,))),
            ),
        )
        params = (
            ["ctx: MethodContext"]
            if empty_request
            else ["ctx: MethodContext", f"request: {request}"]
        )
        signature = Call(f"def {op.name}", tuple(params))
        return [
            *render(decorator, 1, "@"),
            *render(signature, 1, "", f" -> {response}:"),
            "        raise NotImplementedError",
        ]

    def _has_members(self, name: str) -> bool:
        ct = self.complex.get(name)
        return ct is None or bool(ct.elements or ct.attributes or ct.text_base)

    def service(self) -> list[str]:
        lines = [
            f"class {self.service_class}(ServiceBase):",
            f"    __service_name__ = {_string(self.doc.service)}",
        ]
        for op in self.doc.operations:
            lines.append("")
            lines.extend(self.method(op))
        empty = [
            op for op in self.doc.operations if not self._has_members(self.model(op.input_element))
        ]
        if empty:
            lines += ["", ""]
            for op in empty:
                self.fields.add("bind_empty_request")
                call = Call(
                    "bind_empty_request",
                    (self.service_class, _string(op.name), self.model(op.input_element)),
                )
                lines.extend(render(call))
        return lines

    def operations(self) -> list[str]:
        ns = self.doc.namespace
        items: list[Expr] = []
        for op in self.doc.operations:
            if op.wsa_input_action is None:
                raise UnsupportedWsdl(f"{op.name}: no wsaw:Action on the input")
            spec = Call(
                "OperationSpec",
                (),
                (
                    ("name", _string(op.name)),
                    ("request_element", _clark(ns, op.input_element)),
                    ("response_element", _clark(ns, op.output_element)),
                    ("request_model", self.model(op.input_element)),
                    ("response_model", self.model(op.output_element)),
                    ("soap_action", _string(op.soap_action)),
                    ("wsa_input_action", _string(op.wsa_input_action)),
                    (
                        "wsa_output_action",
                        _string(op.wsa_output_action) if op.wsa_output_action else "None",
                    ),
                ),
            )
            items.append(Pair(_string(op.name), spec))
        return render(Seq("{}", tuple(items)), 0, "OPERATIONS: dict[str, OperationSpec] = ")

    def service_spec(self) -> list[str]:
        doc = self.doc
        anonymous = sorted(_string(ct.name) for ct in doc.complex_types if ct.anonymous)
        spec = Call(
            "ServiceSpec",
            (),
            (
                ("version", _string(self.src.version)),
                ("kind", _string(self.src.kind)),
                ("namespace", "TNS"),
                ("service_name", _string(doc.service)),
                ("port_type", _string(doc.port_type)),
                ("binding", _string(doc.binding)),
                ("port", _string(doc.port)),
                ("default_address", _string(doc.address)),
                ("policy_id", _string(doc.policy_id)),
                ("header_message", _string(doc.header_message)),
                ("header_part", _string(doc.header_part)),
                ("header_element", _clark(doc.namespace, doc.header_element)),
                ("service_class", self.service_class),
                ("operations", "OPERATIONS"),
                ("anonymous_types", f"frozenset({flat_set(anonymous)})"),
                ("types", Seq("()", tuple(doc.type_order))),
                ("source_file", _string(self.src.filename)),
                ("source_sha256", _string(self.sha256)),
            ),
        )
        return render(spec, 0, "SERVICE = ")

    def header(self) -> list[str]:
        return [
            f"class {self.header_class}(Unicode):",
            f'    """The ``{self.doc.header_element}`` SOAP header (xs:string) of every request."""',
            "",
            "    __namespace__ = TNS",
            f"    __type_name__ = {_string(self.doc.header_element)}",
        ]

    def body(self) -> list[list[str]]:
        """Top-level blocks; rendering them first collects the imports."""
        self.imports.add("Unicode")
        blocks = [[f"TNS = {_string(self.doc.namespace)}"]]
        simple: list[str] = []
        for st in self.doc.simple_types:
            simple.extend(self.simple_type(st))
        if simple:
            blocks.append(simple)
        for ct in self.complex_order():
            blocks.append(self.complex_type(ct))
        blocks.append(self.header())
        blocks.append(self.service())
        blocks.append(self.operations())
        blocks.append(self.service_spec())
        return blocks

    def source(self) -> str:
        blocks = self.body()
        spyne_names = sorted(self.imports, key=lambda n: (n[0].islower(), n))
        imports: list[str] = []
        if self.uses_decimal:
            imports += ["from decimal import Decimal as D", ""]
        imports += _import("spyne", spyne_names)
        imports += ["", *_import("wsdl.fields", sorted(self.fields))]
        imports += ["from wsdl.spec import OperationSpec, ServiceSpec"]
        # isort wants one blank line after the imports, ruff format two around classes
        out = [*self.docstring(), "", *imports, "", *blocks[0]]
        for block in blocks[1:]:
            out += ["", "", *block]
        return "\n".join(out) + "\n"

    def docstring(self) -> list[str]:
        title = "CentralSystemService" if self.src.kind == "cs" else "ChargePointService"
        return [
            # spyne has no type information: its classes and decorators are Any to mypy
            "# mypy: disallow-subclassing-any=False, disallow-untyped-decorators=False",
            f'"""Spyne definition of the OCPP {self.src.version} {title} (SOAP 1.2).',
            "",
            "GENERATED FILE, DO NOT EDIT. Regenerate with ``python -m wsdl.generate <wsdl dir>``.",
            f"Source: {self.src.filename}",
            f"sha256: {self.sha256}",
            '"""',
        ]


def _import(module: str, names: list[str]) -> list[str]:
    line = f"from {module} import {', '.join(names)}"
    if len(line) <= LINE_LENGTH:
        return [line]
    return [f"from {module} import (", *(f"    {n}," for n in names), ")"]


def flat_set(items: Iterable[str]) -> str:
    inner = ", ".join(items)
    return "{" + inner + "}" if inner else ""


def module_source(doc: WsdlDoc, src: Source, sha256: str) -> str:
    """The Python source of the generated module for one official WSDL file."""
    return _Module(doc, src, sha256).source()
