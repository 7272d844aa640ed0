"""Webhooks and their delivery log: integrators' URLs, and every event sent to one.

A delivery is ``pending`` until its URL answers 2xx (``delivered``) or its attempts run
out (``failed``); ``next_attempt_at`` says when a pending one is due, so the deliveries
left pending by a stop are resumed at the next start.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from .._dialect import rowcount
from .._models import Webhook, WebhookDelivery

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"
DELIVERY_STATUSES = (PENDING, DELIVERED, FAILED)

# Columns an update may change.
WEBHOOK_FIELDS = frozenset(
    {"url", "secret", "event_types", "charger_ids", "enabled", "description"}
)


@dataclass(frozen=True, slots=True, kw_only=True)
class WebhookRecord:
    id: int
    url: str
    secret: str
    event_types: tuple[str, ...]  # empty: every type
    charger_ids: tuple[str, ...]  # empty: every charger
    enabled: bool
    description: str | None
    created_at: dt.datetime

    def wants(self, event_type: str, charger_id: str) -> bool:
        return (
            self.enabled
            and (not self.event_types or event_type in self.event_types)
            and (not self.charger_ids or charger_id in self.charger_ids)
        )


@dataclass(frozen=True, slots=True, kw_only=True)
class NewDelivery:
    webhook_id: int
    event_id: str
    event_type: str
    payload: dict[str, Any]
    created_at: dt.datetime


@dataclass(frozen=True, slots=True, kw_only=True)
class DeliveryRecord:
    id: int
    webhook_id: int
    event_id: str
    event_type: str
    payload: dict[str, Any]
    status: str
    attempts: int
    last_status_code: int | None
    last_error: str | None
    created_at: dt.datetime
    next_attempt_at: dt.datetime | None
    finished_at: dt.datetime | None


@dataclass(frozen=True, slots=True, kw_only=True)
class DueDelivery:
    """A pending delivery with what sending it needs."""

    id: int
    webhook_id: int
    url: str
    secret: str
    event_id: str
    event_type: str
    payload: dict[str, Any]
    attempts: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Attempt:
    """The outcome of one attempt, as the delivery row records it."""

    delivery_id: int
    status: str
    status_code: int | None
    error: str | None
    next_attempt_at: dt.datetime | None  # pending: when to try again
    now: dt.datetime


def _webhook(row: Webhook) -> WebhookRecord:
    return WebhookRecord(
        id=row.id,
        url=row.url,
        secret=row.secret,
        event_types=tuple(row.event_types),
        charger_ids=tuple(row.charger_ids),
        enabled=row.enabled,
        description=row.description,
        created_at=row.created_at,
    )


def _delivery(row: WebhookDelivery) -> DeliveryRecord:
    return DeliveryRecord(
        id=row.id,
        webhook_id=row.webhook_id,
        event_id=row.event_id,
        event_type=row.event_type,
        payload=row.payload,
        status=row.status,
        attempts=row.attempts,
        last_status_code=row.last_status_code,
        last_error=row.last_error,
        created_at=row.created_at,
        next_attempt_at=row.next_attempt_at,
        finished_at=row.finished_at,
    )


# --- webhooks --------------------------------------------------------------------------------


async def create_webhook(
    session: AsyncSession,
    *,
    url: str,
    secret: str,
    event_types: Sequence[str],
    charger_ids: Sequence[str],
    enabled: bool,
    description: str | None,
    now: dt.datetime,
) -> WebhookRecord:
    row = Webhook(
        url=url,
        secret=secret,
        event_types=list(event_types),
        charger_ids=list(charger_ids),
        enabled=enabled,
        description=description,
        created_at=now,
    )
    session.add(row)
    await session.flush()
    return _webhook(row)


async def get_webhook(session: AsyncSession, webhook_id: int) -> WebhookRecord | None:
    row = await session.get(Webhook, webhook_id)
    return None if row is None else _webhook(row)


async def list_webhooks(
    session: AsyncSession, limit: int, after_id: int | None = None
) -> list[WebhookRecord]:
    """Oldest first; ``after_id`` continues a listing."""
    query = select(Webhook).order_by(Webhook.id).limit(limit)
    if after_id is not None:
        query = query.where(Webhook.id > after_id)
    return [_webhook(row) for row in await session.scalars(query)]


async def enabled_webhooks(session: AsyncSession) -> list[WebhookRecord]:
    rows = await session.scalars(select(Webhook).where(Webhook.enabled).order_by(Webhook.id))
    return [_webhook(row) for row in rows]


async def update_webhook(
    session: AsyncSession, webhook_id: int, changes: Mapping[str, Any]
) -> WebhookRecord | None:
    unknown = set(changes) - WEBHOOK_FIELDS
    if unknown:
        raise ValueError(f"not webhook fields: {sorted(unknown)}")
    row = await session.get(Webhook, webhook_id)
    if row is None:
        return None
    for name, value in changes.items():
        setattr(row, name, list(value) if name in ("event_types", "charger_ids") else value)
    await session.flush()
    return _webhook(row)


async def delete_webhook(session: AsyncSession, webhook_id: int) -> bool:
    """The webhook and its delivery log."""
    await session.execute(delete(WebhookDelivery).where(WebhookDelivery.webhook_id == webhook_id))
    result = await session.execute(delete(Webhook).where(Webhook.id == webhook_id))
    return rowcount(result) > 0


# --- deliveries ------------------------------------------------------------------------------


async def insert_deliveries(session: AsyncSession, deliveries: Sequence[NewDelivery]) -> int:
    """One INSERT for many rows, all pending and due at once. Rows of a webhook deleted
    meanwhile are left out."""
    if not deliveries:
        return 0
    wanted = {d.webhook_id for d in deliveries}
    existing = set(await session.scalars(select(Webhook.id).where(Webhook.id.in_(wanted))))
    rows = [
        {
            "webhook_id": d.webhook_id,
            "event_id": d.event_id,
            "event_type": d.event_type,
            "payload": d.payload,
            "status": PENDING,
            "attempts": 0,
            "created_at": d.created_at,
            "next_attempt_at": d.created_at,
        }
        for d in deliveries
        if d.webhook_id in existing
    ]
    if rows:
        await session.execute(insert(WebhookDelivery), rows)
    return len(rows)


async def due_deliveries(
    session: AsyncSession, now: dt.datetime, limit: int, exclude: Collection[int] = ()
) -> list[DueDelivery]:
    """Pending deliveries of enabled webhooks whose time has come, oldest due first,
    leaving out ``exclude`` (those being sent)."""
    query = (
        select(WebhookDelivery, Webhook.url, Webhook.secret)
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(
            WebhookDelivery.status == PENDING,
            WebhookDelivery.next_attempt_at <= now,
            Webhook.enabled,
        )
        .order_by(WebhookDelivery.next_attempt_at, WebhookDelivery.id)
        .limit(limit)
    )
    if exclude:
        query = query.where(WebhookDelivery.id.not_in(list(exclude)))
    result = await session.execute(query)
    return [
        DueDelivery(
            id=row.id,
            webhook_id=row.webhook_id,
            url=url,
            secret=secret,
            event_id=row.event_id,
            event_type=row.event_type,
            payload=row.payload,
            attempts=row.attempts,
        )
        for row, url, secret in result
    ]


async def next_due_at(session: AsyncSession, exclude: Collection[int] = ()) -> dt.datetime | None:
    """When the next pending delivery of an enabled webhook is due, leaving out
    ``exclude`` (those being sent)."""
    query = (
        select(func.min(WebhookDelivery.next_attempt_at))
        .join(Webhook, Webhook.id == WebhookDelivery.webhook_id)
        .where(WebhookDelivery.status == PENDING, Webhook.enabled)
    )
    if exclude:
        query = query.where(WebhookDelivery.id.not_in(list(exclude)))
    return await session.scalar(query)


async def record_attempt(session: AsyncSession, attempt: Attempt) -> bool:
    """Count one attempt and its outcome; False when the delivery is gone."""
    final = attempt.status != PENDING
    result = await session.execute(
        update(WebhookDelivery)
        .where(WebhookDelivery.id == attempt.delivery_id)
        .values(
            status=attempt.status,
            attempts=WebhookDelivery.attempts + 1,
            last_status_code=attempt.status_code,
            last_error=attempt.error,
            next_attempt_at=None if final else attempt.next_attempt_at,
            finished_at=attempt.now if final else None,
        )
    )
    return rowcount(result) > 0


async def list_deliveries(
    session: AsyncSession,
    webhook_id: int,
    limit: int,
    before_id: int | None = None,
    status: str | None = None,
) -> list[DeliveryRecord]:
    """Newest first; ``before_id`` continues a listing."""
    query = (
        select(WebhookDelivery)
        .where(WebhookDelivery.webhook_id == webhook_id)
        .order_by(WebhookDelivery.id.desc())
        .limit(limit)
    )
    if before_id is not None:
        query = query.where(WebhookDelivery.id < before_id)
    if status is not None:
        query = query.where(WebhookDelivery.status == status)
    return [_delivery(row) for row in await session.scalars(query)]


async def get_delivery(session: AsyncSession, delivery_id: int) -> DeliveryRecord | None:
    row = await session.get(WebhookDelivery, delivery_id)
    return None if row is None else _delivery(row)
