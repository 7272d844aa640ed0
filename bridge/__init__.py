"""The bridge: one version-neutral OCPP command model and the central system's rules.

Pure and transport-blind: it imports no aiohttp, spyne, zeep or SQLAlchemy. Front doors
(``soap/``, ``json_ws/``) translate wire messages into the payload shapes it reads;
``storage/`` implements the :class:`Store` it owns.

Where to find an OCPP action, per layer of the bridge:

- its shape: ``messages.py`` (charger to central) or ``commands.py`` (central to charger);
- its 1.2/1.5 conversion: ``versions.py`` (``RULES[action]``);
- its decision: ``rules.py``; its orchestration: ``service.py`` (``CentralSystem._<action>``).
"""

from .codec import Decoded, decode, encode
from .commands import COMMAND_ACTIONS, Command
from .enums import (
    CommandStatus,
    Direction,
    OcppVersion,
    RegistrationStatus,
    Transport,
    UnknownChargerPolicy,
)
from .errors import (
    ChargerError,
    GatewayError,
    InternalError,
    NotRegisteredError,
    NotSupportedError,
    UnknownActionError,
    UnknownChargerError,
    ValidationError,
)
from .events import Event, EventSink, EventType
from .messages import CHARGER_ACTIONS, SECURITY_EXTENSION_ACTIONS, ChargerMessage
from .records import ChargerRecord, CommandRecord, Contact, IdTagRecord, MessageLogEntry
from .service import (
    CentralSystem,
    CentralSystemConfig,
    CommandService,
    Dispatcher,
    DispatchOutcome,
    utcnow,
)
from .store import Store

__all__ = [
    "CHARGER_ACTIONS",
    "COMMAND_ACTIONS",
    "SECURITY_EXTENSION_ACTIONS",
    "CentralSystem",
    "CentralSystemConfig",
    "ChargerError",
    "ChargerMessage",
    "ChargerRecord",
    "Command",
    "CommandRecord",
    "CommandService",
    "CommandStatus",
    "Contact",
    "Decoded",
    "Direction",
    "DispatchOutcome",
    "Dispatcher",
    "Event",
    "EventSink",
    "EventType",
    "GatewayError",
    "IdTagRecord",
    "InternalError",
    "MessageLogEntry",
    "NotRegisteredError",
    "NotSupportedError",
    "OcppVersion",
    "RegistrationStatus",
    "Store",
    "Transport",
    "UnknownActionError",
    "UnknownChargerError",
    "UnknownChargerPolicy",
    "ValidationError",
    "decode",
    "encode",
    "utcnow",
]
