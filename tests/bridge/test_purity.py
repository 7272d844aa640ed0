"""The bridge is pure: no I/O library behind it, and every object it hands out is frozen."""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import bridge.commands
import bridge.messages
import bridge.records
from bridge.model import Model

ROOT = Path(__file__).resolve().parents[2]
FORBIDDEN = ["aiohttp", "spyne", "zeep", "sqlalchemy", "lxml", "websockets", "ocpp"]

# Runs in a fresh interpreter (-E: no PYTHON* variables), so nothing this test session
# imported can hide a dependency: every top-level package loaded once bridge is imported.
PROBE = """
import json, sys
import bridge
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


@pytest.fixture(scope="module")
def loaded_by_bridge() -> set[str]:
    done = subprocess.run(
        [sys.executable, "-E", "-c", PROBE],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return set(json.loads(done.stdout))


def test_the_probe_sees_what_bridge_imports(loaded_by_bridge: set[str]) -> None:
    assert {"bridge", "decimal", "hashlib", "urllib"} <= loaded_by_bridge


@pytest.mark.parametrize("library", FORBIDDEN)
def test_importing_bridge_loads_no_io_library(loaded_by_bridge: set[str], library: str) -> None:
    assert library not in loaded_by_bridge


def _dataclasses_of(module: ModuleType) -> list[type]:
    return [
        cls
        for _, cls in inspect.getmembers(module, inspect.isclass)
        if dataclasses.is_dataclass(cls) and cls.__module__ == module.__name__
    ]


MODULES = [bridge.messages, bridge.commands, bridge.records]
CLASSES = [
    pytest.param(cls, id=f"{module.__name__}.{cls.__name__}")
    for module in MODULES
    for cls in _dataclasses_of(module)
]
OCPP_CLASSES = [
    pytest.param(cls, id=f"{module.__name__}.{cls.__name__}")
    for module in (bridge.messages, bridge.commands)
    for cls in _dataclasses_of(module)
]


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.__name__)
def test_each_module_has_dataclasses(module: ModuleType) -> None:
    assert len(_dataclasses_of(module)) >= 10


@pytest.mark.parametrize("cls", CLASSES)
def test_frozen_slotted_keyword_only(cls: type) -> None:
    params = cls.__dataclass_params__  # type: ignore[attr-defined]

    assert params.frozen
    assert "__slots__" in cls.__dict__
    assert cls.__dictoffset__ == 0  # no base brings a __dict__ back
    assert all(f.kw_only for f in dataclasses.fields(cls)), "every field keyword-only"


@pytest.mark.parametrize("cls", OCPP_CLASSES)
def test_ocpp_objects_validate_when_built(cls: type) -> None:
    assert issubclass(cls, Model)


def test_an_instance_cannot_be_changed_or_extended() -> None:
    heartbeat = bridge.messages.HeartbeatResult(current_time=dt.datetime.now(dt.UTC))

    with pytest.raises(dataclasses.FrozenInstanceError):
        heartbeat.current_time = dt.datetime.now(dt.UTC)  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        heartbeat.extra = 1  # type: ignore[attr-defined]
    with pytest.raises(TypeError):
        bridge.messages.Authorize("04A2B3C4D5E6F7")  # type: ignore[call-arg]
