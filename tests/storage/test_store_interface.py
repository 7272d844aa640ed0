"""SqlStore is a bridge Store: same methods, same signatures."""

from __future__ import annotations

import inspect

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bridge.store import Store
from storage import SqlStore

STORE_METHODS = [
    name for name, member in vars(Store).items() if inspect.isfunction(member) and name[0] != "_"
]


def as_store(engine: AsyncEngine) -> Store:
    return SqlStore(engine)  # mypy checks the Protocol here


@pytest.mark.parametrize("name", STORE_METHODS)
def test_signature_matches_the_protocol(name: str) -> None:
    ours = inspect.signature(getattr(SqlStore, name))
    theirs = inspect.signature(getattr(Store, name))
    assert inspect.iscoroutinefunction(getattr(SqlStore, name)) == (
        inspect.iscoroutinefunction(getattr(Store, name))
    )
    assert [(p.name, p.kind, p.default) for p in ours.parameters.values()] == [
        (p.name, p.kind, p.default) for p in theirs.parameters.values()
    ]
    assert ours.return_annotation == theirs.return_annotation


def test_the_protocol_has_methods() -> None:
    assert len(STORE_METHODS) >= 20
