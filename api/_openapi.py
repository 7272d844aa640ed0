"""The OpenAPI 3.1 document, built from the operations the router serves, and the JSON
Schema checks of request bodies against the same document's components."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from jsonschema.exceptions import ValidationError as SchemaError

from ._errors import ApiError, FieldError
from ._routes import Operation, Routes

API_VERSION = "1.0.0"
ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["error", "detail"],
    "properties": {
        "error": {"type": "string", "description": "a stable code: not_found, validation_error…"},
        "detail": {"type": "string", "description": "what went wrong, for a person"},
        "errors": {
            "type": "array",
            "description": "one entry per invalid field",
            "items": {
                "type": "object",
                "required": ["field", "reason"],
                "properties": {"field": {"type": "string"}, "reason": {"type": "string"}},
            },
        },
    },
}
_ERRORS = {
    400: "The body is not JSON",
    401: "No valid bearer token",
    403: "The token lacks the scope",
    404: "Not found",
    409: "Conflicts with what exists, or the charger's OCPP version lacks the action",
    413: "The body is too large",
    415: "Not a JSON body",
    422: "Invalid fields (one entry per field)",
    503: "The OAuth issuer's keys cannot be fetched (OAuth mode only)",
}


class Api:
    """Every operation of the API, and the schemas they use."""

    def __init__(self, routes: Iterable[Routes], *, title: str, description: str) -> None:
        self.routes = list(routes)
        self.title = title
        self.description = description
        self.schemas: dict[str, Mapping[str, Any]] = {"Error": ERROR_SCHEMA}
        for r in self.routes:
            clash = set(r.schemas) & set(self.schemas)
            if clash:
                raise ValueError(f"schemas defined twice: {sorted(clash)}")
            self.schemas.update(r.schemas)

    @property
    def operations(self) -> list[Operation]:
        return [op for r in self.routes for op in r.operations]

    @functools.cached_property
    def document(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        for op in self.operations:
            paths.setdefault(op.path, {})[op.method.lower()] = _operation(op)
        return {
            "openapi": "3.1.0",
            "info": {"title": self.title, "version": API_VERSION, "description": self.description},
            "servers": [{"url": "/api/v1"}],
            "tags": [{"name": r.tag} for r in self.routes],
            "paths": paths,
            "webhooks": {
                name: dict(item) for r in self.routes for name, item in r.webhooks.items()
            },
            "components": {
                "schemas": {name: dict(schema) for name, schema in self.schemas.items()},
                "securitySchemes": {
                    "ticket": {
                        "type": "apiKey",
                        "in": "query",
                        "name": "ticket",
                        "description": "A one-use ticket from POST /events/tickets, valid "
                        "for 60 s: for a browser's EventSource, which cannot send headers.",
                    },
                    "bearer": {
                        "type": "http",
                        "scheme": "bearer",
                        "description": "An API token (`ocpp-gateway token create`) or, in "
                        "OAuth resource-server mode, a JWT from the configured issuer. "
                        "Scopes: read < operate < admin.",
                    },
                },
                "responses": {
                    str(status): {
                        "description": text,
                        "content": {"application/json": {"schema": _ref("Error")}},
                    }
                    for status, text in _ERRORS.items()
                },
            },
        }

    def validator(self, schema: str) -> Draft202012Validator:
        return _validator(self, schema)

    def check(self, schema: str, data: Any, prefix: str = "") -> None:
        """Raise a 422 naming every invalid field of ``data``."""
        errors = sorted(
            self.validator(schema).iter_errors(data), key=lambda e: list(map(str, e.path))
        )
        if not errors:
            return
        found = [FieldError(_path(e.absolute_path, prefix) or "body", _reason(e)) for e in errors]
        first = found[0]
        raise ApiError(422, f"{first.field}: {first.reason}", errors=found)


@functools.lru_cache(maxsize=256)
def _validator(api: Api, schema: str) -> Draft202012Validator:
    root = {
        "$ref": f"#/components/schemas/{schema}",
        "components": {"schemas": api.document["components"]["schemas"]},
    }
    return Draft202012Validator(root, format_checker=FormatChecker())


def _path(path: Sequence[Any], prefix: str) -> str:
    text = prefix
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _reason(error: SchemaError) -> str:
    if error.validator == "required" or error.validator == "additionalProperties":
        return str(error.message)
    return str(error.message)


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _operation(op: Operation) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "operationId": op.operation_id,
        "summary": op.summary,
        "tags": [op.tag],
    }
    if op.description:
        spec["description"] = op.description
    if op.params:
        spec["parameters"] = [p.spec() for p in op.params]
    if op.body is not None:
        spec["requestBody"] = {
            "required": True,
            "content": {media: {"schema": _ref(op.body)} for media in op.body_media_types},
        }
    responses: dict[str, Any] = {}
    for status, response in sorted(op.responses.items()):
        entry: dict[str, Any] = {"description": response.description}
        if response.schema is not None:
            entry["content"] = {response.media_type: {"schema": _ref(response.schema)}}
        elif response.media_type != "application/json":
            entry["content"] = {response.media_type: {"schema": {"type": "string"}}}
        if response.headers:
            entry["headers"] = {
                name: {"description": text, "schema": {"type": "string"}}
                for name, text in response.headers.items()
            }
        responses[str(status)] = entry
    errors = {422} if op.params or op.body else set()
    if op.body is not None:
        errors |= {400, 413, 415}
    if any(p.where == "path" for p in op.params):
        errors.add(404)
    if op.scope is not None:
        errors |= {401, 403, 503}
        spec["security"] = [{"bearer": []}, {"ticket": []}] if op.allow_ticket else [{"bearer": []}]
        spec["x-scope"] = op.scope
    else:
        spec["security"] = []
    for status in sorted(errors):
        responses.setdefault(str(status), {"$ref": f"#/components/responses/{status}"})
    spec["responses"] = responses
    return spec
