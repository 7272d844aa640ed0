"""OCPP-J 1.6 section 4 framing: one text frame into the ``ocpp`` library's ``Call``,
``CallResult`` or ``CallError``, or a :class:`BadFrame` naming the CALLERROR that
answers it. The library's own ``unpack`` only logs a frame it cannot read; a charger
must be told, and the connection stays open.

=====================================================  ==========================
frame                                                  answer
=====================================================  ==========================
not JSON, or JSON but not an array                     ``FormationViolation``
message type id other than 2, 3 or 4                   ``ProtocolError``
too few elements; message id or action not a string    ``ProtocolError``
CALL payload that is not an object                     ``FormationViolation``
=====================================================  ==========================

Pretty-printed frames and whitespace between tokens are plain JSON. Any string is a
message id (OCPP-J says at most 36 characters; chargers send longer ones). Lenient mode
also echoes a number sent as a message id, and ignores elements after the last one.
"""

from __future__ import annotations

import json
from typing import Any

from ocpp.messages import Call, CallError, CallResult

from ._errors import CallErrorReply

# OCPP-J 2.0.1 section 4.2.3: the message id of a CALLERROR answering a frame whose id
# cannot be read. 1.6 says nothing, and chargers handle "-1" best.
UNREADABLE_MESSAGE_ID = "-1"

_LENGTHS = {Call.message_type_id: 4, CallResult.message_type_id: 3, CallError.message_type_id: 5}


class BadFrame(Exception):
    """A frame to answer with ``error`` under ``unique_id``; ``answer`` is False for
    a broken CALLRESULT or CALLERROR, which OCPP-J never answers."""

    def __init__(self, unique_id: Any, error: CallErrorReply, *, answer: bool = True) -> None:
        super().__init__(f"{error.code}: {error.description}")
        self.unique_id = unique_id
        self.error = error
        self.answer = answer


def parse_frame(text: str, *, lenient: bool) -> Call | CallResult | CallError:
    try:
        frame = json.loads(text)
    except (ValueError, RecursionError):  # JSONDecodeError is a ValueError
        raise BadFrame(
            UNREADABLE_MESSAGE_ID, CallErrorReply("FormationViolation", "frame is not JSON")
        ) from None
    if not isinstance(frame, list) or not frame:
        raise BadFrame(
            UNREADABLE_MESSAGE_ID,
            CallErrorReply("FormationViolation", "frame is not a JSON array"),
        )
    unique_id = _message_id(frame, lenient)
    type_id = frame[0]
    length = _LENGTHS.get(type_id) if type(type_id) is int else None
    if length is None:
        raise BadFrame(
            unique_id if unique_id is not None else UNREADABLE_MESSAGE_ID,
            CallErrorReply("ProtocolError", f"message type {type_id!r} is not 2, 3 or 4"),
        )
    answer = type_id == Call.message_type_id
    if unique_id is None:
        raise BadFrame(
            UNREADABLE_MESSAGE_ID,
            CallErrorReply("ProtocolError", "message id is missing or not a string"),
            answer=answer,
        )
    if type_id == CallError.message_type_id and len(frame) == 4 and lenient:
        frame = [*frame, {}]  # errorDetails left out: nothing to misread
    if len(frame) < length or (len(frame) > length and not lenient):
        raise BadFrame(
            unique_id,
            CallErrorReply("ProtocolError", f"a message of type {type_id} has {length} elements"),
            answer=answer,
        )
    if type_id == Call.message_type_id:
        return _call(unique_id, frame)
    if type_id == CallResult.message_type_id:
        return CallResult(unique_id, frame[2])
    return CallError(unique_id, frame[2], frame[3], frame[4])


def _message_id(frame: list[Any], lenient: bool) -> Any:
    if len(frame) < 2:
        return None
    unique_id = frame[1]
    if isinstance(unique_id, str):
        return unique_id
    if lenient and type(unique_id) is int:
        return unique_id  # echoed as sent: the charger matches the answer by it
    return None


def _call(unique_id: Any, frame: list[Any]) -> Call:
    action, payload = frame[2], frame[3]
    if not isinstance(action, str):
        raise BadFrame(unique_id, CallErrorReply("ProtocolError", "action is not a string"))
    if not isinstance(payload, dict):
        raise BadFrame(
            unique_id, CallErrorReply("FormationViolation", f"{action} payload is not an object")
        )
    return Call(unique_id, action, payload)
