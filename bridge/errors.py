"""The gateway's one error tree.

    GatewayError
    ├── ChargerError            the charger (or integrator) sent something wrong
    │   ├── ValidationError     a field is missing, mistyped or out of range (names the field)
    │   ├── NotRegisteredError  a message other than BootNotification from a charger not Accepted
    │   └── UnknownActionError  an action the gateway does not know
    ├── NotSupportedError       the charger's OCPP version lacks the action or a field's meaning
    └── InternalError           our own fault: storage down, a bug

Each front door converts these in one place: ``soap/`` into SOAP Faults, ``json_ws/``
into CALLERRORs, the REST API into HTTP statuses. ``ocpp_code`` is the OCPP-J error
code (section 4.2.3 of OCPP-J 1.6) the error becomes.
"""

from __future__ import annotations


class GatewayError(Exception):
    ocpp_code = "InternalError"
    http_status = 500

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


class ChargerError(GatewayError):
    """Caused by the sender, never by us; the connection stays up."""

    ocpp_code = "GenericError"
    http_status = 400


class ValidationError(ChargerError):
    """A field that is missing, of the wrong type, or out of its range."""

    ocpp_code = "TypeConstraintViolation"
    http_status = 422

    def __init__(self, field: str, reason: str, *, code: str | None = None) -> None:
        super().__init__(f"{field}: {reason}")
        self.field = field
        self.reason = reason
        if code is not None:
            self.ocpp_code = code

    @classmethod
    def missing(cls, field: str) -> ValidationError:
        return cls(field, "required field is missing", code="OccurenceConstraintViolation")

    @classmethod
    def out_of_range(cls, field: str, reason: str) -> ValidationError:
        return cls(field, reason, code="PropertyConstraintViolation")


class NotRegisteredError(ChargerError):
    """OCPP 1.6 4.2: until Accepted, a charger may only send BootNotification."""

    ocpp_code = "SecurityError"
    http_status = 403


class UnknownActionError(ChargerError):
    ocpp_code = "NotImplemented"
    http_status = 404


class NotSupportedError(GatewayError):
    """The action, or a field's meaning, does not exist in the charger's version."""

    ocpp_code = "NotSupported"
    http_status = 409


class InternalError(GatewayError):
    ocpp_code = "InternalError"
    http_status = 500


class UnknownChargerError(ChargerError):
    """A command or lookup for a charger the gateway has never registered."""

    ocpp_code = "GenericError"
    http_status = 404
